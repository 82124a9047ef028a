import pytest
from django.test import Client

from catalog.models import ContactPerson, Reference, Status, Topic
from catalog.services import transition
from catalog.tests.factories import ProviderProfileFactory, SolutionFactory

pytestmark = pytest.mark.django_db
XSS = "<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>"


@pytest.fixture
def own(provider_org):
    return ProviderProfileFactory(organisation=provider_org)


def _inert(html):
    return (
        "<script>alert(1)" not in html
        and 'href="javascript:' not in html
        and "<img src=x onerror" not in html
    )


def test_xss_in_every_markdown_and_text_field_is_inert(
    client, client_for, municipality_user, own, municipality_org
):
    own.description = XSS
    own.short_text = XSS
    own.save()
    ContactPerson.objects.create(provider=own, name=XSS, role=XSS)
    solution = SolutionFactory(provider=own, description=XSS, summary=XSS[:300], price_model=XSS)
    Reference.objects.create(
        solution=solution, municipality=municipality_org.municipality, summary=XSS
    )
    town = client_for(municipality_user)
    assert _inert(town.get(own.get_absolute_url()).content.decode())
    assert _inert(town.get(solution.get_absolute_url()).content.decode())


def test_provider_claims_and_only_the_town_confirms(
    client_for, provider_user, municipality_user, other_municipality_user, own, municipality_org
):
    solution = SolutionFactory(provider=own)
    r = client_for(provider_user).post(
        f"/loesungen/{solution.slug}/referenz/",
        {"municipality": municipality_org.municipality.pk, "year": 2023, "summary": "Läuft"},
    )
    assert r.status_code == 302
    reference = Reference.objects.get()
    assert reference.status == Reference.Status.CLAIMED and not reference.is_verified

    other = client_for(other_municipality_user)
    assert "Läuft" not in other.get("/referenzen/bestaetigen/").content.decode()
    other.post("/referenzen/bestaetigen/", {"reference": reference.pk, "action": "confirm"})
    reference.refresh_from_db()
    assert reference.status == Reference.Status.CLAIMED

    town = client_for(municipality_user)
    assert "Läuft" in town.get("/referenzen/bestaetigen/").content.decode()
    town.post("/referenzen/bestaetigen/", {"reference": reference.pk, "action": "confirm"})
    reference.refresh_from_db()
    assert reference.is_verified and reference.confirmed_by == municipality_user


def test_other_provider_cannot_claim_reference(
    client_for, other_provider_user, own, municipality_org
):
    solution = SolutionFactory(provider=own)
    r = client_for(other_provider_user).post(
        f"/loesungen/{solution.slug}/referenz/", {"municipality": municipality_org.municipality.pk}
    )
    assert r.status_code == 404 and not Reference.objects.exists()


def test_public_views_are_counted_but_not_own_views(client, client_for, provider_user, own):
    solution = SolutionFactory(provider=own)
    client.get(solution.get_absolute_url())
    client_for(provider_user).get(solution.get_absolute_url())
    solution.refresh_from_db()
    assert solution.view_count == 1


def test_history_is_shown_to_the_office_only(client, client_for, office_user, provider_user, own):
    solution = SolutionFactory(provider=own, status=Status.DRAFT)
    transition(solution, Status.SUBMITTED, actor=provider_user)
    transition(solution, Status.PUBLISHED, actor=office_user)
    assert (
        provider_user.email
        in client_for(office_user).get(solution.get_absolute_url()).content.decode()
    )
    # A fresh client: `client` is the office's session since client_for logged it in.
    assert "Verlauf" not in Client().get(solution.get_absolute_url()).content.decode()


@pytest.mark.parametrize("n", [2, 20])
def test_provider_page_query_count_is_flat(
    n, client, client_for, municipality_user, own, django_assert_num_queries
):
    topics = list(Topic.objects.all())
    for i in range(n):
        SolutionFactory(provider=own, topics=topics[: 1 + i % len(topics)])
        ContactPerson.objects.create(provider=own, name=f"Person {i}")
    with django_assert_num_queries(4):
        assert client.get(own.get_absolute_url()).status_code == 200
    town = client_for(municipality_user)
    with django_assert_num_queries(9):
        assert town.get(own.get_absolute_url()).status_code == 200
