"""Who may see and act on a partnership. Every partnerships view asks here and nowhere else:
`partnership_for_viewer` / `_for_editor` (404 when not visible, 403 when visible but not
the user's to change), `can_<verb>` predicates, `require_<role>` raising PermissionDenied."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.access import (
    MunicipalityRequired,
    is_member,
    is_office,
    organisations_of,
)
from accounts.models import Organisation

from .models import Partnership, Side


def partnership_for_viewer(user, pk, queryset=None):
    """The partnership if the user may see it; 404 otherwise (no hint that it exists)."""
    queryset = queryset if queryset is not None else Partnership.objects.all()
    return get_object_or_404(queryset.visible_to(user), pk=pk)


def invitation_for_viewer(user, pk):
    """An open invitation of one of the user's provider organisations, or 404."""
    return get_object_or_404(
        Partnership.objects.invitations_for(user).select_related("municipality"), pk=pk
    )


def partnership_or_invitation_for_viewer(user, pk, queryset=None):
    """(partnership, invited): full access, or else the open invitation only; 404 otherwise."""
    queryset = queryset if queryset is not None else Partnership.objects.all()
    found = queryset.visible_to(user).filter(pk=pk).first()
    if found is not None:
        return found, False
    return invitation_for_viewer(user, pk), True


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


def partnership_for_knowledge_pack(user, pk, queryset=None):
    """404 for those who do not see the partnership, 403 for the provider partner."""
    partnership = partnership_for_viewer(user, pk, queryset)
    if not can_see_knowledge_pack(user, partnership):
        raise PermissionDenied
    return partnership


def can_start_partnership(user) -> bool:
    """Starting a partnership: members of a municipality organisation."""
    return bool(organisations_of(user, Organisation.Kind.MUNICIPALITY))


def require_starter_towns(user):
    """The municipalities the user may start a partnership for (a queryset); 403 with the
    pointer to the membership form when there are none."""
    towns = Organisation.objects.municipalities().filter(
        pk__in=[o.pk for o in organisations_of(user, Organisation.Kind.MUNICIPALITY)]
    )
    if not towns:
        raise MunicipalityRequired(user)
    return towns


def can_edit_partnership(user, partnership) -> bool:
    """Title, goals, budget and the other editable fields: the municipality side."""
    return Side.MUNICIPALITY in sides_of(user, partnership)


def partnership_for_editor(user, pk, editable_fields):
    """(partnership, fields) for the municipality side: 404 when not visible, 403 for the
    provider side, the office, or a stage with nothing editable (`editable_fields` maps a
    stage to its fields)."""
    partnership = partnership_for_viewer(user, pk)
    if not can_edit_partnership(user, partnership):
        raise PermissionDenied
    fields = editable_fields.get(partnership.stage)
    if not fields:
        raise PermissionDenied
    return partnership, fields


def can_mark_for_bidders(user, partnership) -> bool:
    """Marking documents for all bidders in the knowledge pack: the municipality side."""
    return can_edit_partnership(user, partnership)
