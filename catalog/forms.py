"""Forms for providers, moderation and contact requests. Uploads are checked by content."""

import io

import filetype
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from core.forms import german_decimals
from municipalities.models import Municipality

from .models import (
    ContactPerson,
    ProviderProfile,
    Solution,
    SolutionDocument,
    SolutionImage,
    Standard,
    Topic,
)

LOGO_MAX_BYTES = 2 * 1024 * 1024
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
IMAGE_FORMATS = {"PNG", "JPEG", "WEBP"}
# Decoding costs ~4 bytes a pixel: a 657 KB PNG can claim 13,000 × 13,000 px (1.4 GB). 40 MP
# is above any camera photo a provider needs. Pillow itself refuses twice its limit (apps.py).
IMAGE_MAX_PIXELS = 40_000_000


def _check_size(upload, limit):
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (at most %(mb)s MB).") % {"mb": limit // (1024 * 1024)}
        )


def reencode_image(upload, *, max_bytes, max_side, name):
    """Accept PNG, JPEG or WebP (judged by content, never by name) up to `max_bytes`, and
    re-encode it so nothing but pixels survives (no SVG, no appended payloads, no metadata)."""
    _check_size(upload, max_bytes)
    too_large = ValidationError(
        _("The image has too many pixels (at most %(mp)s megapixels).")
        % {"mp": IMAGE_MAX_PIXELS // 1_000_000}
    )
    try:
        upload.seek(0)
        image = Image.open(upload)  # reads the header only: the size is known before decoding
        if image.width * image.height > IMAGE_MAX_PIXELS:
            raise too_large
        if image.format not in IMAGE_FORMATS:
            raise ValidationError(_("Please upload a PNG, JPEG or WebP image."))
        image.load()
    except Image.DecompressionBombError as exc:
        raise too_large from exc
    except (UnidentifiedImageError, OSError) as exc:
        raise ValidationError(_("Please upload a PNG, JPEG or WebP image.")) from exc
    source_format = image.format
    # Photos carry their rotation in EXIF; apply it before the metadata is dropped.
    image = ImageOps.exif_transpose(image)
    image.thumbnail((max_side, max_side))
    out = io.BytesIO()
    if source_format == "JPEG" or image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGB")
        image.save(out, format="JPEG", quality=88)
        ext, mime = "jpg", "image/jpeg"
    else:
        image.save(out, format="PNG", optimize=True)
        ext, mime = "png", "image/png"
    return SimpleUploadedFile(f"{name}.{ext}", out.getvalue(), content_type=mime)


# Django's ImageField opens the upload first; Pillow refuses a bomb there already.
INVALID_IMAGE = lazy(
    lambda: (
        _("Please upload a PNG, JPEG or WebP image of at most %(mp)s megapixels.")
        % {"mp": IMAGE_MAX_PIXELS // 1_000_000}
    ),
    str,
)()


def clean_logo(upload):
    """A logo: at most 2 MB, scaled to 800 px, re-encoded."""
    return reencode_image(upload, max_bytes=LOGO_MAX_BYTES, max_side=800, name="logo")


def check_upload(upload, allowed_mime):
    """Images and PDFs ≤ 10 MB whose content (not name) is of an allowed type."""
    _check_size(upload, UPLOAD_MAX_BYTES)
    upload.seek(0)
    kind = filetype.guess(upload.read(2048))
    upload.seek(0)
    if kind is None or kind.mime not in allowed_mime:
        raise ValidationError(_("This file type is not allowed."))
    return upload


class ProviderProfileForm(forms.ModelForm):
    class Meta:
        model = ProviderProfile
        fields = [
            "name", "short_text", "description", "logo", "city", "postal_code", "website",
            "founded", "size_band", "is_startup", "open_data_consent",
        ]  # fmt: skip
        error_messages = {"logo": {"invalid_image": INVALID_IMAGE}}

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):  # a new upload, not the stored file
            return clean_logo(logo)
        return logo


# The provider's own members keep their contact persons; blank extra rows are ignored.
ContactPersonFormSet = forms.inlineformset_factory(
    ProviderProfile,
    ContactPerson,
    fields=["name", "role", "email", "phone"],
    extra=1,
    can_delete=True,
    max_num=20,
    validate_max=True,
)


class SolutionForm(forms.ModelForm):
    standards = forms.ModelMultipleChoiceField(
        label=_("standards and interfaces"),
        queryset=Standard.objects.accepted(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Solution
        fields = [
            "title", "summary", "description", "topics", "maturity",
            "deploy_saas", "deploy_on_premise", "deploy_hardware", "deploy_service",
            "standards", "hosting", "oss_license", "dpa_available", "price_model",
            "price_min", "price_max", "size_lt5k", "size_5k_20k", "size_20k_100k",
            "size_gt100k", "language",
        ]  # fmt: skip
        widgets = {"topics": forms.CheckboxSelectMultiple}
        formfield_callback = german_decimals

    def clean(self):
        data = super().clean()
        low, high = data.get("price_min"), data.get("price_max")
        if low is not None and high is not None and low > high:
            self.add_error("price_max", _("The upper price must not be below the lower one."))
        return data


class SolutionImageForm(forms.ModelForm):
    class Meta:
        model = SolutionImage
        fields = ["image", "alt_text"]
        error_messages = {"image": {"invalid_image": INVALID_IMAGE}}

    def clean_image(self):
        # Re-encoded like logos: pixels only, at most 10 MB in, 2000 px on the long side out.
        return reencode_image(
            self.cleaned_data["image"], max_bytes=UPLOAD_MAX_BYTES, max_side=2000, name="bild"
        )


class SolutionDocumentForm(forms.ModelForm):
    class Meta:
        model = SolutionDocument
        fields = ["file", "title"]

    def clean_file(self):
        return check_upload(self.cleaned_data["file"], {"application/pdf"})


class TopicForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["name", "name_en", "position"]
        help_texts = {"position": _("Topics are listed by this number, lowest first.")}

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Topic.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("A topic with this name exists already."))
        return name


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea, max_length=2000, required=False
    )


class ContactRequestForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(label=_("Message"), widget=forms.Textarea, max_length=5000)


class ProposeStandardForm(forms.Form):
    name = forms.CharField(label=_("Name of the standard or interface"), max_length=120)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Exchange file (JSON)"))
    publish = forms.BooleanField(label=_("Publish new records at once"), required=False)

    def clean_file(self):
        from .exchange import ExchangeError, parse

        upload = self.cleaned_data["file"]
        _check_size(upload, UPLOAD_MAX_BYTES)
        try:
            return parse(upload.read())
        except ExchangeError as exc:
            raise ValidationError(str(exc)) from exc


class ReferenceForm(forms.Form):
    """A town of the register (asked to confirm) or a place outside it (stated, never verified)."""

    municipality = forms.ModelChoiceField(
        label=_("Municipality in Hessen"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        help_text=_("A town of the Hessian register: it is asked to confirm the reference."),
    )
    place_name = forms.CharField(
        label=_("Or: place or organisation outside the register"),
        max_length=200,
        required=False,
        help_text=_(
            "Another federal state or abroad. Shown as stated by you and never counted as "
            "verified: only towns of the register can confirm."
        ),
    )
    state = forms.CharField(label=_("Federal state or region"), max_length=100, required=False)
    country = forms.CharField(label=_("Country"), max_length=100, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100, required=False)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea, max_length=2000, required=False
    )

    def clean(self):
        data = super().clean()
        town, place = data.get("municipality"), (data.get("place_name") or "").strip()
        if town and place:
            self.add_error(
                "place_name",
                _("Choose a municipality of the register or name a place outside it, not both."),
            )
        elif not town and not place and not self.has_error("municipality"):
            self.add_error(
                "municipality",
                _("Choose a municipality of the register or name a place outside it."),
            )
        elif place and not (data.get("state") or data.get("country")):
            self.add_error("country", _("Name the federal state or the country of the place."))
        return data
