"""Stored need matches (matching.need_matches): ranked when a need is posted or edited and
when the index version changes; the need page, challenges and the cockpit read them and never
rank on a view."""

import io
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from catalog.tests.factories import SolutionFactory
from matching import need_matches
from matching.models import CatalogVersion, Need, NeedMatchResult
from matching.need_matches import index_version, refresh_need_matches
from matching.ranking import Index

from .conftest import PARKING, make_need

pytestmark = pytest.mark.django_db
NOTHING_FITS = "Für dieses Vorhaben passt keine Lösung auf dem Marktplatz gut genug."
PARKING_NEED = {
    "title": "Parkleitsystem mit Sensoren für freie Parkplätze",
    "description": "Sensoren sollen jeden Stellplatz erfassen, Anzeigetafeln sollen zu freien "
    "Parkplätzen lenken: weniger Parksuchverkehr in der Altstadt.",
    "visibility": "private",
}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def rankings(monkeypatch):
    """The texts ranked (Index.search) during the test."""
    texts = []
    original = Index.search

    def search(self, text, *args, **kwargs):
        texts.append(text)
        return original(self, text, *args, **kwargs)

    monkeypatch.setattr(Index, "search", search)
    return texts


def new_version():
    """What publishing a new search index does: a new CatalogVersion value, saved."""
    CatalogVersion.objects.update_or_create(pk=1, defaults={"value": time.time_ns()})


def shown_titles(page):
    """Titles of the solutions the need page lists (the results list, not the shortlist)."""
    matches = page.split('id="matches"', 1)[1].split('aria-labelledby="proposals"', 1)[0]
    return [title for title in ("Parkleitsystem mit Bodensensoren", "Parkraum-App mit Sensoren")
            if title in matches]  # fmt: skip


def test_a_need_posted_through_the_form_is_ranked_once_and_its_page_reads_the_result(
    client_for, municipality_user, parking, rankings
):
    client = client_for(municipality_user)
    response = client.post(reverse("matching:need_create"), PARKING_NEED)
    need = Need.objects.get(title=PARKING_NEED["title"])
    assert response["Location"] == need.get_absolute_url()
    stored = NeedMatchResult.objects.get(need=need)
    assert stored.version == index_version()
    assert stored.hits[0]["solution"] == parking.pk and stored.hits[0]["fits"] is True
    assert stored.any_fits is True
    assert len(rankings) == 1
    page = client.get(need.get_absolute_url()).content.decode()
    assert "Parkleitsystem mit Bodensensoren" in page and NOTHING_FITS not in page
    assert len(rankings) == 1  # the page view read the stored result


def test_editing_a_need_ranks_it_again(client_for, municipality_user, need, rankings):
    client = client_for(municipality_user)
    assert not NeedMatchResult.objects.filter(need=need).exists()  # created without a service
    client.get(need.get_absolute_url())  # ranked once, on its first view
    assert NeedMatchResult.objects.get(need=need).any_fits is True
    response = client.post(
        reverse("matching:need_edit", args=[need.pk]),
        {
            "title": "Friedhofsverwaltung",
            "description": "Grabstellen, Ruhefristen und Gebühren digital verwalten.",
            "visibility": "private",
        },
    )
    assert response.status_code == 302
    stored = NeedMatchResult.objects.get(need=need)
    assert parking_fits(stored) is False and stored.any_fits is False
    assert rankings[-1].startswith("Friedhofsverwaltung")
    page = client.get(need.get_absolute_url()).content.decode()
    assert NOTHING_FITS in page


def parking_fits(stored):
    return any(hit["fits"] for hit in stored.hits)


def test_a_new_index_version_reranks_open_needs_and_keeps_closed_ones(
    municipality_org, parking, django_capture_on_commit_callbacks
):
    open_need = make_need(municipality_org)
    closed = make_need(municipality_org, status=Need.Status.CLOSED)
    need_matches.store_matches(open_need)
    need_matches.store_matches(closed)
    before = NeedMatchResult.objects.get(need=closed)
    rival = SolutionFactory(title="Parkraum-App mit Sensoren", **PARKING)
    with django_capture_on_commit_callbacks(execute=True):
        new_version()
    stored = NeedMatchResult.objects.get(need=open_need)
    assert stored.version == index_version()
    assert {parking.pk, rival.pk} <= {hit["solution"] for hit in stored.hits if hit["fits"]}
    kept = NeedMatchResult.objects.get(need=closed)
    assert (kept.version, kept.hits) == (before.version, before.hits)
    assert rival.pk not in {hit["solution"] for hit in kept.hits}


def test_with_the_worker_a_burst_of_versions_queues_one_refresh(
    settings, municipality_org, parking, django_capture_on_commit_callbacks
):
    need_matches.store_matches(make_need(municipality_org))
    settings.TASKS = DATABASE_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        new_version()
    with django_capture_on_commit_callbacks(execute=True):
        new_version()
    queued = DBTaskResult.objects.filter(task_path=refresh_need_matches.module_path)
    assert [(t.status, t.args_kwargs) for t in queued] == [("READY", {"args": [], "kwargs": {}})]


def test_an_outdated_result_is_shown_while_the_worker_ranks_the_need_again(
    settings, client_for, municipality_user, need, rankings
):
    need_matches.store_matches(need)
    settings.TASKS = DATABASE_TASKS
    rival = SolutionFactory(title="Parkraum-App mit Sensoren", **PARKING)
    new_version()
    ranked = len(rankings)
    client = client_for(municipality_user)
    for _view in range(2):
        page = client.get(need.get_absolute_url()).content.decode()
        assert shown_titles(page) == ["Parkleitsystem mit Bodensensoren"]
    assert len(rankings) == ranked  # no view ranked
    (task,) = DBTaskResult.objects.filter(task_path=refresh_need_matches.module_path)
    assert task.args_kwargs == {"args": [[need.pk]], "kwargs": {}}  # queued once for two views
    assert refresh_need_matches.call(*task.args_kwargs["args"]) == 1  # what the worker runs
    page = client.get(need.get_absolute_url()).content.decode()
    assert shown_titles(page) == ["Parkleitsystem mit Bodensensoren", rival.title]
    assert len(rankings) == ranked + 1


def test_challenges_read_stored_matches_and_hide_what_the_town_would_not_see(
    client_for, provider_user, municipality_org, profile, catalog, rankings
):
    SolutionFactory(provider=profile, title="Parkleitsystem Irland", hosting="other", **PARKING)
    wants_germany = make_need(
        municipality_org,
        Need.Visibility.PUBLIC,
        title="Parkleitsystem DE",
        hosting_de_required=True,
    )
    anywhere = make_need(municipality_org, Need.Visibility.PUBLIC, title="Parkleitsystem überall")
    for need in (wants_germany, anywhere):
        need_matches.store_matches(need)
    ranked = len(rankings)
    response = client_for(provider_user).get(reverse("matching:challenges"))
    assert [c["need"] for c in response.context["challenges"]] == [anywhere]
    assert len(rankings) == ranked


@pytest.mark.parametrize("needs", [2, 200])
def test_challenge_page_queries_do_not_grow_with_needs(
    needs, client_for, provider_user, municipality_org, parking, rankings,
    django_assert_num_queries,
):  # fmt: skip
    first = make_need(municipality_org, Need.Visibility.PUBLIC)
    stored = need_matches.store_matches(first)
    others = Need.objects.bulk_create(
        Need(organisation=municipality_org, visibility="public", title=first.title,
             description=first.description)
        for _ in range(needs - 1)
    )  # fmt: skip
    # Same text, same ranking: the stored hits of the first need are theirs too.
    NeedMatchResult.objects.bulk_create(
        NeedMatchResult(need=n, version=stored.version, hits=stored.hits, any_fits=True)
        for n in others
    )
    client = client_for(provider_user)
    client.get(reverse("matching:challenges"))  # warm the session
    ranked = len(rankings)
    with django_assert_num_queries(CHALLENGE_QUERIES):
        response = client.get(reverse("matching:challenges"))
    assert len(response.context["challenges"]) == needs
    assert response.content.decode().count(parking.title) == needs
    assert len(rankings) == ranked


CHALLENGE_QUERIES = 10


def test_the_command_ranks_every_need_again(municipality_org, parking):
    open_need = make_need(municipality_org)
    closed = make_need(municipality_org, status=Need.Status.CLOSED)
    NeedMatchResult.objects.create(need=open_need, version="old", hits=[])
    out = io.StringIO()
    call_command("recompute_need_matches", "--no-progress", stdout=out)
    assert out.getvalue() == "Stored the matches of 2 needs.\n"
    for need in (open_need, closed):
        stored = NeedMatchResult.objects.get(need=need)
        assert stored.version == index_version() and stored.hits[0]["solution"] == parking.pk
    out = io.StringIO()
    call_command("recompute_need_matches", "--stale", "--no-progress", stdout=out)
    assert out.getvalue() == "Stored the matches of 0 needs.\n"


def test_the_cockpit_figure_queues_outdated_open_needs_and_keeps_closed_ones(
    settings, municipality_org, parking
):
    import datetime as dt

    from django.utils import timezone

    from office.stats import DateRange, figure_by_slug

    open_need = make_need(municipality_org)
    closed = make_need(municipality_org, status=Need.Status.CLOSED)
    # Outdated rows that say the opposite of what ranking today says.
    NeedMatchResult.objects.create(need=open_need, version="old", hits=[], any_fits=False)
    NeedMatchResult.objects.create(need=closed, version="old", hits=[], any_fits=True)
    today = timezone.localdate()
    period = DateRange(today - dt.timedelta(days=1), today)
    settings.TASKS = DATABASE_TASKS
    assert figure_by_slug("vorhaben", period).rows[-1][1:3] == [2, 1]  # as stored meanwhile
    (task,) = DBTaskResult.objects.filter(task_path=refresh_need_matches.module_path)
    assert task.args_kwargs == {"args": [[open_need.pk]], "kwargs": {}}
    assert refresh_need_matches.call([open_need.pk]) == 1  # the worker
    assert figure_by_slug("vorhaben", period).rows[-1][1:3] == [2, 2]
    assert NeedMatchResult.objects.get(need=closed).version == "old"


def test_publishing_a_solution_reranks_the_open_needs(
    provider_user, office_user, profile, need, django_capture_on_commit_callbacks
):
    from catalog import services
    from catalog.models import Status

    need_matches.store_matches(need)
    rival = SolutionFactory(
        provider=profile, title="Parkraum-App mit Sensoren", status=Status.DRAFT, **PARKING
    )
    assert rival.pk not in {hit["solution"] for hit in NeedMatchResult.objects.get(need=need).hits}
    services.transition(rival, Status.SUBMITTED, actor=provider_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(rival, Status.PUBLISHED, actor=office_user)
    stored = NeedMatchResult.objects.get(need=need)
    assert stored.version == index_version()
    assert rival.pk in {hit["solution"] for hit in stored.hits if hit["fits"]}
