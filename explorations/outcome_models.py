"""The outcome of a need (Zuschlag, aufgehoben, keine passende Lösung) and the notice every
provider considered in the need's market explorations receives about it (imported by
explorations.models so that Django registers them)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NeedOutcome(models.Model):
    class Kind(models.TextChoices):
        AWARD = "award", _("Contract awarded")
        CANCELLED = "cancelled", _("Procedure cancelled")
        NO_SOLUTION = "no_solution", _("No fitting solution")

    need = models.OneToOneField("matching.Need", on_delete=models.CASCADE, related_name="outcome")
    kind = models.CharField(_("outcome"), max_length=20, choices=Kind.choices)
    solution = models.ForeignKey(
        "catalog.Solution",
        verbose_name=_("solution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="awards",
    )
    # Copied: the file must still name the award if the solution is withdrawn later.
    solution_title = models.CharField(_("solution"), max_length=200, blank=True)
    provider_name = models.CharField(_("provider"), max_length=200, blank=True)
    net_value = models.DecimalField(
        _("net value (€)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    contract_date = models.DateField(_("contract date"), null=True, blank=True)
    term = models.CharField(_("term"), max_length=200, blank=True)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Award → reference: set once when the town confirms the solution is in operation.
    reference = models.ForeignKey(
        "catalog.Reference",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outcomes",
    )

    class Meta:
        verbose_name = _("outcome of a need")
        verbose_name_plural = _("outcomes of needs")

    def __str__(self):
        return f"{self.need} – {self.get_kind_display()}"


class OutcomeNotice(models.Model):
    """What one provider was told about the outcome: sent exactly once."""

    outcome = models.ForeignKey(NeedOutcome, on_delete=models.CASCADE, related_name="notices")
    provider = models.ForeignKey(
        "catalog.ProviderProfile", on_delete=models.CASCADE, related_name="outcome_notices"
    )
    chosen = models.BooleanField(_("chosen"), default=False)
    reason = models.TextField(_("reason given to the provider"), max_length=2000, blank=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("outcome notice")
        verbose_name_plural = _("outcome notices")
        ordering = ["-sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["outcome", "provider"], name="one_outcome_notice_per_provider"
            )
        ]

    def __str__(self):
        return f"{self.outcome} → {self.provider}"
