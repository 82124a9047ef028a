"""L5: an unproven claim on someone's e-mail address does not block their sign-up or
invitation, and a proven one is never taken over."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import Invitation, Membership, User
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
VICTIM = "neue-kollegin@example.org"
PASSWORD = "Ein-Gutes-Passwort-2026"


def _signup(client, email=VICTIM):
    return client.post(
        "/konto/signup/",
        {
            "email": email,
            "name": "Erika Muster",
            "function": "Hauptamt",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )


def test_unverified_secondary_address_of_someone_else_does_not_block_sign_up(client, outsider):
    EmailAddress.objects.create(user=outsider, email=VICTIM, verified=False, primary=False)
    response = _signup(client)
    assert response.status_code == 302
    owner = User.objects.get(email=VICTIM)
    assert owner != outsider
    assert not EmailAddress.objects.filter(user=outsider, email=VICTIM).exists()
    assert [m.to for m in mail.outbox] == [[VICTIM]]  # the usual confirmation
    assert EmailAddress.objects.get(user=owner).verified is False


def test_invitation_link_replaces_an_unconfirmed_account_with_the_address(
    client, municipality_org, municipality_user
):
    squatter = UserFactory(email=VICTIM, verified=False)  # signed up, never confirmed
    invitation = Invitation.objects.create(
        organisation=municipality_org, email=VICTIM, role="editor", invited_by=municipality_user
    )
    page = client.get(f"/konto/einladung/{invitation.token}/")
    assert page.status_code == 200
    assert f"/konto/signup/?next=/konto/einladung/{invitation.token}/" in page.content.decode()
    response = _signup(client)
    assert response.status_code == 302
    assert not User.objects.filter(pk=squatter.pk).exists()
    owner = User.objects.get(email=VICTIM)
    assert owner.check_password(PASSWORD)
    assert EmailAddress.objects.get(user=owner).verified is True  # the link proved it
    response = client.post(f"/konto/einladung/{invitation.token}/")
    assert response.status_code == 302
    assert Membership.objects.get(user=owner, organisation=municipality_org).status == "active"


def test_without_proof_an_unconfirmed_account_is_not_taken_over(client):
    squatter = UserFactory(email=VICTIM, verified=False)
    _signup(client)
    assert list(User.objects.filter(email=VICTIM)) == [squatter]
    assert squatter.check_password("Sicheres-Passwort-2026")


def test_a_confirmed_account_is_never_replaced_even_through_an_invitation(
    client, municipality_org, municipality_user
):
    holder = UserFactory(email=VICTIM)  # verified
    invitation = Invitation.objects.create(
        organisation=municipality_org, email=VICTIM, role="editor", invited_by=municipality_user
    )
    client.get(f"/konto/einladung/{invitation.token}/")
    _signup(client)
    assert list(User.objects.filter(email=VICTIM)) == [holder]
    holder.refresh_from_db()
    assert holder.check_password("Sicheres-Passwort-2026")
