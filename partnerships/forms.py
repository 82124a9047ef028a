from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.forms import german_decimals

from .models import BudgetLine, Criterion, Milestone, Partnership, RouteCode, Threshold


class ProviderChoiceField(forms.ModelChoiceField):
    """Provider organisations with what tells two of the same name apart: place, date of
    registration on the platform and whether the office has checked the profile."""

    def __init__(self, **kwargs):
        queryset = Organisation.objects.providers().select_related("provider_profile")
        super().__init__(queryset=queryset.order_by("name", "created_at"), **kwargs)

    def label_from_instance(self, org):
        profile = getattr(org, "provider_profile", None)
        return gettext("%(name)s — %(city)s, registered %(date)s, %(checked)s") % {
            "name": org.name,
            "city": (profile and profile.city) or gettext("place not given"),
            "date": date_format(timezone.localtime(org.created_at), "SHORT_DATE_FORMAT"),
            "checked": gettext("profile checked by the office")
            if profile and profile.is_published
            else gettext("profile not checked"),
        }


class PartnershipCreateForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Organisation.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    problem = forms.CharField(label=_("Problem"), widget=forms.Textarea, required=False)
    goals = forms.CharField(label=_("Goals"), widget=forms.Textarea, required=False)
    provider = ProviderChoiceField(
        label=_("Invite provider organisation"),
        required=False,
        help_text=_("You can also invite the provider later."),
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


class InviteForm(forms.Form):
    # The detail page shows several of these forms: a prefix per form keeps field ids unique
    # (one <label for> per field); page and processing view both get it from the class.
    prefix = "invite"
    provider = ProviderChoiceField(label=_("Provider organisation"))


def partnership_edit_form(fields):
    """A form with the fields the municipality may edit in the current stage."""
    return forms.modelform_factory(
        Partnership,
        fields=fields,
        widgets={"procedure_start": forms.DateInput(attrs={"type": "date"})},
        formfield_callback=german_decimals,
    )


class BudgetLineForm(forms.ModelForm):
    prefix = "budget"

    class Meta:
        model = BudgetLine
        fields = ["description", "amount"]
        formfield_callback = german_decimals

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount <= 0:
            raise forms.ValidationError(_("The amount must be greater than zero."))
        return amount


class CriterionForm(forms.ModelForm):
    prefix = "criterion"

    class Meta:
        model = Criterion
        fields = ["title", "target"]


class ScoreForm(forms.Form):
    score = forms.IntegerField(label=_("Score (0–5)"), min_value=0, max_value=5)
    comment = forms.CharField(label=_("Comment"), required=False)


class MilestoneForm(forms.ModelForm):
    prefix = "milestone"

    class Meta:
        model = Milestone
        fields = ["title", "due_on", "deliverables", "instalment"]
        formfield_callback = german_decimals
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"})}

    def clean_instalment(self):
        value = self.cleaned_data["instalment"]
        if value < 0:
            raise forms.ValidationError(_("The instalment cannot be negative."))
        return value


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Reason / comment for the decision log"), widget=forms.Textarea, required=False
    )


class TerminateForm(forms.Form):
    reason = forms.CharField(label=_("Reason for termination"), widget=forms.Textarea)


class PerformanceForm(CommentForm):
    evaluation_decision = forms.CharField(label=_("Evaluation decision"), widget=forms.Textarea)
    procurement_route = forms.ChoiceField(label=_("Procurement route"), choices=RouteCode.choices)
    special_conditions = forms.CharField(
        label=_("Special conditions for the test town"), widget=forms.Textarea, required=False
    )
    marketing_consent = forms.BooleanField(
        label=_("The town agrees to be named as a reference and in marketing"), required=False
    )


class DocumentForm(forms.Form):
    prefix = "document"
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("Uploading again with the same title adds a new version."),
    )
    file = forms.FileField(label=_("File (PDF, office document, image or CSV, max. 20 MB)"))


class ThresholdForm(forms.ModelForm):
    class Meta:
        model = Threshold
        formfield_callback = german_decimals
        fields = [
            "kind",
            "scope",
            "route",
            "applies_to",
            "label",
            "value",
            "valid_from",
            "valid_to",
            "source",
            "status",
            "note",
        ]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_to": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self):
        data = super().clean()
        kind, route = data.get("kind"), data.get("route")
        if kind == Threshold.Kind.ROUTE and not route:
            self.add_error("route", _("A route row needs a route code."))
        if kind == Threshold.Kind.EU and route:
            self.add_error("route", _("An EU row has no route code."))
        if data.get("status") == Threshold.Status.IN_FORCE and not data.get("valid_from"):
            self.add_error("valid_from", _("A row in force needs a start date."))
        if (
            data.get("valid_from")
            and data.get("valid_to")
            and data["valid_to"] < data["valid_from"]
        ):
            self.add_error("valid_to", _("The end date lies before the start date."))
        if data.get("value") is not None and data["value"] <= 0:
            self.add_error("value", _("The value must be greater than zero."))
        return data
