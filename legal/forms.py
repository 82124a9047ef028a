from pathlib import Path

import filetype
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BarrierReport, LegalSettings

MAX_VIDEO_BYTES = 500 * 1024 * 1024
MAX_CAPTION_BYTES = 1024 * 1024
VIDEO_TYPES = {".mp4": "video/mp4", ".webm": "video/webm"}


class LegalTextForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text=_(
            "Markdown: “## ” starts a heading, “- ” a list item, a backslash at the end of a "
            "line breaks it. Text in [square brackets] is a placeholder that still needs "
            "filling in."
        ),
    )


class LegalSettingsForm(forms.ModelForm):
    class Meta:
        model = LegalSettings
        fields = ["controller", "data_protection_officer", "enforcement_body"]
        fields += ["server_log_retention"]
        widgets = {
            "controller": forms.Textarea(attrs={"rows": 5}),
            "data_protection_officer": forms.Textarea(attrs={"rows": 4}),
            "enforcement_body": forms.Textarea(attrs={"rows": 4}),
        }


class BarrierReportForm(forms.ModelForm):
    class Meta:
        model = BarrierReport
        fields = ["page_url", "description", "name", "email"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "page_url": _("The address or the name of the page, e.g. /loesungen/."),
            "description": _("What did you want to do, and what got in the way?"),
            "email": _("Optional. Only if you would like an answer."),
        }


class DueDateForm(forms.Form):
    due_on = forms.DateField(
        label=_("Answer due on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Sent by e-mail to the person who reported the barrier, if they gave one."),
    )


class SignLanguageVideoForm(forms.Form):
    video = forms.FileField(
        label=_("Video (MP4 or WebM)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".mp4,.webm"}),
    )
    captions = forms.FileField(
        label=_("Captions (WebVTT, .vtt)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".vtt"}),
    )

    def clean_video(self):
        upload = self.cleaned_data["video"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in VIDEO_TYPES:
            raise forms.ValidationError(_("Please upload an MP4 or WebM file."))
        if upload.size > MAX_VIDEO_BYTES:
            raise forms.ValidationError(_("The video may be at most 500 MB."))
        head = upload.read(262)
        upload.seek(0)
        kind = filetype.guess(head)
        if kind is None or kind.mime != VIDEO_TYPES[suffix]:
            raise forms.ValidationError(_("The file is not an MP4 or WebM video."))
        return upload

    def clean_captions(self):
        upload = self.cleaned_data["captions"]
        if Path(upload.name).suffix.lower() != ".vtt" or upload.size > MAX_CAPTION_BYTES:
            raise forms.ValidationError(_("Please upload a WebVTT file (.vtt, at most 1 MB)."))
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            text = ""
        upload.seek(0)
        if not text.startswith("WEBVTT"):
            raise forms.ValidationError(_("The file is not WebVTT: it must start with “WEBVTT”."))
        return upload
