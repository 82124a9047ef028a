"""One owner of the search state (matching.index): one version, bumped only when published
data changes; snapshots built by the task worker, never inside a user's request; saved-search
alerts on the search page's engine."""

import datetime as dt

import numpy as np
import pytest
from django.core import mail
from django.utils import timezone

from catalog.models import Status, Topic
from catalog.services import transition
from catalog.tests.factories import ProviderProfileFactory, SolutionFactory
from matching import index, indexing, selectors, suggest
from matching.alerts import send_all_digests
from matching.models import SavedSearch

pytestmark = pytest.mark.django_db

DEFERRED = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def _lexical_only(settings):
    settings.MATCHING_SEMANTIC = False


def titles(response):
    return [s.title for s in response.context["solutions"]]


def queued(task):
    backend = task.get_backend()
    return [r for r in backend.results if r.task.module_path == task.module_path]


@pytest.fixture
def water():
    SolutionFactory(title="Pegelmessung", summary="Sensoren messen Wasserstände am Fluss.")
    SolutionFactory(title="Online-Terminvergabe", summary="Termine im Bürgerbüro online buchen.")


def test_a_catalog_edit_while_a_search_runs_never_makes_that_request_rebuild(
    client, settings, water, office_user, django_capture_on_commit_callbacks, monkeypatch
):
    assert titles(client.get("/loesungen/", {"q": "Sensoren"})) == ["Pegelmessung"]
    settings.TASKS = DEFERRED  # production: a task worker, not the web process, runs tasks
    submitted = SolutionFactory(
        title="Parkleitsystem", summary="Sensoren erfassen freie Stellplätze.",
        status=Status.SUBMITTED,
    )  # fmt: skip
    real_text_match = selectors.text_match

    def text_match_while_the_office_publishes(text, index_):
        with django_capture_on_commit_callbacks(execute=True):
            transition(submitted, Status.PUBLISHED, actor=office_user)
        return real_text_match(text, index_)

    monkeypatch.setattr(selectors, "text_match", text_match_while_the_office_publishes)
    version, builds = index.current_version(), index.STATS["builds"]
    response = client.get("/loesungen/", {"q": "Sensoren"})
    assert titles(response) == ["Pegelmessung"]  # served from the snapshot it started with
    assert index.STATS["builds"] == builds
    assert index.current_version() == version
    (update,) = queued(indexing.update_solution_index)
    monkeypatch.undo()

    # The task worker: re-index the solution, then publish the snapshot once.
    web_snapshot = index._state["snapshot"]
    with django_capture_on_commit_callbacks(execute=True):
        indexing.update_solution_index.call(*update.args)
    (publish,) = queued(index.publish_search_index)
    assert publish.task.run_after is not None  # a burst of changes within the delay shares it
    index.publish_search_index.call()
    assert index.current_version() != version
    index._state["snapshot"] = web_snapshot  # back in the web process, which holds the old one

    builds, loads = index.STATS["builds"], index.STATS["loads"]
    response = client.get("/loesungen/", {"q": "Sensoren"})
    assert sorted(titles(response)) == ["Parkleitsystem", "Pegelmessung"]
    assert index.STATS["builds"] == builds  # loaded the worker's snapshot, built nothing
    assert index.STATS["loads"] == loads + 1


def test_editing_drafts_does_not_change_the_version(
    water, provider_org, provider_user, django_capture_on_commit_callbacks
):
    profile = ProviderProfileFactory(organisation=provider_org, status=Status.DRAFT)
    draft = SolutionFactory(title="Entwurf", provider=profile, status=Status.DRAFT)
    version, publishes = index.current_version(), index.STATS["publishes"]
    with django_capture_on_commit_callbacks(execute=True):
        draft.title = "Entwurf mit neuem Titel"
        draft.save()
        draft.topics.add(Topic.objects.get(slug="wasser"))
        profile.is_startup = True
        profile.save()
        transition(draft, Status.SUBMITTED, actor=provider_user)
    assert index.current_version() == version
    assert index.STATS["publishes"] == publishes


def test_publishing_a_solution_changes_the_version_once(
    water, office_user, django_capture_on_commit_callbacks
):
    submitted = SolutionFactory(title="Parkleitsystem", status=Status.SUBMITTED)
    version, publishes = index.current_version(), index.STATS["publishes"]
    with django_capture_on_commit_callbacks(execute=True):
        transition(submitted, Status.PUBLISHED, actor=office_user)
    assert index.STATS["publishes"] == publishes + 1
    assert index.current_version() != version
    assert submitted.pk in index.current_engine().number  # the new snapshot holds it


def test_changes_in_a_burst_queue_one_publish(settings, water, django_capture_on_commit_callbacks):
    settings.TASKS = DEFERRED
    first = SolutionFactory(title="Parkleitsystem")
    second = SolutionFactory(title="Lärmkarte")
    with django_capture_on_commit_callbacks(execute=True):
        indexing.update_solution_index.call(first.pk)
        indexing.update_solution_index.call(second.pk)
        Topic.objects.create(slug="laerm", name="Lärm")
    assert len(queued(index.publish_search_index)) == 1


def test_a_saved_search_alert_finds_what_the_search_page_finds(
    client_for, municipality_user, on_commit
):
    before = timezone.now() - dt.timedelta(days=3)
    SolutionFactory(
        title="Pegelmessung", summary="Sensoren messen Wasserstände.", hosting="de",
        published_at=before,
    )  # fmt: skip
    query = "q=Sensoren&hosting=de"
    SavedSearch.objects.create(user=municipality_user, name="Sensoren", query=query)
    SolutionFactory(title="Parkleitsystem", summary="Sensoren erfassen Stellplätze.", hosting="de")
    SolutionFactory(title="Luftgüte-Messnetz", summary="Sensoren messen Feinstaub.", hosting="eu")
    SolutionFactory(title="Bürgerbüro online", summary="Termine buchen.", hosting="de")
    SolutionFactory(title="Lärmkarte", summary="Sensoren zeichnen den Lärm auf.", hosting="de")

    page = titles(client_for(municipality_user).get(f"/loesungen/?{query}"))
    assert sorted(page) == ["Lärmkarte", "Parkleitsystem", "Pegelmessung"]
    with on_commit(execute=True):
        assert send_all_digests() == 1
    listed = [
        line[2:].split(" (")[0] for line in mail.outbox[0].body.splitlines() if line[:2] == "- "
    ]
    # Exactly the page's results, in the page's order, less the one published before saving.
    assert listed == [title for title in page if title != "Pegelmessung"]


def test_warm_up_loads_the_snapshot_before_the_first_request(client, settings, water, monkeypatch):
    monkeypatch.setattr(index.connections, "close_all", lambda: None)  # the test's transaction
    index.reset()  # a fresh web process
    settings.SEARCH_WARM_START = False
    index.warm_up()
    assert index._state["snapshot"] is None
    settings.SEARCH_WARM_START = True
    loads, builds = index.STATS["loads"], index.STATS["builds"]
    index.warm_up()
    assert index.STATS["loads"] == loads + 1  # the stored snapshot, not a build
    loads = index.STATS["loads"]
    assert titles(client.get("/loesungen/", {"q": "Sensoren"})) == ["Pegelmessung"]
    assert (index.STATS["loads"], index.STATS["builds"]) == (loads, builds)


def test_the_stored_snapshot_ranks_like_the_one_built(water):
    SolutionFactory(title="Parkleitsystem", summary="Sensoren erfassen freie Stellplätze.")
    built = index.publish()
    loaded = index._load(built.version)
    assert loaded is not built
    for name in ("posting_start", "posting_docs", "posting_tfs", "forward_terms", "idf", "norm"):
        assert np.array_equal(getattr(loaded.index, name), getattr(built.index, name)), name
    assert loaded.index.terms == built.index.terms
    assert loaded.engine.pks == built.engine.pks
    query = "Sensoren für freie Parkplätze"
    assert loaded.index.ranked(query) == built.index.ranked(query)
    assert [h.id for h in loaded.index.search(query, feedback=True)] == [
        h.id for h in built.index.search(query, feedback=True)
    ]


def test_with_the_database_backend_a_waiting_publish_task_takes_later_changes(
    settings, water, django_capture_on_commit_callbacks
):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    path = index.publish_search_index.module_path
    with django_capture_on_commit_callbacks(execute=True):
        Topic.objects.create(slug="laerm", name="Lärm")
        Topic.objects.create(slug="licht", name="Licht")
    (waiting,) = DBTaskResult.objects.filter(task_path=path)
    assert waiting.status == TaskResultStatus.READY
    DBTaskResult.objects.filter(pk=waiting.pk).update(status=TaskResultStatus.RUNNING)
    with django_capture_on_commit_callbacks(execute=True):  # the running build may miss it
        Topic.objects.create(slug="wald", name="Wald")
    assert DBTaskResult.objects.filter(task_path=path).count() == 2


def test_a_process_lets_go_of_the_old_snapshot_before_it_reads_the_new_one(water, monkeypatch):
    old = index.current()
    SolutionFactory(title="Parkleitsystem", summary="Sensoren erfassen freie Stellplätze.")
    new = index.publish()  # another process published; this one still holds the old one
    index._state["snapshot"] = old
    held = []
    load = index._load

    def spy(version):
        held.append(index._state["snapshot"])
        return load(version)

    monkeypatch.setattr(index, "_load", spy)
    assert index.current().version == new.version != old.version
    assert held == [None]  # never two snapshots at once in a single-threaded worker


def test_the_warm_start_compiles_every_project_template_and_the_search_page_structures(
    water, monkeypatch
):
    from django.template import engines

    from core import warmup

    monkeypatch.setattr(index.connections, "close_all", lambda: None)  # the test's transaction
    names = warmup.project_template_names()
    assert "base.html" in names and "matching/search.html" in names
    assert not any(name.startswith(("admin/", "account/mfa")) for name in names)  # ours only
    loader = engines["django"].engine.template_loaders[0]  # the cached loader
    loader.reset()
    assert warmup.compile_templates() == len(names)
    assert len(loader.get_template_cache) >= len(names)
    index.reset()
    index.warm_up()
    assert suggest._vocabularies.get(index.current_index()) is not None  # "Meinten Sie …?"


def test_after_a_swap_nothing_a_request_left_behind_keeps_the_old_snapshot(client, water):
    """A worker holds one snapshot at a time: once it swaps in a new version, the old index
    and facet engine are freed at once, even if objects of earlier requests (pages of results
    in reference cycles) have not been collected yet."""
    import gc
    import weakref

    solution = SolutionFactory(title="Parkleitsystem", summary="Sensoren für Stellplätze.")
    index.publish()
    old = index.current()
    gc.collect()
    gc.disable()
    try:
        for query in ({"q": "Sensoren"}, {"q": "Sensoren", "page": 1}, {"sort": "newest"}):
            assert client.get("/loesungen/", query).status_code == 200
        assert client.get(solution.get_absolute_url()).status_code == 200
        alive = weakref.ref(old.index), weakref.ref(old.engine)
        del old
        index.publish()  # another process's publish, seen by this one at its next search
        index._state["snapshot"] = None
        assert client.get("/loesungen/", {"q": "Sensoren"}).status_code == 200
        assert [ref() for ref in alive] == [None, None]
    finally:
        gc.enable()


def test_a_publish_lets_go_of_the_last_snapshot_before_it_builds_the_next(water, monkeypatch):
    """The task worker builds every version: it must not hold the last one meanwhile."""
    index.current()
    held = []
    build = index.build

    def spy(version):
        held.append(index._state["snapshot"])
        return build(version)

    monkeypatch.setattr(index, "build", spy)
    published = index.publish()
    assert held == [None] and index._state["snapshot"] is published
