from django import template

from accounts.access import is_municipality_member

register = template.Library()


@register.filter
def can_record_explorations(user):
    """Members of a municipality freeze search results as market exploration records."""
    return is_municipality_member(user)
