"""Towns with the same need: similar public needs of other towns and the towns that already
use a fitting solution, on the need page (matching/peers.py)."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.tests.factories import MunicipalityFactory, MunicipalityOrgFactory
from catalog.models import Reference, Topic
from matching.models import Need

from .conftest import make_need

pytestmark = pytest.mark.django_db


def section(page, heading_id):
    """The HTML of the page's <section> labelled by `heading_id`."""
    match = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', page, flags=re.S)
    assert match, heading_id
    return match.group(1)


def titles(html):
    return re.findall(r"<h3><a href=\"[^\"]+\">([^<]+)</a></h3>", html)


@pytest.fixture
def topics():
    return list(Topic.objects.order_by("pk")[:3])


def other_town(name, **kwargs):
    return MunicipalityOrgFactory(municipality=MunicipalityFactory(name=name, **kwargs))


def test_similar_public_needs_of_other_towns_most_shared_topics_first(
    need, topics, municipality_user, client_for
):
    need.topics.set(topics[:2])
    fulda, kassel = other_town("Fulda"), other_town("Kassel")
    one = make_need(fulda, Need.Visibility.PUBLIC, title="Parken in Fulda")
    one.topics.set(topics[:1])
    two = make_need(kassel, Need.Visibility.PUBLIC, title="Parken in Kassel")
    two.topics.set(topics[:2])
    unrelated = make_need(kassel, Need.Visibility.PUBLIC, title="Friedhof")
    unrelated.topics.set(topics[2:])
    own = make_need(need.organisation, Need.Visibility.PUBLIC, title="Eigenes Vorhaben")
    own.topics.set(topics[:2])

    page = client_for(municipality_user).get(need.get_absolute_url()).content.decode()
    similar = section(page, "similar-needs")
    assert titles(similar) == ["Parken in Kassel", "Parken in Fulda"]
    shared = escape(", ".join(sorted(t.name for t in topics[:2])))
    assert f"Gemeinsame Handlungsfelder: {shared}</p>" in similar
    assert f'href="{fulda.municipality.get_absolute_url()}"' in similar


def test_private_needs_of_other_towns_never_appear_nor_count(
    need, topics, other_municipality_user, municipality_user, client_for
):
    need.topics.set(topics[:1])
    secret = make_need(
        other_municipality_user.memberships.get().organisation,
        Need.Visibility.PRIVATE,
        title="Geheimes Parkvorhaben",
    )
    secret.topics.set(topics[:1])

    page = client_for(municipality_user).get(need.get_absolute_url()).content.decode()
    similar = section(page, "similar-needs")
    assert "Geheimes Parkvorhaben" not in page
    assert titles(similar) == []
    assert "Noch keine andere Kommune hat ein Vorhaben in denselben Handlungsfeldern" in similar


def test_towns_using_a_fitting_solution_nearest_first_with_contact_offer(
    need, parking, municipality_user, client_for
):
    home = need.organisation.municipality
    home.lat, home.lon = Decimal("50.868"), Decimal("9.707")  # Bad Hersfeld
    home.save()
    towns = {
        "Kassel": ("51.316", "9.498", "06611"),
        "Alheim": ("51.007", "9.596", "06632"),
        "Darmstadt": ("49.872", "8.651", "06411"),
        "Ohne Koordinaten": (None, None, "06632"),
        "Weit weg ohne": (None, None, "06411"),
    }
    for name, (lat, lon, district) in towns.items():
        town = MunicipalityFactory(name=name, lat=lat, lon=lon, district_ags=district)
        Reference.objects.create(
            solution=parking, municipality=town, status=Reference.Status.CONFIRMED
        )
    claimed = MunicipalityFactory(name="Nur behauptet", lat="50.87", lon="9.70")
    Reference.objects.create(solution=parking, municipality=claimed)  # claimed: not verified
    Reference.objects.create(solution=parking, municipality=home, status=Reference.Status.CONFIRMED)

    page = client_for(municipality_user).get(need.get_absolute_url()).content.decode()
    using = section(page, "towns-using")
    assert titles(using) == ["Alheim", "Kassel", "Darmstadt", "Ohne Koordinaten", "Weit weg ohne"]
    assert "etwa 17 km entfernt · im selben Landkreis</p>" in using
    assert "etwa 52 km entfernt</p>" in using
    contact = reverse("catalog:contact", args=[parking.slug]) + f"?vorhaben={need.pk}"
    assert using.count(f'href="{contact}"') == 5


def test_anonymous_sees_towns_but_no_contact_link(public_need, parking, client):
    town = MunicipalityFactory(name="Alheim")
    Reference.objects.create(solution=parking, municipality=town, status=Reference.Status.CONFIRMED)
    using = section(client.get(public_need.get_absolute_url()).content.decode(), "towns-using")
    assert titles(using) == ["Alheim"]
    assert reverse("catalog:contact", args=[parking.slug]) not in using


@pytest.mark.parametrize("rows", [2, 20])
def test_need_page_query_count_constant(
    rows, need, parking, topics, municipality_user, client_for, django_assert_num_queries
):
    need.topics.set(topics[:2])
    for n in range(rows):
        town = other_town(f"Ort {n}", lat=Decimal("50.5") + n, lon=Decimal("9.5"))
        make_need(town, Need.Visibility.PUBLIC, title=f"Vorhaben {n}").topics.set(topics[:2])
        make_need(town, Need.Visibility.PRIVATE, title=f"Privat {n}").topics.set(topics[:2])
        Reference.objects.create(
            solution=parking, municipality=town.municipality, status=Reference.Status.CONFIRMED
        )
    client = client_for(municipality_user)
    client.get(need.get_absolute_url())  # warm the session and the ranking index
    with django_assert_num_queries(PAGE_QUERIES):
        page = client.get(need.get_absolute_url()).content.decode()
    assert len(titles(section(page, "similar-needs"))) == min(rows, 5)
    assert len(titles(section(page, "towns-using"))) == min(rows, 10)


PAGE_QUERIES = 17
