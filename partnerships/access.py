"""Who may see and act on a partnership. Every view asks here."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.access import is_member, is_office

from .models import Partnership, Side


def get_partnership_for_user(user, pk, queryset=None):
    """The partnership if the user may see it; 404 otherwise (no hint that it exists)."""
    queryset = queryset if queryset is not None else Partnership.objects.all()
    return get_object_or_404(queryset.visible_to(user), pk=pk)


def sides_of(user, partnership) -> set:
    sides = set()
    if is_member(user, partnership.municipality):
        sides.add(Side.MUNICIPALITY)
    if partnership.provider_id and is_member(user, partnership.provider):
        sides.add(Side.PROVIDER)
    return sides


def is_partner(user, partnership) -> bool:
    return bool(sides_of(user, partnership))


def require_side(user, partnership, side=None):
    """The user acts for `side` (or, with side None, for either partner)."""
    sides = sides_of(user, partnership)
    if not sides or (side is not None and side not in sides):
        raise PermissionDenied


def can_view(user, partnership) -> bool:
    return is_office(user) or is_partner(user, partnership)
