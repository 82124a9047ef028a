from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    SUPPLIES_SERVICES = "supplies_services", _("Supplies and services")
    WORKS = "works", _("Works")


class RouteCode(models.TextChoices):
    """Stable route codes of the procurement check (docs/procurement.md)."""

    DIRECT_AWARD = "direct_award", _("Direct award")
    NEGOTIATED = "negotiated", _("Negotiated award without competition")
    NEGOTIATED_WITH_COMPETITION = (
        "negotiated_with_competition",
        _("Negotiated award with competition"),
    )
    RESTRICTED = "restricted", _("Restricted tender without competition")
    NEGOTIATED_WORKS = "negotiated_works", _("Negotiated award (works)")
    RESTRICTED_WORKS = "restricted_works", _("Restricted tender (works, per lot)")


class ThresholdQuerySet(models.QuerySet):
    def in_force_on(self, day):
        """Rows in force on `day` (valid_from ≤ day ≤ valid_to, open end allowed)."""
        return self.filter(status=Threshold.Status.IN_FORCE, valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def planned(self):
        return self.filter(status=Threshold.Status.PLANNED)

    def eu(self):
        return self.filter(kind=Threshold.Kind.EU)

    def routes(self):
        return self.filter(kind=Threshold.Kind.ROUTE)


class Threshold(models.Model):
    """One dated row of the procurement threshold table (net values, maintained by the office)."""

    class Kind(models.TextChoices):
        EU = "eu", _("EU threshold")
        ROUTE = "route", _("National award route limit")

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("in force")
        PLANNED = "planned", _("planned")

    class AppliesTo(models.TextChoices):
        ALL = "", _("all contracting authorities")
        SUB_CENTRAL = "sub_central", _("sub-central contracting authorities")
        CENTRAL = "central", _("central government authorities")
        SOCIAL_SERVICES = "social_services", _("social and other specific services")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    route = models.CharField(_("route code"), max_length=40, choices=RouteCode.choices, blank=True)
    applies_to = models.CharField(
        _("applies to"), max_length=20, choices=AppliesTo.choices, blank=True
    )
    label = models.CharField(_("award route"), max_length=200)
    value = models.DecimalField(_("value (net, €)"), max_digits=14, decimal_places=2)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.TextField(_("legal source"), max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    objects = ThresholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("procurement threshold")
        verbose_name_plural = _("procurement thresholds")
        ordering = ["kind", "scope", "status", "value", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="in_force") | Q(valid_from__isnull=False),
                name="threshold_in_force_has_valid_from",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="threshold_valid_to_after_from",
            ),
            models.CheckConstraint(
                condition=(Q(kind="route") & ~Q(route="")) | (Q(kind="eu") & Q(route="")),
                name="threshold_route_code_only_for_routes",
            ),
            models.CheckConstraint(condition=Q(value__gt=0), name="threshold_value_positive"),
        ]

    def __str__(self):
        return f"{self.label} ({self.value} €)"


class Stage(models.TextChoices):
    INITIATION = "initiation", _("Initiation")
    RND = "rnd", _("R&D and test phase")
    EVALUATION = "evaluation", _("Evaluation")
    PERFORMANCE = "performance", _("Performance phase (regular operation)")
    TERMINATED = "terminated", _("Terminated")


class Side(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    PROVIDER = "provider", _("Provider")


# The state machine: (from, to) → the side entitled to make the transition.
TRANSITIONS = {
    (Stage.INITIATION, Stage.RND): Side.MUNICIPALITY,
    (Stage.RND, Stage.EVALUATION): Side.MUNICIPALITY,
    (Stage.EVALUATION, Stage.PERFORMANCE): Side.MUNICIPALITY,
    **{
        (stage, Stage.TERMINATED): None  # either partner may end it (termination rights)
        for stage in (Stage.INITIATION, Stage.RND, Stage.EVALUATION, Stage.PERFORMANCE)
    },
}


class PartnershipQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Members of the municipality or of the provider organisation once it has accepted
        the invitation, and the office."""
        from accounts.access import is_office, organisations_of

        if not user.is_authenticated:
            return self.none()
        if is_office(user):
            return self
        org_ids = [o.pk for o in organisations_of(user)]
        return self.filter(
            Q(municipality_id__in=org_ids)
            | Q(provider_id__in=org_ids, provider_accepted_at__isnull=False)
        )

    def invitations_for(self, user):
        """Open invitations to the user's provider organisations: before accepting, the
        provider sees only title and town, and may accept or decline."""
        from accounts.access import organisations_of

        if not user.is_authenticated:
            return self.none()
        return self.filter(
            provider_id__in=[o.pk for o in organisations_of(user)],
            provider_accepted_at__isnull=True,
            stage=Stage.INITIATION,
        )

    def with_totals(self):
        return self.select_related("municipality", "provider").prefetch_related(
            "budget_lines", "milestones"
        )


class Partnership(models.Model):
    """A municipality and a provider develop a solution together, stage by stage."""

    title = models.CharField(_("title"), max_length=200)
    municipality = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="partnerships_as_municipality",
        limit_choices_to={"kind": "municipality"},
    )
    provider = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="partnerships_as_provider",
        limit_choices_to={"kind": "provider"},
        null=True,
        blank=True,
    )
    need = models.ForeignKey(
        "matching.Need",
        verbose_name=_("originating need"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partnerships",
    )
    solution = models.ForeignKey(
        "catalog.Solution",
        verbose_name=_("solution"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partnerships",
    )
    provider_accepted_at = models.DateTimeField(_("invitation accepted"), null=True, blank=True)
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.INITIATION
    )
    # Initiation (Anbahnung)
    problem = models.TextField(_("problem"), max_length=10000, blank=True)
    goals = models.TextField(_("goals"), max_length=10000, blank=True)
    test_area = models.TextField(_("test area"), max_length=5000, blank=True)
    infrastructure = models.TextField(
        _("infrastructure the town provides"), max_length=5000, blank=True
    )
    # Test framework (R&D phase)
    test_duration = models.CharField(_("test duration"), max_length=200, blank=True)
    data_protection = models.TextField(
        _("data use and data protection"), max_length=10000, blank=True
    )
    ip_licence = models.TextField(_("IP and licence arrangement"), max_length=10000, blank=True)
    termination_rights = models.TextField(_("termination rights"), max_length=5000, blank=True)
    # Budget and procurement check
    scope = models.CharField(
        _("procurement scope"),
        max_length=20,
        choices=Scope.choices,
        default=Scope.SUPPLIES_SERVICES,
    )
    procedure_start = models.DateField(_("start of the procedure"), null=True, blank=True)
    bonus_amount = models.DecimalField(
        _("bonus (amount, net €)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    bonus_percent = models.DecimalField(
        _("bonus (percent of investment costs)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    estimated_total_value = models.DecimalField(
        _("estimated total value (all phases and later purchases, net €)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    # Evaluation and performance
    evaluation_decision = models.TextField(_("evaluation decision"), max_length=10000, blank=True)
    procurement_route = models.CharField(
        _("procurement route"), max_length=40, choices=RouteCode.choices, blank=True
    )
    special_conditions = models.TextField(
        _("special conditions for the test town"), max_length=5000, blank=True
    )
    marketing_consent = models.BooleanField(_("reference and marketing consent"), default=False)
    reference_added_at = models.DateTimeField(_("reference added"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for termination"), max_length=2000, blank=True)
    # Stage dates, for the timeline and durations
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    rnd_started_on = models.DateField(_("R&D phase started"), null=True, blank=True)
    evaluation_started_on = models.DateField(_("evaluation started"), null=True, blank=True)
    performance_started_on = models.DateField(_("performance phase started"), null=True, blank=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("innovation partnership")
        verbose_name_plural = _("innovation partnerships")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(bonus_amount__isnull=True) | Q(bonus_percent__isnull=True),
                name="partnership_bonus_amount_or_percent",
                violation_error_message=_("Give the bonus either as an amount or as a percentage."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("partnerships:detail", args=[self.pk])

    @property
    def is_open(self):
        return self.stage != Stage.TERMINATED

    def investment_costs(self):
        return sum((line.amount for line in self.budget_lines.all()), Decimal("0.00"))

    def bonus(self):
        if self.bonus_amount is not None:
            return self.bonus_amount
        if self.bonus_percent is not None:
            return (Decimal(self.investment_costs()) * self.bonus_percent / 100).quantize(
                Decimal("0.01")
            )
        return Decimal("0.00")

    def rnd_budget(self):
        """R&D compensation: itemised investment costs plus bonus, net."""
        return (Decimal(self.investment_costs()) + self.bonus()).quantize(Decimal("0.01"))

    def instalments_total(self):
        return sum((m.instalment for m in self.milestones.all()), Decimal("0.00"))

    def overdue_milestones(self):
        return [m for m in self.milestones.all() if m.is_overdue]


class BudgetLine(models.Model):
    """One itemised investment cost of the R&D phase (net)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="budget_lines"
    )
    description = models.CharField(_("investment cost"), max_length=200)
    amount = models.DecimalField(_("amount (net, €)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="budget_line_positive")
        ]

    def __str__(self):
        return self.description


class Criterion(models.Model):
    """A measurable success criterion, scored in the evaluation (0–5)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(_("success criterion"), max_length=200)
    target = models.CharField(_("measurable target"), max_length=200, blank=True)
    score = models.PositiveSmallIntegerField(_("score (0–5)"), null=True, blank=True)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("success criterion")
        verbose_name_plural = _("success criteria")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=5), name="criterion_score_0_5"
            )
        ]

    def __str__(self):
        return self.title


class Milestone(models.Model):
    """An Etappe of the R&D phase: deliverables, due date, instalment, acceptance."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due date"))
    deliverables = models.TextField(_("deliverables"), max_length=5000, blank=True)
    instalment = models.DecimalField(
        _("payment instalment (net, €)"), max_digits=12, decimal_places=2, default=0
    )
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminded_on = models.DateField(_("last reminder"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(instalment__gte=0), name="milestone_instalment_gte_0"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_overdue(self):
        from django.utils import timezone

        return self.accepted_at is None and self.due_on < timezone.localdate()


class Document(models.Model):
    """A document of a partnership; uploads with the same title become new versions."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    # Marked by the town in regular operation: goes into the knowledge pack for every bidder
    # of the follow-up tender (§ 7 VgV, partnerships.knowledge_pack).
    for_all_bidders = models.BooleanField(_("for all bidders"), default=False)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "title"], name="unique_document_title")
        ]

    def __str__(self):
        return self.title


def document_path(instance, filename):
    # Outside any public media prefix; served only by the permission-checked view.
    import uuid

    return f"private/partnerships/{instance.document.partnership_id}/{uuid.uuid4().hex}"


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=document_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="unique_document_version")
        ]

    def __str__(self):
        return f"{self.document} v{self.number}"
