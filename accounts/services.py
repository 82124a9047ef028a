"""Organisations, memberships and invitations. Nobody can grant themselves a town."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import log_action, notify, send_email

from .access import can_approve_membership, forget_memberships, is_office, is_org_admin
from .models import Invitation, Membership, Organisation


@transaction.atomic
def create_provider_organisation(*, actor, name):
    """Anyone signed in may found a provider organisation and becomes its admin."""
    org = Organisation.objects.create(kind=Organisation.Kind.PROVIDER, name=name)
    Membership.objects.create(
        user=actor, organisation=org, role=Membership.Role.ADMIN, status=Membership.Status.ACTIVE
    )
    log_action(org, actor=actor, action="accounts.organisation.created")
    forget_memberships(actor)
    return org


OPEN_REQUESTS_PER_USER = 3


@transaction.atomic
def request_municipality_membership(*, actor, municipality):
    """Asks to act for a town. The membership stays pending (grants nothing) until approved.

    At most OPEN_REQUESTS_PER_USER requests wait at a time: each one notifies the office."""
    if not municipality.is_municipal:
        raise ValidationError(_("Please choose a town or municipality, not a district."))
    get_user_model().objects.select_for_update().filter(pk=actor.pk).first()  # one at a time
    open_requests = Membership.objects.pending().filter(user=actor)
    if (
        open_requests.count() >= OPEN_REQUESTS_PER_USER
        and not open_requests.filter(organisation__municipality=municipality).exists()
    ):
        raise ValidationError(
            _(
                "You have %(n)s open membership requests. Please wait until one of them is "
                "decided before asking for another municipality."
            )
            % {"n": OPEN_REQUESTS_PER_USER}
        )
    org = Organisation.objects.filter(municipality=municipality).first()
    if org is None:
        org = Organisation.objects.create(
            kind=Organisation.Kind.MUNICIPALITY, name=municipality.name, municipality=municipality
        )
    membership, created = Membership.objects.get_or_create(
        user=actor,
        organisation=org,
        defaults={"role": Membership.Role.EDITOR, "status": Membership.Status.PENDING},
    )
    if created:
        log_action(
            membership,
            actor=actor,
            action="accounts.membership.requested",
            to_state=membership.status,
        )
        approvers = [m.user for m in org.memberships.active().filter(role="admin")]
        office = Organisation.objects.offices().first()
        if office:
            approvers += [m.user for m in office.memberships.active()]
        notify(approvers, subject=_("Membership request for %(town)s") % {"town": org.name},
               url=reverse("accounts:pending"), kind="membership")  # fmt: skip
    return membership


@transaction.atomic
def decide_membership(*, actor, membership, approve: bool):
    """The office or an admin of that organisation approves or rejects; never the applicant."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not can_approve_membership(actor, membership):
        raise PermissionDenied
    if membership.status != Membership.Status.PENDING:
        raise ValidationError(_("This request has already been decided."))
    membership.status = Membership.Status.ACTIVE if approve else Membership.Status.REJECTED
    membership.decided_by, membership.decided_at = actor, timezone.now()
    membership.save(update_fields=["status", "decided_by", "decided_at"])
    log_action(
        membership,
        actor=actor,
        action="accounts.membership.decided",
        from_state="pending",
        to_state=membership.status,
    )
    subject = (
        _("You may now act for %(org)s") if approve else _("Your request for %(org)s was declined")
    ) % {"org": membership.organisation.name}
    notify([membership.user], subject=subject, url=reverse("dashboard:dashboard"),
           kind="membership")  # fmt: skip
    return membership


@transaction.atomic
def invite_member(*, actor, organisation, email, role=Membership.Role.EDITOR):
    """An organisation admin (or the office) invites an e-mail address with a role."""
    if not (is_org_admin(actor, organisation) or is_office(actor)):
        raise PermissionDenied
    invitation = Invitation.objects.create(
        organisation=organisation, email=email.lower(), role=role, invited_by=actor
    )
    log_action(
        invitation,
        actor=actor,
        action="accounts.invitation.sent",
        changes={"email": email, "role": role},
    )
    url = reverse("accounts:invitation", args=[invitation.token])
    send_email([email], subject=_("Invitation to %(org)s") % {"org": organisation.name},
               body=_("%(who)s invites you to join %(org)s on the Smart Region Marketplace.")
               % {"who": actor.get_full_name(), "org": organisation.name}
               + f"\n\n{settings_url(url)}")  # fmt: skip
    return invitation


def settings_url(path):
    from core.services import absolute_url

    return absolute_url(path)


@transaction.atomic
def accept_invitation(*, actor, invitation):
    """The invited address (signed in as it) joins; an admin's invitation counts as approval."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise ValidationError(_("This invitation has already been used."))
    if actor.email.lower() != invitation.email.lower():
        raise PermissionDenied
    membership, _created = Membership.objects.update_or_create(
        user=actor,
        organisation=invitation.organisation,
        defaults={"role": invitation.role, "status": Membership.Status.ACTIVE,
                  "decided_by": invitation.invited_by, "decided_at": timezone.now()},
    )  # fmt: skip
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    log_action(
        membership,
        actor=actor,
        action="accounts.membership.invitation_accepted",
        to_state=membership.status,
    )
    forget_memberships(actor)
    return membership
