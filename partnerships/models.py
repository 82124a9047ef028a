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
    source = models.TextField(_("legal source"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    note = models.TextField(_("note"), blank=True)

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
