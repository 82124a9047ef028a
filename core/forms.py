import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.db import models
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _


class FormRenderer(TemplatesSetting):
    """Renders every form through our accessible field template (label, hint, errors)."""

    form_template_name = "core/_partials/form.html"
    field_template_name = "core/_partials/field.html"


_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")  # 3.790 or 1.000.000: German thousands


def parse_german_decimal(text):
    """A number typed the German way, or None: "3790,50", "3.790,50", "3790.50", "3.790"
    (a dot before exactly three digits groups thousands), "1.234.567,8", "4 500 €"."""
    text = re.sub(r"[\s\u00a0\u202f€]", "", str(text))
    if "," in text:
        if text.count(",") > 1:
            return None
        whole, fraction = text.split(",")
        if "." in whole and not _GROUPED.match(whole):
            return None
        text = f"{whole.replace('.', '')}.{fraction}"
    elif _GROUPED.match(text):
        text = text.replace(".", "")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


class GermanDecimalField(forms.DecimalField):
    """A decimal (money) field that takes a German comma: "3790,50" and "3.790,50" are
    3790.50. A text input (type=number refuses the comma in many browsers), shown with a
    comma."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _("Please enter a number, e.g. 3790,50 or 3.790,50."),
    }

    def __init__(self, **kwargs):
        kwargs["localize"] = True
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        number = parse_german_decimal(value)
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal"}


def german_decimals(db_field, **kwargs):
    """formfield_callback for model forms: every DecimalField takes a German comma."""
    if isinstance(db_field, models.DecimalField):
        return db_field.formfield(form_class=GermanDecimalField, **kwargs)
    return db_field.formfield(**kwargs)
