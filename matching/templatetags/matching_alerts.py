from django import template

from accounts.access import is_municipality_member

register = template.Library()


@register.filter
def can_save_searches(user):
    """Saved searches and alerts are for municipality members (same rule as the views)."""
    return is_municipality_member(user)
