from decimal import Decimal

from django import template
from django.forms import BaseForm
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    return mark_safe(render_markdown(text))  # noqa: S308 (sanitised by nh3)


@register.filter
def euro(value):
    """German money format: 1.234,56 €."""
    if value is None or value == "":
        return ""
    amount = Decimal(value).quantize(Decimal("0.01"))
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount):.2f}".split(".")
    whole = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{whole},{cents}\u00a0€"


@register.filter
def safe_url(value):
    """A user-given URL for an href: http(s) only, anything else becomes empty."""
    value = (value or "").strip()
    return value if value.lower().startswith(("https://", "http://")) else ""


@register.simple_tag(takes_context=True)
def error_title_prefix(context):
    """ "Error: " before the page title while a submitted form on the page shows errors.

    Checks the type, not isinstance: isinstance would evaluate lazy context values
    (unread notifications) and add a query to every page.
    """
    for value in context.flatten().values():
        if issubclass(type(value), BaseForm) and value.is_bound and value.errors:
            return gettext("Error: ")
    return ""
