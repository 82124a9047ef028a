"""A town edits, closes (with a reason), reopens and deletes its own needs; the list shows
status and date without nested brackets."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from core.services import history_of
from matching.alerts import new_matches
from matching.models import Need, SavedSearch
from matching.workflows import watch_need
from partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def need(municipality_org, municipality_user):
    return Need.objects.create(
        organisation=municipality_org,
        author=municipality_user,
        title="Friedhofsverwaltung ohne Karteikarten",
        description="Grabstellen, Fristen und Gebühren stehen auf Karteikarten.",
    )


def today():
    return timezone.localdate().strftime("%d.%m.%Y")


def list_items(page):
    return [
        " ".join(re.sub(r"<[^>]+>", "", item).split())
        for item in re.findall(r"<li><a href=\"/vorhaben/\d+/\">.*?</li>", page, re.S)
    ]


def test_list_shows_visibility_status_and_date_without_nested_brackets(
    need, municipality_org, municipality_user, client_for
):
    Need.objects.create(
        organisation=municipality_org,
        title="Tauben am Bahnhofsvorplatz",
        description="x",
        visibility=Need.Visibility.PUBLIC,
    )
    page = client_for(municipality_user).get(reverse("matching:needs")).content.decode()
    assert list_items(page) == [
        f"Tauben am Bahnhofsvorplatz – Bad Hersfeld · öffentlich · Offen · {today()}",
        f"Friedhofsverwaltung ohne Karteikarten – Bad Hersfeld · privat · Offen · {today()}",
    ]


def test_town_edits_its_need_and_the_change_is_audited(need, municipality_user, client_for):
    client = client_for(municipality_user)
    detail = client.get(need.get_absolute_url()).content.decode()
    edit_url = reverse("matching:need_edit", args=[need.pk])
    assert f'href="{edit_url}"' in detail
    form = client.get(edit_url).content.decode()
    assert "Vorhaben bearbeiten" in form and 'value="Friedhofsverwaltung ohne Karteikarten"' in form
    response = client.post(
        edit_url,
        {
            "title": "Digitale Friedhofsverwaltung",
            "description": need.description,
            "visibility": "public",
        },
    )
    assert response.status_code == 302 and response["Location"] == need.get_absolute_url()
    page = client.get(need.get_absolute_url()).content.decode()
    assert "<h1>Digitale Friedhofsverwaltung</h1>" in page
    assert "Das Vorhaben wurde gespeichert." in page
    (entry,) = [e for e in history_of(need) if e.action == "matching.need.edited"]
    assert entry.actor == municipality_user
    assert set(entry.changes["fields"]) == {"title", "visibility"}


def test_town_closes_with_a_reason_and_reopens(need, municipality_user, client_for):
    client = client_for(municipality_user)
    close_url = reverse("matching:need_close", args=[need.pk])
    assert "Warum schließen Sie das Vorhaben ab?" in client.get(close_url).content.decode()
    assert client.post(close_url, {"reason": ""}).status_code == 200  # a reason is required
    response = client.post(close_url, {"reason": "solved", "comment": "Anbieter beauftragt."})
    assert response["Location"] == need.get_absolute_url()
    page = client.get(need.get_absolute_url()).content.decode()
    assert f"Abgeschlossen am {today()}: Eine Lösung wurde gefunden. Anbieter beauftragt." in page
    assert "Vorhaben wieder öffnen" in page and f'href="{close_url}"' not in page
    need.refresh_from_db()
    assert (need.status, need.closed_reason) == ("closed", "solved")
    listing = client.get(reverse("matching:needs")).content.decode()
    assert list_items(listing) == [
        f"Friedhofsverwaltung ohne Karteikarten – Bad Hersfeld · privat · Abgeschlossen · {today()}"
    ]
    client.post(reverse("matching:need_reopen", args=[need.pk]))
    need.refresh_from_db()
    assert (need.status, need.closed_reason, need.closed_at) == ("open", "", None)
    assert [e.action for e in history_of(need)][:2] == [
        "matching.need.reopened",
        "matching.need.closed",
    ]


def test_a_closed_need_sends_no_alerts(need, municipality_user):
    saved = watch_need(actor=municipality_user, need=need)
    from matching.workflows import close_need

    close_need(actor=municipality_user, need=need, reason="dropped")
    saved.refresh_from_db()
    assert new_matches(saved) == []


def test_town_deletes_its_need_a_partnership_keeps_running(
    need, municipality_org, provider_org, municipality_user, client_for
):
    partnership = PartnershipFactory(
        municipality=municipality_org, provider=provider_org, need=need
    )
    watch_need(actor=municipality_user, need=need)
    client = client_for(municipality_user)
    delete_url = reverse("matching:need_delete", args=[need.pk])
    confirm = client.get(delete_url).content.decode()
    assert "Das lässt sich nicht rückgängig machen." in confirm
    assert Need.objects.filter(pk=need.pk).exists()  # GET deletes nothing
    response = client.post(delete_url)
    assert response["Location"] == reverse("matching:needs")
    assert not Need.objects.filter(pk=need.pk).exists()
    assert not SavedSearch.objects.filter(need_id=need.pk).exists()
    partnership.refresh_from_db()
    assert partnership.need is None
    page = client.get(reverse("matching:needs")).content.decode()
    assert "Das Vorhaben „Friedhofsverwaltung ohne Karteikarten“ wurde gelöscht." in page


@pytest.mark.parametrize(
    ("who", "status"),
    [("other_municipality_user", 404), ("provider_user", 404), ("office_user", 403)],
)
def test_only_the_town_changes_its_need(need, request, who, status, client_for):
    client = client_for(request.getfixturevalue(who))
    for name in ("need_edit", "need_close", "need_delete"):
        url = reverse(f"matching:{name}", args=[need.pk])
        assert client.get(url).status_code == status
        assert client.post(url, {"reason": "other", "title": "x"}).status_code == status
    need.refresh_from_db()
    assert (need.title, need.status) == ("Friedhofsverwaltung ohne Karteikarten", "open")


def test_other_town_members_see_no_edit_links_on_a_public_need(
    need, other_municipality_user, client_for
):
    need.visibility = Need.Visibility.PUBLIC
    need.save()
    page = client_for(other_municipality_user).get(need.get_absolute_url()).content.decode()
    assert reverse("matching:need_edit", args=[need.pk]) not in page
    assert reverse("matching:need_delete", args=[need.pk]) not in page


@pytest.mark.parametrize("rows", [2, 20])
def test_need_list_query_count_constant(
    rows, municipality_org, municipality_user, client_for, django_assert_num_queries
):
    for n in range(rows):
        Need.objects.create(organisation=municipality_org, title=f"Vorhaben {n}", description="x")
    client = client_for(municipality_user)
    client.get(reverse("matching:needs"))  # warm the session and per-process caches
    with django_assert_num_queries(QUERIES):
        page = client.get(reverse("matching:needs")).content.decode()
    assert len(list_items(page)) == rows


QUERIES = 5
