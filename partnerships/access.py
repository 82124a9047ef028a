"""Who may see and act on a partnership. Every view asks here."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.access import is_member, is_office

from .models import Partnership, Side


def get_partnership_for_user(user, pk, queryset=None):
    """The partnership if the user may see it; 404 otherwise (no hint that it exists)."""
    queryset = queryset if queryset is not None else Partnership.objects.all()
    return get_object_or_404(queryset.visible_to(user), pk=pk)


def get_invitation_for_user(user, pk):
    """An open invitation of one of the user's provider organisations, or 404."""
    return get_object_or_404(
        Partnership.objects.invitations_for(user).select_related("municipality"), pk=pk
    )


def get_partnership_or_invitation(user, pk, queryset=None):
    """(partnership, invited): full access, or else the open invitation only; 404 otherwise."""
    queryset = queryset if queryset is not None else Partnership.objects.all()
    found = queryset.visible_to(user).filter(pk=pk).first()
    if found is not None:
        return found, False
    return get_invitation_for_user(user, pk), True


def sides_of(user, partnership) -> set:
    """The sides the user acts for. A provider counts only after accepting the invitation:
    an organisation invited by mistake never sees budgets or documents, nor ends anything."""
    sides = set()
    if is_member(user, partnership.municipality):
        sides.add(Side.MUNICIPALITY)
    if partnership.provider_accepted_at and is_member(user, partnership.provider):
        sides.add(Side.PROVIDER)
    return sides


def is_invited(user, partnership) -> bool:
    """A member of the invited provider organisation that has not accepted yet."""
    return bool(
        partnership.provider_id
        and not partnership.provider_accepted_at
        and is_member(user, partnership.provider)
    )


def is_partner(user, partnership) -> bool:
    return bool(sides_of(user, partnership))


def require_side(user, partnership, side=None):
    """The user acts for `side` (or, with side None, for either partner)."""
    sides = sides_of(user, partnership)
    if not sides or (side is not None and side not in sides):
        raise PermissionDenied


def can_view(user, partnership) -> bool:
    return is_office(user) or is_partner(user, partnership)


def can_see_knowledge_pack(user, partnership) -> bool:
    """The knowledge pack (§ 7 VgV) is the town's: its members and the office."""
    return is_office(user) or Side.MUNICIPALITY in sides_of(user, partnership)


def get_partnership_for_knowledge_pack(user, pk, queryset=None):
    """404 for those who do not see the partnership, 403 for the provider partner."""
    partnership = get_partnership_for_user(user, pk, queryset)
    if not can_see_knowledge_pack(user, partnership):
        raise PermissionDenied
    return partnership
