from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import Solution

from .models import Feedback, Question, Workshop


class WorkshopForm(forms.ModelForm):
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    recording_url = forms.URLField(label=_("Recording link"), required=False, assume_scheme="https")

    class Meta:
        model = Workshop
        fields = [
            "title", "theme", "topics", "description", "starts_at", "ends_at", "format",
            "video_link", "address", "capacity", "registration_deadline", "audience",
            "recording_url",
        ]  # fmt: skip
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "registration_deadline": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "topics": forms.CheckboxSelectMultiple,
        }

    def clean(self):
        data = super().clean()
        starts, ends, deadline = (
            data.get("starts_at"), data.get("ends_at"), data.get("registration_deadline")
        )  # fmt: skip
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must be after the start."))
        if starts and deadline and deadline > starts:
            self.add_error("registration_deadline", _("The deadline must be before the start."))
        fmt = data.get("format")
        if fmt in (Workshop.Format.ONLINE, Workshop.Format.HYBRID) and not data.get("video_link"):
            self.add_error("video_link", _("Online and hybrid workshops need a video link."))
        if fmt in (Workshop.Format.ONSITE, Workshop.Format.HYBRID) and not data.get("address"):
            self.add_error("address", _("On-site and hybrid workshops need an address."))
        return data


class SlotApplicationForm(forms.Form):
    solution = forms.ModelChoiceField(label=_("Solution"), queryset=Solution.objects.none())
    abstract = forms.CharField(label=_("Abstract"), widget=forms.Textarea, max_length=3000)

    def __init__(self, *args, org_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["solution"].queryset = Solution.objects.published().filter(
            provider__organisation_id__in=org_ids
        )


class SlotDecisionForm(forms.Form):
    accept = forms.BooleanField(label=_("Accept"), required=False)
    starts_at = forms.DateTimeField(
        label=_("Starts at"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )  # fmt: skip
    ends_at = forms.DateTimeField(
        label=_("Ends at"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )  # fmt: skip


class QuestionForm(forms.ModelForm):
    prefix = "question"  # shares the workshop page with the feedback form: unique field ids

    class Meta:
        model = Question
        fields = ["text", "anonymous"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("Slides (PDF)"), required=False)
    url = forms.URLField(label=_("Recording link"), required=False, assume_scheme="https")
    published = forms.BooleanField(label=_("Published for everyone"), required=False)


class FeedbackForm(forms.ModelForm):
    prefix = "feedback"
    rating = forms.TypedChoiceField(
        label=_("Rating"), coerce=int, choices=[(i, str(i)) for i in range(1, 6)],
        widget=forms.RadioSelect,
    )  # fmt: skip

    class Meta:
        model = Feedback
        fields = ["rating", "text"]


class ContactForm(forms.Form):
    message = forms.CharField(label=_("Message"), widget=forms.Textarea, max_length=3000)
