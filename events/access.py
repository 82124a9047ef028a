"""Who may see and do what around a workshop. Every events view asks here and nowhere else:
`workshop_for_viewer` (404), `registration_for_owner` (404), `can_<verb>` predicates for the
page's buttons, `require_<role>` raising PermissionDenied (403)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.access import is_municipality_member, is_office, organisations_of
from accounts.models import Organisation

from .models import ProgrammeSlot, Registration, Workshop


def workshop_for_viewer(user, slug):
    """The workshop if `user` may see it (published, or the office); 404 otherwise."""
    return get_object_or_404(Workshop.objects.visible_to(user), slug=slug)


def registration_for_owner(user, token):
    """A registration by its token, for its own participant or the office; 404 otherwise."""
    registration = get_object_or_404(Registration.objects.select_related("workshop"), token=token)
    if registration.user_id != user.pk and not is_office(user):
        raise Http404
    return registration


def can_manage_workshops(user) -> bool:
    """The office plans workshops, sees hidden questions and exports participants."""
    return is_office(user)


def require_office(user):
    """Office-only pages of the events app (planning, participant lists)."""
    if not is_office(user):
        raise PermissionDenied


def provider_organisation_ids(user) -> list:
    return [o.pk for o in organisations_of(user, Organisation.Kind.PROVIDER)]


def can_apply_for_slot(user) -> bool:
    """Presenting a solution at a workshop: members of a provider organisation."""
    return bool(provider_organisation_ids(user))


def require_slot_applicant(user) -> list:
    """The user's provider organisation ids; PermissionDenied when there are none."""
    org_ids = provider_organisation_ids(user)
    if not org_ids:
        raise PermissionDenied
    return org_ids


def can_contact_presenters(user, workshop) -> bool:
    """After the workshop, municipality members may write to the presenters."""
    return workshop.is_past and is_municipality_member(user)


def can_give_feedback(registration, workshop) -> bool:
    """Confirmed participants rate a workshop once it is over."""
    return (
        workshop.is_past
        and registration is not None
        and registration.status == Registration.Status.CONFIRMED
    )


def can_add_material(user, workshop) -> bool:
    """Slides and links: the office and the workshop's accepted presenters."""
    return is_office(user) or is_presenter(user, workshop)


def require_material_editor(user, workshop):
    if not can_add_material(user, workshop):
        raise PermissionDenied


def is_registered(user, workshop) -> bool:
    return (
        user.is_authenticated
        and workshop.registrations.filter(user=user, status=Registration.Status.CONFIRMED).exists()
    )


def presenting_provider(user, workshop):
    """The provider (profile) the user presents for in the workshop (an accepted slot of one
    of the user's provider organisations), or None."""
    org_ids = [o.pk for o in organisations_of(user, Organisation.Kind.PROVIDER)]
    if not org_ids:
        return None
    slot = (
        workshop.slots.filter(
            status=ProgrammeSlot.Status.ACCEPTED, provider__organisation_id__in=org_ids
        )
        .select_related("provider")
        .order_by("pk")
        .first()
    )
    return slot.provider if slot else None


def is_presenter(user, workshop) -> bool:
    return presenting_provider(user, workshop) is not None


def is_insider(user, workshop) -> bool:
    """Video link and unpublished materials: confirmed participants, presenters, the office."""
    return is_office(user) or is_registered(user, workshop) or is_presenter(user, workshop)


def can_register(user, workshop) -> bool:
    if not user.is_authenticated:
        return False
    if workshop.audience == Workshop.Audience.MUNICIPALITIES:
        return is_municipality_member(user)
    return True


def can_ask(user, workshop) -> bool:
    return is_municipality_member(user) and is_registered(user, workshop)


def require_insider(user, workshop):
    if not is_insider(user, workshop):
        raise PermissionDenied


def material_for_viewer(user, workshop, pk):
    """A material of the workshop; unpublished ones only for insiders (404 otherwise)."""
    material = get_object_or_404(workshop.materials, pk=pk)
    if not material.published and not is_insider(user, workshop):
        raise Http404
    return material
