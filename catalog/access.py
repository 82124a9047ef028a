"""Who may see and do what in the catalog (every catalog view asks here)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.access import is_municipality_member, is_office, organisations_of
from accounts.models import Organisation

from .models import Solution


def can_see_contacts(user) -> bool:
    """Contact persons: signed-in municipality and office users only."""
    return is_municipality_member(user) or is_office(user)


def is_own_provider(user, provider) -> bool:
    """The user belongs to the provider (its own views do not count as visits)."""
    return provider.organisation_id in {o.pk for o in organisations_of(user)}


def can_edit_solution(user, solution) -> bool:
    return is_office(user) or is_own_provider(user, solution.provider)


def can_contact_providers(user) -> bool:
    return is_municipality_member(user)


def sees_history(user) -> bool:
    """The audit history of profiles and solutions is for the office."""
    return is_office(user)


def provider_organisation_of(user):
    """The user's (first) provider organisation, else 403."""
    orgs = organisations_of(user, Organisation.Kind.PROVIDER)
    if not orgs:
        raise PermissionDenied
    return orgs[0]


def require_contact_sender(user):
    """Only municipality members send (and list) contact requests."""
    if not can_contact_providers(user):
        raise PermissionDenied


def reference_towns_of(user):
    """Register ids of the user's municipalities, which decide on claimed references; 403
    for anyone without one."""
    town_ids = [o.municipality_id for o in organisations_of(user, Organisation.Kind.MUNICIPALITY)]
    if not town_ids:
        raise PermissionDenied
    return town_ids


def solution_for_editor(user, slug):
    """404 for solutions the user may not edit: other providers' items are not revealed."""
    return get_object_or_404(
        Solution.objects.editable_by(user).select_related("provider__organisation"), slug=slug
    )
