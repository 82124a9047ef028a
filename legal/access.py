"""Who may do what with the legal pages. Every view asks here.

Everyone reads the legal pages and their earlier versions and may report a barrier; only the
office edits the texts, sees who changed them, works the barrier queue and sees the record of
processing activities.
"""

from django.shortcuts import get_object_or_404

from accounts.access import is_office, require_office

from .models import BarrierReport


def can_edit_legal(user) -> bool:
    return is_office(user)


def require_legal_editor(user):
    require_office(user)


def get_barrier_report_for_office(user, pk):
    require_office(user)
    return get_object_or_404(BarrierReport, pk=pk)
