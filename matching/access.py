"""Who may see a need's procurement file (the chronology): the need's town and the office.

The other need rules (need_for_viewer, can_decide, ...) live in matching.workflows.
"""

from django.http import Http404

from accounts.access import is_member, is_office

from .models import Need


def can_see_chronology(user, need) -> bool:
    """The dated chronology of a need is part of the town's procurement file: its members
    and the office see it; other towns and providers do not, even for a public need."""
    return is_member(user, need.organisation) or is_office(user)


def need_for_chronology(user, pk):
    """The need if `user` may see its chronology; 404 otherwise (no hint that it exists)."""
    need = Need.objects.select_related("organisation__municipality", "author").filter(pk=pk).first()
    if need is None or not user.is_authenticated or not can_see_chronology(user, need):
        raise Http404
    return need
