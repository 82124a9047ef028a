"""Saved searches and watched needs: one daily digest of new matches, never a duplicate."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from catalog.models import Topic
from catalog.tests.factories import SolutionFactory
from core.models import Notification
from matching.alerts import send_all_digests, send_match_digests
from matching.models import AlertHit, SavedSearch

from .conftest import PARKING

pytestmark = pytest.mark.django_db


@pytest.fixture
def saved(municipality_user, catalog):
    return SavedSearch.objects.create(user=municipality_user, name="Wasser", query="topic=wasser")


def publish(title, topic="wasser", when=None, **kwargs):
    solution = SolutionFactory(
        title=title, topics=[Topic.objects.get(slug=topic)], status="published", **kwargs
    )
    solution.published_at = when or timezone.now()
    solution.save(update_fields=["published_at"])
    return solution


def test_task_run_twice_sends_one_digest_and_next_day_one_more(saved, municipality_user, on_commit):
    publish("Pegelsensor")
    publish("Ampelsteuerung", topic="mobilitaet")  # does not match the saved search
    with on_commit(execute=True):
        send_match_digests.enqueue()
        send_match_digests.enqueue()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [municipality_user.email]
    assert "Pegelsensor" in mail.outbox[0].body and "Ampelsteuerung" not in mail.outbox[0].body
    assert "1 neue passende Lösung" in mail.outbox[0].subject
    assert Notification.objects.filter(user=municipality_user, kind="alert").count() == 1

    publish("Regenrückhaltebecken-Monitor", when=timezone.now() + dt.timedelta(hours=1))
    tomorrow = timezone.now() + dt.timedelta(days=1)
    with on_commit(execute=True):
        assert send_all_digests(now=tomorrow) == 1
        assert send_all_digests(now=tomorrow) == 0
    assert len(mail.outbox) == 2
    assert "Regenrückhaltebecken-Monitor" in mail.outbox[1].body
    assert "Pegelsensor" not in mail.outbox[1].body  # never reported twice


def test_at_most_one_digest_a_day_what_comes_later_waits(saved, on_commit):
    # Noon (Berlin) tomorrow: ten minutes later is still the same day whenever the test runs.
    noon = dt.datetime.combine(timezone.localdate() + dt.timedelta(days=1), dt.time(12))
    now = timezone.make_aware(noon)
    publish("Pegelsensor", when=now - dt.timedelta(hours=1))
    with on_commit(execute=True):
        send_all_digests(now=now)
        publish("Zisternenwächter", when=now + dt.timedelta(minutes=5))
        assert send_all_digests(now=now + dt.timedelta(minutes=10)) == 0
        assert send_all_digests(now=now + dt.timedelta(days=1)) == 1
    assert len(mail.outbox) == 2 and "Zisternenwächter" in mail.outbox[1].body


def test_saved_search_in_my_district_uses_the_members_town(
    municipality_user, other_municipality_user, municipality_org, other_municipality_org,
    catalog, on_commit,
):  # fmt: skip
    from catalog.models import Reference

    for user in (municipality_user, other_municipality_user):
        SavedSearch.objects.create(user=user, name="Nachbarn", query="verified=district")
    near = publish("Pegelsensor")
    Reference.objects.create(
        solution=near, municipality=municipality_org.municipality, status="confirmed"
    )
    with on_commit(execute=True):
        assert send_all_digests() == 1  # Bad Hersfeld's district only; Fulda's has none
    assert mail.outbox[0].to == [municipality_user.email]
    assert "Pegelsensor" in mail.outbox[0].body


def test_one_failing_digest_is_logged_and_the_others_are_sent(
    saved, other_municipality_user, on_commit, monkeypatch, caplog
):
    from matching import alerts

    SavedSearch.objects.create(user=other_municipality_user, name="Wasser", query="topic=wasser")
    publish("Pegelsensor")
    real = alerts.new_matches

    def broken_for_the_first(search):
        if search.user_id == saved.user_id:
            raise RuntimeError("broken search")
        return real(search)

    monkeypatch.setattr(alerts, "new_matches", broken_for_the_first)
    with on_commit(execute=True):
        assert send_all_digests() == 1
    assert mail.outbox[0].to == [other_municipality_user.email]
    assert "match digest failed" in caplog.text
    assert not AlertHit.objects.filter(saved_search=saved).exists()


def test_solutions_published_before_saving_are_not_new(municipality_user, catalog, on_commit):
    publish("Pegelsensor", when=timezone.now() - dt.timedelta(days=3))
    SavedSearch.objects.create(user=municipality_user, name="Wasser", query="topic=wasser")
    with on_commit(execute=True):
        assert send_all_digests() == 0
    assert mail.outbox == []


def test_management_command_queues_the_task(saved, on_commit):
    publish("Pegelsensor")
    with on_commit(execute=True):
        call_command("send_match_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1


def test_watched_need_reports_new_solutions_above_the_threshold(municipality_user, need, on_commit):
    SavedSearch.objects.create(user=municipality_user, name=need.title, need=need)
    fitting = publish("Parkraum-Sensorik", topic="mobilitaet", **PARKING)
    publish("Schulbus-Tracking", topic="mobilitaet", summary="Eltern sehen, wo der Bus ist.")
    with on_commit(execute=True):
        assert send_all_digests() == 1
    assert list(AlertHit.objects.values_list("solution", flat=True)) == [fitting.pk]
    assert "Parkraum-Sensorik" in mail.outbox[0].body
    assert "Schulbus-Tracking" not in mail.outbox[0].body


def test_one_digest_for_several_saved_searches(saved, municipality_user, on_commit):
    SavedSearch.objects.create(user=municipality_user, name="Alles", query="")
    publish("Pegelsensor")
    with on_commit(execute=True):
        assert send_all_digests() == 1
    assert len(mail.outbox) == 1
    assert "„Wasser“" in mail.outbox[0].body and "„Alles“" in mail.outbox[0].body
    assert "1 neue passende Lösung" in mail.outbox[0].subject  # counted once


# --- Pages: save, list, delete, watch ---------------------------------------------------------


def test_member_saves_the_current_search_and_deletes_it(client_for, municipality_user):
    client = client_for(municipality_user)
    response = client.post(
        "/konto/suchen/speichern/", {"name": "", "query": "q=Parken&topic=mobilitaet&page=3"}
    )
    assert response.status_code == 302 and response["Location"] == "/konto/suchen/"
    saved = SavedSearch.objects.get()
    assert saved.query == "q=Parken&topic=mobilitaet" and saved.name == "Suche: Parken"
    html = client.get("/konto/suchen/").content.decode()
    assert "Suche: Parken" in html and 'href="/loesungen/?q=Parken&amp;topic=mobilitaet"' in html
    client.post(f"/konto/suchen/{saved.pk}/loeschen/")
    assert not SavedSearch.objects.exists()


def test_saving_twice_keeps_one(client_for, municipality_user):
    client = client_for(municipality_user)
    for _ in range(2):
        client.post("/konto/suchen/speichern/", {"query": "topic=wasser"})
    assert SavedSearch.objects.count() == 1


def test_save_search_include_for_municipality_members_only(rf, municipality_user, provider_user):
    from django.template.loader import render_to_string

    request = rf.get("/loesungen/", {"q": "Parken", "page": "2"})
    request.user = municipality_user
    html = render_to_string("matching/_partials/save_search.html", {"request": request})
    assert 'action="/konto/suchen/speichern/"' in html and "Suche speichern" in html
    assert 'value="q=Parken&amp;page=2"' in html  # the view drops the page
    request.user = provider_user
    assert "form" not in render_to_string(
        "matching/_partials/save_search.html", {"request": request}
    )


@pytest.mark.parametrize("who", ["provider_user", "outsider", "office_user"])
def test_only_municipality_members_save_searches(client_for, request, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get("/konto/suchen/").status_code == 403
    assert client.post("/konto/suchen/speichern/", {"query": "q=x"}).status_code == 403
    assert not SavedSearch.objects.exists()


def test_anonymous_is_sent_to_login(client):
    for response in (client.get("/konto/suchen/"), client.post("/konto/suchen/speichern/")):
        assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_nobody_deletes_or_sees_someone_elses_saved_search(
    client_for, saved, other_municipality_user
):
    client = client_for(other_municipality_user)
    assert client.post(f"/konto/suchen/{saved.pk}/loeschen/").status_code == 404
    assert "Wasser" not in client.get("/konto/suchen/").content.decode()
    assert SavedSearch.objects.filter(pk=saved.pk).exists()


def test_member_watches_a_need_from_the_need_page(client_for, municipality_user, need):
    client = client_for(municipality_user)
    html = client.get(need.get_absolute_url()).content.decode()
    assert "Bei neuen passenden Lösungen benachrichtigen" in html
    response = client.post(f"/vorhaben/{need.pk}/beobachten/")
    assert response.status_code == 302
    assert SavedSearch.objects.get().need == need
    html = client.get(need.get_absolute_url()).content.decode()
    assert "Sie erhalten eine E-Mail, wenn neue passende Lösungen erscheinen." in html


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("other_municipality_user", 404),
        ("provider_user", 404),
        ("outsider", 404),
        ("office_user", 403),
    ],
)
def test_only_the_towns_members_watch_its_need(client_for, request, need, who, status):
    response = client_for(request.getfixturevalue(who)).post(f"/vorhaben/{need.pk}/beobachten/")
    assert response.status_code == status
    assert not SavedSearch.objects.exists()


def test_other_town_cannot_watch_a_public_need_of_another_town(
    client_for, other_municipality_user, public_need
):
    response = client_for(other_municipality_user).post(f"/vorhaben/{public_need.pk}/beobachten/")
    assert response.status_code == 403
    assert not SavedSearch.objects.exists()


def test_saved_search_list_query_count_does_not_grow(
    client_for, municipality_user, need, django_assert_num_queries
):
    client = client_for(municipality_user)

    def add(n):
        for i in range(n):
            SavedSearch.objects.create(user=municipality_user, name=f"S{i}", query=f"q=s{i}")
            SavedSearch.objects.create(user=municipality_user, name=f"N{i}", need=need)

    add(1)
    with django_assert_num_queries(5) as small:
        client.get("/konto/suchen/")
    baseline = len(small.captured_queries)
    add(10)
    with django_assert_num_queries(baseline):
        response = client.get("/konto/suchen/")
    assert len(response.context["searches"]) == 22
