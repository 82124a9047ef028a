import pytest

from accounts.access import is_municipality_member, organisations_of
from accounts.models import Invitation, Membership, Organisation
from accounts.tests.factories import MunicipalityFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(db):
    return MunicipalityFactory(ags="06633001", name="Musterhausen")


def test_anyone_signed_in_can_found_a_provider(client_for, outsider):
    response = client_for(outsider).post("/konto/anbieter-registrieren/", {"name": "Neu GmbH"})
    assert response.status_code == 302
    org = Organisation.objects.get(name="Neu GmbH")
    assert org.is_provider
    assert Membership.objects.get(user=outsider, organisation=org).role == "admin"


def test_municipality_request_stays_pending_and_grants_nothing(client_for, outsider, town):
    client = client_for(outsider)
    client.post("/konto/kommune/", {"municipality": town.name})
    membership = Membership.objects.get(user=outsider)
    assert membership.status == Membership.Status.PENDING
    outsider.__dict__.pop("_sr_memberships", None)
    assert not is_municipality_member(outsider)
    assert organisations_of(outsider) == []
    # Not even by posting the decision themselves.
    response = client.post(f"/konto/mitgliedschaften/{membership.pk}/entscheiden/",
                           {"decision": "approve"})  # fmt: skip
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.status == Membership.Status.PENDING


def test_admin_of_another_org_cannot_approve_self(client_for, provider_user, town):
    client = client_for(provider_user)
    client.post("/konto/kommune/", {"municipality": town.name})
    membership = Membership.objects.get(user=provider_user, organisation__municipality=town)
    client.post(f"/konto/mitgliedschaften/{membership.pk}/entscheiden/", {"decision": "approve"})
    membership.refresh_from_db()
    assert membership.status == Membership.Status.PENDING


def test_office_approves_and_applicant_is_notified(client_for, outsider, office_user, town):
    client_for(outsider).post("/konto/kommune/", {"municipality": town.name})
    membership = Membership.objects.get(user=outsider)
    client = client_for(office_user)
    assert "Musterhausen" in client.get("/konto/mitgliedschaften/anfragen/").content.decode()
    client.post(f"/konto/mitgliedschaften/{membership.pk}/entscheiden/", {"decision": "approve"})
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert outsider.notifications.filter(subject__contains="Musterhausen").exists()


def test_town_admin_approves_requests_for_own_town_only(client_for, outsider, town, office_user):
    other = MunicipalityFactory(ags="06633002", name="Anderstadt")
    client_for(outsider).post("/konto/kommune/", {"municipality": town.name})
    town_org = Organisation.objects.get(municipality=town)
    admin = member_of(town_org, email="admin@musterhausen.example")
    other_org = Organisation.objects.create(
        kind="municipality", name="Anderstadt", municipality=other
    )
    other_admin = member_of(other_org, email="admin@anderstadt.example")
    membership = Membership.objects.get(user=outsider)
    url = f"/konto/mitgliedschaften/{membership.pk}/entscheiden/"
    assert client_for(other_admin).post(url, {"decision": "approve"}).status_code == 403
    client_for(admin).post(url, {"decision": "reject"})
    membership.refresh_from_db()
    assert membership.status == Membership.Status.REJECTED


def test_districts_cannot_be_requested(client_for, outsider):
    district = MunicipalityFactory(ags="06633", name="Kassel", kind="landkreis")
    response = client_for(outsider).post("/konto/kommune/", {"municipality": district.name})
    assert response.status_code == 200
    assert not Membership.objects.filter(user=outsider).exists()


def test_invitation_by_admin_gives_active_membership(
    client_for, provider_user, provider_org, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(provider_user).post(
            f"/konto/organisation/{provider_org.slug}/einladen/",
            {"email": "neu@parksense.example", "role": "editor"},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.token in mailoutbox[-1].body
    from accounts.tests.factories import UserFactory

    invited = UserFactory(email="neu@parksense.example")
    client = client_for(invited)
    client.post(f"/konto/einladung/{invitation.token}/")
    assert Membership.objects.get(user=invited).status == Membership.Status.ACTIVE


def test_invitation_cannot_be_used_by_someone_else_or_by_non_admins(
    client_for, provider_user, provider_org, outsider, other_provider_user
):
    url = f"/konto/organisation/{provider_org.slug}/einladen/"
    assert (
        client_for(other_provider_user).post(url, {"email": "x@y.de", "role": "admin"}).status_code
        == 403
    )
    invitation = Invitation.objects.create(
        organisation=provider_org, email="a@b.de", invited_by=provider_user
    )
    assert client_for(outsider).post(f"/konto/einladung/{invitation.token}/").status_code == 403
    assert not Membership.objects.filter(user=outsider).exists()


@pytest.mark.parametrize("n", [2, 20])
def test_dashboard_query_count_does_not_grow(client_for, outsider, django_assert_num_queries, n):
    from accounts.tests.factories import ProviderOrgFactory

    for _ in range(n):
        Membership.objects.create(user=outsider, organisation=ProviderOrgFactory(), status="active")
    client = client_for(outsider)
    # Mein Bereich shows the providers' work: one query per section, however many providers.
    with django_assert_num_queries(12):
        assert client.get("/konto/").status_code == 200
