from datetime import date

from django import template

from accounts.access import is_municipality_member

register = template.Library()


@register.filter
def can_record_explorations(user):
    """Members of a municipality freeze search results as market exploration records."""
    return is_municipality_member(user)


@register.filter
def iso_day(value):
    """A frozen ISO date ("2027-03-01") as a date, for the date filter."""
    return date.fromisoformat(value) if value else None
