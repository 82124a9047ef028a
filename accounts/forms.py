from django import forms
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality

from .models import Membership


class ProviderOrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name of the company or institute"), max_length=200)


class MunicipalityRequestForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Town or municipality"),
        queryset=Municipality.objects.gemeinden().order_by("name"),
        help_text=_("An administrator of the town or the office confirms your request."),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
