from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import Solution
from core.forms import GermanDecimalField

from .outcome_models import NeedOutcome


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Outcome"), choices=NeedOutcome.Kind.choices, widget=forms.RadioSelect
    )
    solution = forms.ModelChoiceField(
        label=_("Awarded solution"),
        queryset=Solution.objects.none(),
        required=False,
        empty_label=_("A contractor outside the marketplace"),
        help_text=_("The solutions of your market exploration records."),
    )
    contractor = forms.CharField(
        label=_("Contractor outside the marketplace"), max_length=200, required=False
    )
    net_value = GermanDecimalField(
        label=_("Net contract value (€)"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
    )
    contract_date = forms.DateField(
        label=_("Contract date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    term = forms.CharField(
        label=_("Term"), max_length=200, required=False, help_text=_("For example “24 months”.")
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Required when the procedure was cancelled; told to every provider considered."
        ),
    )

    def __init__(self, *args, solutions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["solution"].queryset = Solution.objects.filter(
            pk__in=[pk for pk, _title in solutions]
        ).select_related("provider")
        self.fields["solution"].label_from_instance = lambda s: f"{s.title} ({s.provider.name})"

    def clean(self):
        data = super().clean()
        if data.get("kind") == NeedOutcome.Kind.AWARD:
            if not data.get("solution") and not data.get("contractor", "").strip():
                self.add_error(
                    "contractor", _("Choose the awarded solution or name the contractor.")
                )
            for name in ("net_value", "contract_date"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Required for an award."))
        if data.get("kind") == NeedOutcome.Kind.CANCELLED and not data.get("reason", "").strip():
            self.add_error("reason", _("Give the reason why the procedure was cancelled."))
        return data


class NoticesForm(forms.Form):
    """One reason per provider considered, pre-filled from the town's verdicts; the chosen
    provider's is not sent (it is told it won)."""

    def __init__(self, *args, considered=(), **kwargs):
        super().__init__(*args, **kwargs)
        for item in considered:
            self.fields[str(item.provider.pk)] = forms.CharField(
                label=_("Reason for %(provider)s") % {"provider": item.provider.name},
                help_text=", ".join(title for _pk, title in item.solutions),
                initial=item.reason,
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def reasons(self):
        return {int(name): value for name, value in self.cleaned_data.items()}

    def require_reasons(self, chosen_provider_pk):
        """After an award, every provider not chosen is told why."""
        for name, value in list(self.cleaned_data.items()):
            if int(name) != chosen_provider_pk and not value.strip():
                self.add_error(name, _("Tell this provider why it was not chosen."))
        return self.is_valid()
