"""Contact persons: kept by the provider's members on the profile page, shown only to
signed-in municipality and office users."""

import pytest
from django.test import Client

from catalog.models import ContactPerson
from catalog.tests.factories import ProviderProfileFactory
from core.models import AuditEntry

pytestmark = pytest.mark.django_db
URL = "/anbieter/konto/profil/"


@pytest.fixture
def own(provider_org):
    return ProviderProfileFactory(organisation=provider_org)


@pytest.fixture
def foreign(other_provider_org):
    profile = ProviderProfileFactory(organisation=other_provider_org)
    ContactPerson.objects.create(provider=profile, name="Berta Fremd", email="b@k.example")
    return profile


def _post_data(profile, rows, initial=0):
    """The profile fields plus the contact formset: rows are dicts of one contact each."""
    data = {
        "name": profile.name,
        "contacts-TOTAL_FORMS": str(len(rows)),
        "contacts-INITIAL_FORMS": str(initial),
    }
    for i, row in enumerate(rows):
        data.update({f"contacts-{i}-{key}": value for key, value in row.items()})
    return data


def test_member_adds_edits_and_deletes_contact_persons(client_for, provider_user, own):
    c = client_for(provider_user)
    page = c.get(URL).content.decode()
    assert 'name="contacts-0-name"' in page and "Ansprechpersonen" in page
    new = {
        "name": "Erika Muster",
        "role": "Vertrieb",
        "email": "erika@p.example",
        "phone": "0661 1",
    }
    assert c.post(URL, _post_data(own, [new])).status_code == 302
    erika = own.contacts.get()
    assert (erika.name, erika.role, erika.email, erika.phone) == (
        "Erika Muster", "Vertrieb", "erika@p.example", "0661 1",
    )  # fmt: skip

    renamed = {"id": erika.pk, "provider": own.pk, "name": "Erika Neu", "role": "Leitung"}
    assert c.post(URL, _post_data(own, [renamed], initial=1)).status_code == 302
    erika.refresh_from_db()
    assert (erika.name, erika.role, erika.email) == ("Erika Neu", "Leitung", "")

    gone = {**renamed, "DELETE": "on"}
    assert c.post(URL, _post_data(own, [gone], initial=1)).status_code == 302
    assert not own.contacts.exists()
    changes = [
        e.changes["contacts"] for e in AuditEntry.objects.filter(action="catalog.provider.edited")
    ]
    assert {"added": ["Erika Muster"], "changed": [], "deleted": []} in changes
    assert {"added": [], "changed": [], "deleted": ["Erika Neu"]} in changes


def test_invalid_contact_keeps_everything_unchanged(client_for, provider_user, own):
    data = _post_data(own, [{"name": "", "email": "keine-adresse"}])
    data["name"] = "Neuer Name"
    r = client_for(provider_user).post(URL, data)
    assert r.status_code == 200
    assert r.context["contacts"].errors[0]["email"]
    own.refresh_from_db()
    assert own.name != "Neuer Name" and not own.contacts.exists()


def test_other_providers_contact_cannot_be_edited_or_deleted_by_id(
    client_for, provider_user, own, foreign
):
    berta = foreign.contacts.get()
    c = client_for(provider_user)
    for extra in ({"DELETE": "on"}, {}):
        forged = {"id": berta.pk, "provider": own.pk, "name": "Gekapert", **extra}
        c.post(URL, _post_data(own, [forged], initial=1))
        berta.refresh_from_db()
        # An id outside this profile's contacts is never looked up: Berta stays as she was.
        assert (berta.name, berta.provider) == ("Berta Fremd", foreign)
    assert foreign.contacts.count() == 1


@pytest.mark.parametrize("who", ["anonymous", "outsider", "municipality_user", "office_user"])
def test_only_provider_members_reach_the_contact_form(request, who, own):
    c = Client()
    if who != "anonymous":
        c.force_login(request.getfixturevalue(who))
    r = c.post(URL, _post_data(own, [{"name": "Eindringling"}]))
    assert r.status_code == (302 if who == "anonymous" else 403)
    if r.status_code == 302:
        assert "/konto/login/" in r["Location"]
    assert not ContactPerson.objects.exists()


def test_contacts_entered_on_the_form_show_only_to_municipality_and_office(
    client_for, provider_user, municipality_user, office_user, outsider, other_provider_user, own
):
    client_for(provider_user).post(URL, _post_data(own, [{"name": "Erika Muster"}]))
    url = own.get_absolute_url()
    assert "Erika Muster" not in Client().get(url).content.decode()
    for user in (outsider, other_provider_user):
        assert "Erika Muster" not in client_for(user).get(url).content.decode()
    for user in (municipality_user, office_user):
        assert "Erika Muster" in client_for(user).get(url).content.decode()
