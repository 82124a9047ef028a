from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.access import organisations_of


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “CRM synchronisation”."),
    )
    organisation = forms.ChoiceField(
        label=_("Organisation"), help_text=_("The token acts for this organisation only.")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations_of(user)}
        self.fields["organisation"].choices = [(pk, o.name) for pk, o in self.organisations.items()]

    def clean_organisation(self):
        return self.organisations[self.cleaned_data["organisation"]]
