from datetime import date

from django import template

from accounts.access import is_municipality_member, organisations_of
from accounts.models import Organisation

register = template.Library()


@register.filter
def can_record_explorations(user):
    """Members of a municipality freeze search results as market exploration records."""
    return is_municipality_member(user)


@register.simple_tag
def open_needs_of(user):
    """The open needs of the user's towns, newest first: a search can be recorded for one."""
    from matching.models import Need

    towns = organisations_of(user, Organisation.Kind.MUNICIPALITY)
    return list(
        Need.objects.filter(organisation__in=towns, status=Need.Status.OPEN)
        .only("pk", "title")
        .order_by("-created_at", "-pk")[:50]
    )


@register.filter
def iso_day(value):
    """A frozen ISO date ("2027-03-01") as a date, for the date filter."""
    return date.fromisoformat(value) if value else None
