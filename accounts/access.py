"""Who may do what. Every view asks here; no permission condition is repeated inline.

Roles: an active membership in an organisation of kind provider / municipality / office,
with role admin or editor. Office staff are members of an office organisation.
"""

from django.core.exceptions import PermissionDenied

from .models import Membership, Organisation


def active_memberships(user):
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.active().filter(user=user).select_related("organisation")


def _memberships_cached(user):
    # One query per request: the result is kept on the user object.
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_sr_memberships", None)
    if cached is None:
        cached = list(active_memberships(user))
        user._sr_memberships = cached
    return cached


def forget_memberships(user):
    """Call after changing a user's memberships within the same request."""
    user.__dict__.pop("_sr_memberships", None)


def organisations_of(user, kind=None):
    return [
        m.organisation
        for m in _memberships_cached(user)
        if kind is None or m.organisation.kind == kind
    ]


def is_office(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or bool(organisations_of(user, Organisation.Kind.OFFICE))
    )


def is_municipality_member(user) -> bool:
    return bool(organisations_of(user, Organisation.Kind.MUNICIPALITY))


def is_provider_member(user) -> bool:
    return bool(organisations_of(user, Organisation.Kind.PROVIDER))


def is_member(user, organisation, role=None) -> bool:
    return any(
        m.organisation_id == organisation.pk and (role is None or m.role == role)
        for m in _memberships_cached(user)
    )


def is_org_admin(user, organisation) -> bool:
    return is_member(user, organisation, Membership.Role.ADMIN)


class MunicipalityRequired(PermissionDenied):
    """A town-only page opened by someone who acts for no municipality. For a person without
    any organisation the 403 page points to the membership request form."""

    def __init__(self, user):
        super().__init__()
        self.membership_pointer = user.is_authenticated and not organisations_of(user)


def require_municipality_member(user):
    """The user's municipality organisations; MunicipalityRequired when there are none."""
    towns = organisations_of(user, Organisation.Kind.MUNICIPALITY)
    if not towns:
        raise MunicipalityRequired(user)
    return towns


def require_office(user):
    if not is_office(user):
        raise PermissionDenied


def require_member(user, organisation, role=None):
    if not (is_member(user, organisation, role) or is_office(user)):
        raise PermissionDenied


def can_approve_membership(user, membership) -> bool:
    """The office, or an admin of that (municipality) organisation; never the applicant."""
    if membership.user_id == user.pk:
        return False
    return is_office(user) or is_org_admin(user, membership.organisation)


def can_manage_personal_data(user, person) -> bool:
    """Export or erase a person's data: the person themselves, or the office on request."""
    return user.is_authenticated and (user.pk == person.pk or is_office(user))


def require_membership_decider(user):
    """The list of membership requests: the office and administrators of an organisation."""
    if not (is_office(user) or any(is_org_admin(user, o) for o in organisations_of(user))):
        raise PermissionDenied


def require_inviter(user, organisation):
    """Administrators of the organisation and the office invite people into it."""
    if not (is_org_admin(user, organisation) or is_office(user)):
        raise PermissionDenied


def require_invitee(user, invitation):
    """An invitation is accepted only by the account with the invited address."""
    if user.email.lower() != invitation.email.lower():
        raise PermissionDenied
