"""Who may see and do what around a workshop (every events view asks here)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.access import is_municipality_member, is_office, organisations_of
from accounts.models import Organisation

from .models import ProgrammeSlot, Registration, Workshop


def get_workshop_for_user(user, slug):
    return get_object_or_404(Workshop.objects.visible_to(user), slug=slug)


def is_registered(user, workshop) -> bool:
    return (
        user.is_authenticated
        and workshop.registrations.filter(user=user, status=Registration.Status.CONFIRMED).exists()
    )


def is_presenter(user, workshop) -> bool:
    org_ids = [o.pk for o in organisations_of(user, Organisation.Kind.PROVIDER)]
    return (
        bool(org_ids)
        and workshop.slots.filter(
            status=ProgrammeSlot.Status.ACCEPTED, provider__organisation_id__in=org_ids
        ).exists()
    )


def is_insider(user, workshop) -> bool:
    """Video link and unpublished materials: confirmed participants, presenters, the office."""
    return is_office(user) or is_registered(user, workshop) or is_presenter(user, workshop)


def may_register(user, workshop) -> bool:
    if not user.is_authenticated:
        return False
    if workshop.audience == Workshop.Audience.MUNICIPALITIES:
        return is_municipality_member(user)
    return True


def may_ask(user, workshop) -> bool:
    return is_municipality_member(user) and is_registered(user, workshop)


def require_insider(user, workshop):
    if not is_insider(user, workshop):
        raise PermissionDenied


def get_visible_material(user, workshop, pk):
    material = get_object_or_404(workshop.materials, pk=pk)
    if not material.published and not is_insider(user, workshop):
        raise Http404
    return material
