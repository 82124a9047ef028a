"""Security review 2026-12, M7: an unapproved user or an anonymous client must not inflate
the cockpit's figures or flood the office with notices."""

import pytest

from accounts.models import Membership
from accounts.tests.factories import MunicipalityFactory
from core.models import Notification
from matching.models import SearchLog
from office.stats import DateRange, figure_by_slug, reached_municipalities

pytestmark = pytest.mark.django_db


def test_membership_requests_for_many_towns_stop_at_three_open_ones(
    client_for, outsider, office_user, municipality_org
):
    towns = [MunicipalityFactory(name=f"Angriffsdorf {n}") for n in range(5)]
    client = client_for(outsider)
    for town in towns:
        response = client.post("/konto/kommune/", {"municipality": town.name})
    assert Membership.objects.filter(user=outsider, status="pending").count() == 3
    assert Notification.objects.filter(user=office_user).count() == 3
    assert "Sie haben 3 offene Mitgliedschaftsanfragen" in response.content.decode()


def test_pending_requests_do_not_reach_a_municipality(
    client_for, outsider, municipality_org, municipality_user
):
    member_town = municipality_org.municipality
    towns = [MunicipalityFactory(name=f"Angriffsdorf {n}") for n in range(3)]
    client = client_for(outsider)
    for town in towns:
        client.post("/konto/kommune/", {"municipality": town.name})
    assert list(reached_municipalities(DateRange.default())) == [member_town]


def _search(client, words, address):
    client.get("/loesungen/", {"q": words}, REMOTE_ADDR=address)


def test_one_client_repeating_a_search_does_not_make_a_top_term(client):
    for _ in range(30):
        _search(client, "Betrugsplattform meiden", "203.0.113.66")
    assert SearchLog.objects.filter(query="Betrugsplattform meiden").count() == 1
    assert figure_by_slug("ohne-treffer", DateRange.default()).rows == []


def test_a_term_counts_once_three_visitors_searched_it(client):
    for n in range(3):
        _search(client, "Drohnenabwehr", f"198.51.100.{n}")
        _search(client, "Drohnenabwehr", f"198.51.100.{n}")
    _search(client, "Betrugsplattform meiden", "203.0.113.66")
    _search(client, "Betrugsplattform meiden", "203.0.113.67")
    assert figure_by_slug("ohne-treffer", DateRange.default()).rows == [["Drohnenabwehr", 3]]
