"""Who may see and change market exploration records (built on accounts.access).

The town's members and the office see a record; only the town's members change it, and
nobody changes a closed one (services refuse it).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.access import is_member, is_municipality_member, is_office, organisations_of
from accounts.models import Organisation

from .models import MarketExploration


def visible_to(user, queryset=None):
    queryset = (
        queryset
        if queryset is not None
        else MarketExploration.objects.select_related("organisation")
    )
    if not user.is_authenticated:
        return queryset.none()
    if is_office(user):
        return queryset
    towns = organisations_of(user, Organisation.Kind.MUNICIPALITY)
    return queryset.for_organisations(towns)


def exploration_for_viewer(user, pk, queryset=None):
    record = visible_to(user, queryset).filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


def require_recorder(user):
    """Freezing a search result into a new record: municipality members only."""
    if not is_municipality_member(user):
        raise PermissionDenied


def can_edit(user, record) -> bool:
    return is_member(user, record.organisation)


def require_editor(user, record):
    if not can_edit(user, record):
        raise PermissionDenied


def exploration_for_editor(user, pk, queryset=None):
    """The record if `user` may change it: 404 when not visible, 403 for the office."""
    record = exploration_for_viewer(user, pk, queryset)
    require_editor(user, record)
    return record


def sees_outcome(user, need) -> bool:
    """The outcome of a need and what each provider was told: the town's members and the
    office (a provider reads only its own notice, explorations.outcomes.notices_for)."""
    return is_member(user, need.organisation) or is_office(user)


def require_outcome_viewer(user, need):
    if not sees_outcome(user, need):
        raise Http404
