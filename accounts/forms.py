import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.text import fold
from municipalities.models import Municipality, folded_pattern

from .models import Membership


class ProviderOrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name of the company or institute"), max_length=200)


def register_label(municipality):
    """How a town is named in the picker, "Hünfeld (Fulda)": name and Landkreis (or region)."""
    return f"{municipality.name} ({municipality.district or municipality.region})"


class DatalistInput(forms.TextInput):
    """A text field with the register's names as suggestions (<datalist>): browsers offer them
    while typing, and without them the typed name is resolved on the server."""

    def __init__(self, options, attrs=None):
        self.options = options
        super().__init__({"autocomplete": "off", **(attrs or {})})

    def render(self, name, value, attrs=None, renderer=None):
        list_id = f"{(attrs or {}).get('id') or name}-register"
        html = super().render(name, value, {**(attrs or {}), "list": list_id}, renderer)
        options = format_html_join(
            "", '<option value="{}"></option>', ((o,) for o in self.options())
        )
        return format_html('{}<datalist id="{}">{}</datalist>', html, list_id, options)


_QUALIFIED = re.compile(r"^(?P<name>.+?)\s*\((?P<where>[^()]+)\)$")


class MunicipalityRequestForm(forms.Form):
    """The town is typed (suggestions from the register) and resolved to one register entry:
    by AGS, by "Name (Landkreis)", or by a name that only one town has."""

    municipality = forms.CharField(
        label=_("Town or municipality"),
        max_length=200,
        help_text=_(
            "Type the name and choose from the list, e.g. “Hünfeld (Fulda)”. "
            "An administrator of the town or the office confirms your request."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].widget = DatalistInput(self._labels)

    @staticmethod
    def _towns():
        return Municipality.objects.gemeinden()

    def _labels(self):
        return [register_label(m) for m in self._towns().order_by("name", "ags")]

    def clean_municipality(self):
        typed = " ".join(self.cleaned_data["municipality"].split())
        towns = self._towns()
        if typed.isdigit():
            found = list(towns.filter(ags=typed))
        else:
            qualified = _QUALIFIED.match(typed)
            found = []
            if qualified:
                found = [
                    m
                    for m in towns.filter(name_folded=fold(qualified["name"]))
                    if fold(qualified["where"]) in (fold(m.district), fold(m.region))
                ]
            if not found:
                name = qualified["name"] if qualified else typed
                found = list(towns.filter(name_folded=fold(name)))
                if not found:
                    found = list(towns.filter(name_folded__regex=f"^{folded_pattern(name)}$"))
        if len(found) == 1:
            return found[0]
        if found:
            found.sort(key=register_label)
            raise ValidationError(
                _("Several municipalities are called “%(name)s”: %(choices)s. Please choose one.")
                % {
                    "name": typed,
                    "choices": ", ".join(f"„{register_label(m)}“" for m in found),
                }
            )
        close = list(towns.search(typed.split(" (")[0])[:5]) if typed else []
        if close:
            raise ValidationError(
                _("No municipality “%(name)s” in the register. Did you mean: %(choices)s?")
                % {"name": typed, "choices": ", ".join(f"„{register_label(m)}“" for m in close)}
            )
        raise ValidationError(
            _("No municipality “%(name)s” in the register. Please check the spelling.")
            % {"name": typed}
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
