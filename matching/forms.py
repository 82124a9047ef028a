from django import forms

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
