"""Signed-in pages, rendered by the server: no id twice, every label and ARIA reference lands.

Two unprefixed forms on one page gave two fields the id `id_title`: the browser labels the first
field twice and leaves the other unlabelled, and axe does not notice (review 2026-12).
"""

import pytest
from django.urls import reverse

from catalog.tests.factories import ProviderProfileFactory, SolutionFactory
from events import services as event_services
from events.tests.factories import WorkshopFactory, past
from partnerships.tests.factories import PartnershipFactory

from .html_checks import id_problems

pytestmark = pytest.mark.django_db


def assert_unique_ids(client, url, must_contain=()):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    for fragment in must_contain:  # the forms under test are really on the page
        assert fragment in html, f"{url}: {fragment!r} missing"
    assert id_problems(html) == [], url


def test_checker_finds_duplicate_ids_and_orphan_labels():
    html = (
        '<label for="id_title">A</label><input id="id_title">'
        '<label for="id_title">B</label><input id="id_title">'
        '<label for="">C</label><div aria-describedby="id_gone"></div>'
    )
    assert id_problems(html) == [
        "id 'id_title' used 2 times",
        "label for='' points to no element",
        "aria-describedby='id_gone' points to no element",
    ]


def test_partnership_page_with_all_its_forms(municipality_user, municipality_org, client_for):
    partnership = PartnershipFactory(municipality=municipality_org)  # initiation stage
    assert_unique_ids(
        client_for(municipality_user),
        partnership.get_absolute_url(),
        must_contain=[
            'id="id_invite-provider"',
            'id="id_budget-description"',
            'id="id_criterion-title"',
            'id="id_milestone-title"',
            'id="id_document-title"',
        ],
    )


def test_past_workshop_with_question_and_feedback_forms(
    municipality_user, provider_user, provider_org, office_user, client_for
):
    workshop = WorkshopFactory()
    solution = SolutionFactory(provider=ProviderProfileFactory(organisation=provider_org))
    slot = event_services.apply_for_slot(
        actor=provider_user, workshop=workshop, solution=solution, abstract="Sensoren"
    )
    event_services.decide_slot(actor=office_user, slot=slot, accept=True)
    event_services.register(actor=municipality_user, workshop=workshop)
    past(workshop)
    client = client_for(municipality_user)
    assert_unique_ids(
        client,
        workshop.get_absolute_url(),
        must_contain=[
            'id="id_question-text"',
            'id="id_feedback-text"',
            'id="id_feedback-rating_0"',
        ],
    )
    assert_unique_ids(
        client_for(office_user),
        reverse("events:manage_detail", args=[workshop.slug]),
    )


@pytest.mark.parametrize(
    "url",
    [
        "/konto/",
        "/vorhaben/neu/",
        "/partnerschaften/neu/",
        "/konto/organisation/{org}/einladen/",
        "/konto/api-tokens/",
        "/konto/password/change/",
    ],
)
def test_town_pages(url, municipality_user, municipality_org, client_for):
    assert_unique_ids(client_for(municipality_user), url.format(org=municipality_org.slug))


@pytest.mark.parametrize(
    "url", ["/anbieter/konto/", "/anbieter/konto/loesungen/neu/", "/anbieter/konto/profil/"]
)
def test_provider_pages(url, provider_user, provider_org, client_for):
    ProviderProfileFactory(organisation=provider_org)
    assert_unique_ids(client_for(provider_user), url)


@pytest.mark.parametrize(
    "url",
    [
        "/geschaeftsstelle/",
        "/geschaeftsstelle/vokabulare/",
        "/geschaeftsstelle/thesaurus/",
        "/geschaeftsstelle/import/",
        "/geschaeftsstelle/schwellenwerte/neu/",
        "/geschaeftsstelle/statistik/",
        "/veranstaltungen/verwalten/neu/",
    ],
)
def test_office_pages(url, office_user, client_for):
    assert_unique_ids(client_for(office_user), url)
