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


class EraseAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To confirm that it is you."),
    )


class PersonLookupForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"))


class OfficeDataRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Request"),
        max_length=500,
        help_text=_("Who asked, when and how (e.g. letter of 3 December). Kept in the audit log."),
    )
