from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from .models import ExplorationEntry, MarketExploration


class RouteInputForm(forms.ModelForm):
    class Meta:
        model = MarketExploration
        fields = ["estimated_value", "scope", "procedure_start"]
        widgets = {"procedure_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "estimated_value": _(
                "The total net value of the contract, all lots and options included."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["estimated_value"].required = True
        self.fields["procedure_start"].required = True
        self.fields["estimated_value"].validators.append(
            MinValueValidator(Decimal("0.01"), message=_("The value must be greater than zero."))
        )


class VerdictForm(forms.Form):
    """One verdict and reason per entry; a reason is required for "not considered"."""

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = entries
        for entry in entries:
            self.fields[f"verdict-{entry.pk}"] = forms.ChoiceField(
                label=_("Verdict on “%(title)s”") % {"title": entry.snapshot.get("title", "")},
                choices=[("", _("not yet decided")), *ExplorationEntry.Verdict.choices],
                required=False,
                initial=entry.verdict,
                widget=forms.RadioSelect,
            )
            self.fields[f"reason-{entry.pk}"] = forms.CharField(
                label=_("Reason"),
                required=False,
                max_length=2000,
                initial=entry.verdict_reason,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def verdicts(self):
        return {
            entry: (
                self.cleaned_data[f"verdict-{entry.pk}"],
                self.cleaned_data[f"reason-{entry.pk}"],
            )
            for entry in self.entries
        }

    def rows(self):
        """(entry, verdict field, reason field) for the template."""
        return [(e, self[f"verdict-{e.pk}"], self[f"reason-{e.pk}"]) for e in self.entries]
