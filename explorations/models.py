"""A town's frozen market exploration (Markterkundung): what the platform showed at one moment,
copied, with the town's verdict per solution; immutable once closed (docs/procurement.md)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from partnerships.models import Scope


class MarketExplorationQuerySet(models.QuerySet):
    def for_organisations(self, organisations):
        return self.filter(organisation__in=organisations)


class MarketExploration(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Source(models.TextChoices):
        NEED = "need", _("Matches of a need")
        SEARCH = "search", _("Catalog search")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="explorations",
        limit_choices_to={"kind": Organisation.Kind.MUNICIPALITY},
    )
    need = models.ForeignKey(
        "matching.Need",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="explorations",
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    version = models.PositiveIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="correction",
        verbose_name=_("previous version"),
    )
    # The moment the catalog was looked at (kept by a correction) and who did it (copied).
    frozen_at = models.DateTimeField(_("frozen at"))
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    frozen_by_name = models.CharField(_("frozen by"), max_length=300)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The need as it read then (copied, not linked) and the search that was run.
    need_title = models.CharField(_("need"), max_length=200, blank=True)
    need_description = models.TextField(_("description of the need"), blank=True)
    need_requirements = models.JSONField(_("requirements"), default=dict, blank=True)
    search_text = models.CharField(_("search words"), max_length=300, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    filters_text = models.TextField(_("search in words"))
    # The procurement route check: input (editable until closed) and the frozen result.
    estimated_value = models.DecimalField(
        _("estimated value (net, €)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    scope = models.CharField(
        _("scope"), max_length=20, choices=Scope.choices, default=Scope.SUPPLIES_SERVICES
    )
    procedure_start = models.DateField(_("start of the procedure"), null=True, blank=True)
    route_check = models.JSONField(_("procurement route check"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_by_name = models.CharField(_("closed by"), max_length=300, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    objects = MarketExplorationQuerySet.as_manager()

    class Meta:
        verbose_name = _("market exploration")
        verbose_name_plural = _("market explorations")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("explorations:detail", args=[self.pk])

    @property
    def title(self):
        return self.need_title or self.filters_text

    @property
    def is_closed(self):
        return self.status == self.Status.CLOSED


class ExplorationEntry(models.Model):
    """One solution considered: a snapshot of its listing, the platform's judgement and the
    town's verdict."""

    class Verdict(models.TextChoices):
        CONSIDERED = "considered", _("considered")
        NOT_CONSIDERED = "not_considered", _("not considered")

    exploration = models.ForeignKey(
        MarketExploration, on_delete=models.CASCADE, related_name="entries"
    )
    position = models.PositiveIntegerField(_("position"))
    # Links for notifications and statistics only; the snapshot is what the record says.
    solution = models.ForeignKey(
        "catalog.Solution", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    provider = models.ForeignKey(
        "catalog.ProviderProfile",
        null=True,
        on_delete=models.SET_NULL,
        related_name="exploration_entries",
    )
    snapshot = models.JSONField(_("listing at the time"))
    fits = models.BooleanField(_("fits according to the platform"))
    reasons = models.JSONField(_("reasons"), default=list)
    exclusions = models.JSONField(_("exclusions"), default=list)  # [{"kind", "cause"}]
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices, blank=True)
    verdict_reason = models.TextField(_("reason"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("entry of a market exploration")
        verbose_name_plural = _("entries of a market exploration")
        ordering = ["exploration", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["exploration", "position"], name="exploration_entry_position"
            )
        ]

    def __str__(self):
        return self.snapshot.get("title", "")


from .outcome_models import NeedOutcome, OutcomeNotice  # noqa: E402,F401  (registers them)
