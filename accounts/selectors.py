"""Reads of accounts: the membership requests a person may decide ("Mein Bereich" itself is
the dashboard app's)."""

from .access import is_office, is_org_admin, organisations_of
from .models import Membership


def decidable_memberships(user):
    """Pending requests this user may decide: all for the office, own organisations for admins."""
    pending = Membership.objects.pending().exclude(user=user)
    if is_office(user):
        return pending
    admin_of = [o.pk for o in organisations_of(user) if is_org_admin(user, o)]
    return pending.filter(organisation_id__in=admin_of)
