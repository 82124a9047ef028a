from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import german_decimals

from .models import Need


class NeedForm(forms.ModelForm):
    class Meta:
        model = Need
        fields = [
            "title",
            "description",
            "topics",
            "budget_min",
            "budget_max",
            "time_frame",
            "hosting_de_required",
            "population",
            "constraints",
            "visibility",
        ]
        widgets = {
            "topics": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 6}),
            "constraints": forms.Textarea(attrs={"rows": 3}),
        }
        formfield_callback = german_decimals


class NeedCloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why do you close the need?"),
        choices=Need.CloseReason.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )
