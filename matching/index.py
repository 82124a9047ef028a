"""The owner of the search state: one version, one snapshot, built off the request path.

The search page, the API, need matching and saved-search alerts all read one snapshot: the
ranking index (matching.ranking.Index, built from the SearchDocument rows and the office's
thesaurus) and the facet engine (matching.facets.FacetEngine, built from the published
catalog). docs/search.md, "Index ownership and versions", describes the life of a snapshot:

1. Published data changes (a solution is published, edited or withdrawn; a reference is
   verified; the office edits a topic, a standard or a thesaurus group; a provider with
   published solutions edits its profile). Drafts change nothing here.
2. `schedule_publish()` queues the task `publish_search_index` once the transaction has
   committed (a burst of changes shares one task). The task worker builds the snapshot,
   pickles it to SEARCH_INDEX_DIR/<version>.pkl and only then stores <version> in the one
   CatalogVersion row, in one transaction.
3. Each web process compares that row (one primary-key query per search) with the version it
   holds; on a new version it loads the prebuilt file (an unpickle, no analysis) and swaps it
   in. Only when no file exists for the version (cold start without warm-up, a machine that
   does not share SEARCH_INDEX_DIR) does a process build the snapshot itself, and logs so.
4. `warm_up()` (gunicorn, before the first request: ops/gunicorn.conf.py) loads the snapshot
   and the sentence encoder.

With the immediate task backend (tests, `make run`) step 2 happens at once, in the caller.
"""

import logging
import os
import pickle
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus

from catalog.models import ProviderProfile, Reference, Solution, Standard, Topic

from . import semantic, thesaurus
from .facets import FacetEngine
from .models import CatalogVersion, SearchDocument, ThesaurusEntry
from .ranking import FIELDS, Doc, Index

logger = logging.getLogger(__name__)

INDEX_LOCK = 7293_1001  # PostgreSQL advisory lock: one index writer at a time
FORMAT = 3  # bump when Index or FacetEngine change shape: older snapshot files are ignored
KEEP = 3  # snapshot files kept on disk (a process may still be loading an older one)
PENDING = "matching:index:publish-pending"  # cache key: a publish task is queued (not DB)
PENDING_TIMEOUT = 600  # seconds; a lost task blocks new ones at most this long

# How often this process built or loaded a snapshot (tests assert on it; warm_up logs it).
STATS = Counter()


@dataclass(frozen=True)
class Snapshot:
    version: int
    index: Index
    engine: FacetEngine


_state = {"snapshot": None}
_lock = threading.Lock()


# --- Reading ---------------------------------------------------------------------------------


def current_version():
    """The published version (0 before the first publish): one primary-key query."""
    value = CatalogVersion.objects.filter(pk=1).values_list("value", flat=True).first()
    return value or 0


def current():
    """The snapshot of the published version, for one request (read the version once)."""
    version = current_version()
    snapshot = _state["snapshot"]
    if snapshot is not None and snapshot.version == version:
        return snapshot
    with _lock:  # threaded workers: one thread loads, the others wait for it
        snapshot = _state["snapshot"]
        if snapshot is None or snapshot.version != version:
            # The old snapshot goes before the new one is read, so a worker holds one snapshot
            # at a time, not two. (Results a request hands to its templates keep only small
            # arrays, never the index or the engine: a request's objects can sit in reference
            # cycles that the cycle collector frees much later.)
            _state["snapshot"] = snapshot = None
            started = time.perf_counter()
            snapshot = _load(version)
            if snapshot is not None:
                elapsed = (time.perf_counter() - started) * 1000
                logger.info("search snapshot %s loaded in %.0f ms", version, elapsed)
            else:  # nothing published yet (0), or the file is not here
                logger.log(
                    logging.WARNING if version else logging.INFO,
                    "no search snapshot for version %s: building it in this process",
                    version,
                )
                snapshot = build(version)
                try:
                    _write(snapshot)  # for the other processes on this machine
                except Exception:
                    logger.exception("search snapshot %s not stored", version)
            _state["snapshot"] = snapshot
    return snapshot


def current_index():
    """The ranking index of the published version."""
    return current().index


def current_engine():
    """The facet engine of the published version."""
    return current().engine


def reset():
    """Forget this process's snapshot (tests start without one)."""
    with _lock:
        _state["snapshot"] = None


# --- Building and publishing -----------------------------------------------------------------


def build_ranking_index():
    """The ranking index from all SearchDocument rows and the office's thesaurus groups."""
    rows = SearchDocument.objects.values_list(
        "solution_id", "solution__external_id", "solution__slug", "language", "maturity",
        "verified_references", "embedding", *FIELDS,
    )  # fmt: skip
    docs = (
        Doc(
            id=pk,
            key=external_id or slug,
            language=language,
            maturity=maturity,
            verified_references=verified,
            terms={name: text.split() for name, text in zip(FIELDS, texts, strict=True)},
            vector=semantic.from_bytes(embedding),
        )  # fmt: skip
        for pk, external_id, slug, language, maturity, verified, embedding, *texts in (
            rows.iterator()
        )
    )
    return Index(docs, extra_synonyms=thesaurus.office_groups(), semantic=semantic.enabled())


def build(version):
    """A snapshot of the database's current state, labelled `version`."""
    STATS["builds"] += 1
    return Snapshot(version=version, index=build_ranking_index(), engine=FacetEngine())


@contextmanager
def index_writer():
    """A transaction in which this process alone writes the index: `rebuild_index`, the index
    tasks and the publish task wait for each other (SQLite serialises writers anyway)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [INDEX_LOCK])
        yield


def publish():
    """Build a snapshot from the database, store its file, then make its version current.

    A fresh unique version (nanoseconds), not a counter: a rolled-back transaction can never
    leave two different snapshots with the same version."""
    with _lock:  # a process never holds two snapshots: the old one goes before the build
        _state["snapshot"] = None
    with index_writer():
        snapshot = build(time.time_ns())
        try:
            _write(snapshot)
        except Exception:  # the version still goes out; each process then builds it itself
            logger.exception("search snapshot %s not stored", snapshot.version)
        CatalogVersion.objects.update_or_create(pk=1, defaults={"value": snapshot.version})
    with _lock:
        _state["snapshot"] = snapshot
    STATS["publishes"] += 1
    _prune()
    return snapshot


@task()
def publish_search_index():
    """Background task: publish a new snapshot of the search state (idempotent)."""
    cache.delete(PENDING)  # a change committed from now on queues the next publish
    publish()


def schedule_publish():
    """Published data has changed: publish a new snapshot after the commit, off the request
    path (at once with the immediate task backend)."""
    if not publish_search_index.get_backend().supports_defer:  # immediate: tests, `make run`
        publish()
        return
    transaction.on_commit(_enqueue_publish)


def _enqueue_publish():
    # One queued task for a burst of changes (an import, a moderation session).
    if _publish_waiting():
        return
    delay = timedelta(seconds=settings.SEARCH_PUBLISH_DELAY)
    publish_search_index.using(run_after=timezone.now() + delay).enqueue()


def _publish_waiting():
    """Whether a publish task is queued and not yet started (it will see this change too).

    The database backend answers from its task table, whatever the cache; other backends
    from a cache key that the task clears when it starts."""
    backend = publish_search_index.get_backend()
    if type(backend).__module__.split(".")[0] == "django_tasks_db":
        from django_tasks_db.models import DBTaskResult

        return DBTaskResult.objects.filter(
            task_path=publish_search_index.module_path, status=TaskResultStatus.READY
        ).exists()
    return not cache.add(PENDING, True, timeout=PENDING_TIMEOUT)


# --- Snapshot files --------------------------------------------------------------------------


def _path(version):
    return Path(settings.SEARCH_INDEX_DIR) / f"{version}.pkl"


def _write(snapshot):
    path = _path(snapshot.version)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    try:
        with open(partial, "wb") as out:
            pickle.dump((FORMAT, snapshot), out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)  # readers see the whole file or none
    finally:
        partial.unlink(missing_ok=True)


def _load(version):
    """The stored snapshot of `version`, or None when there is no usable file."""
    try:
        with open(_path(version), "rb") as stored:
            fmt, snapshot = pickle.load(stored)  # our own file (SEARCH_INDEX_DIR), not input
    except FileNotFoundError:
        return None
    except Exception:
        logger.exception("search snapshot %s unreadable", version)
        return None
    if fmt != FORMAT or snapshot.version != version:
        return None
    STATS["loads"] += 1
    return snapshot


def _prune():
    """Keep the newest KEEP snapshot files (versions are nanosecond times)."""
    files = [p for p in Path(settings.SEARCH_INDEX_DIR).glob("*.pkl") if p.stem.isdigit()]
    for old in sorted(files, key=lambda p: int(p.stem), reverse=True)[KEEP:]:
        old.unlink(missing_ok=True)


# --- Warm start ------------------------------------------------------------------------------


def warm_up():
    """Load the snapshot, the sentence encoder and the analysis data before the first request
    (gunicorn calls this; see docs/operations.md, "Warm start"). Never fails the start."""
    if not settings.SEARCH_WARM_START:
        return
    started = time.perf_counter()
    try:
        from .selectors import search_solutions  # selectors reads this module's state

        snapshot = current()
        snapshot.index.search(
            "Parkplatzsuche mit Sensoren", limit=1, feedback=True, hybrid=semantic.enabled()
        )
        # The search page's own lazy structures: facet vocabularies, "Meinten Sie …?" buckets.
        search_solutions({"q": "Parkleitsytem mit Sensoren"})
        if semantic.enabled():
            semantic.encode(["Warmstart"])
        logger.info(
            "search warm: version %s, %d solutions, %.1f s",
            snapshot.version,
            len(snapshot.index),
            time.perf_counter() - started,
        )
    except Exception:
        logger.exception("search warm-up failed; the first search will load the index")
    finally:
        connections.close_all()  # never hand a connection to forked workers


# --- What counts as a change of published data -----------------------------------------------
# Solutions themselves: catalog.signals.solution_changed → matching.indexing re-indexes the
# solution's SearchDocument, then publishes. Saving a draft sends nothing.


def _has_published_solutions(profile):
    return profile.pk is not None and profile.solutions.filter(status="published").exists()


def _on_profile(sender, instance, raw=False, **kwargs):
    # Start-up flag and town (district) of a provider are facets of its published solutions.
    if not raw and _has_published_solutions(instance):
        schedule_publish()


def _on_reference(sender, instance, raw=False, **kwargs):
    # Verified references are a facet; claimed or stated ones are not shown as verified.
    if raw or instance.status not in Reference.VERIFIED:
        return
    if Solution.objects.filter(pk=instance.solution_id, status="published").exists():
        schedule_publish()


def _on_standard(sender, instance, raw=False, update_fields=None, **kwargs):
    # Only accepted standards are offered; a decision (update of the status) may remove one.
    if not raw and (
        instance.status == Standard.Status.ACCEPTED or "status" in (update_fields or ())
    ):
        schedule_publish()


def _on_office_data(sender, raw=False, **kwargs):
    # Topics (the facet's values) and the office's thesaurus groups are published at once.
    if not raw:
        schedule_publish()


def _on_solution_deleted(sender, instance, **kwargs):
    if instance.status == "published":  # its SearchDocument row goes with it (cascade)
        schedule_publish()


post_save.connect(_on_profile, sender=ProviderProfile, dispatch_uid="index-profile")
post_save.connect(_on_reference, sender=Reference, dispatch_uid="index-reference")
post_delete.connect(_on_reference, sender=Reference, dispatch_uid="index-reference-del")
post_save.connect(_on_standard, sender=Standard, dispatch_uid="index-standard")
post_delete.connect(_on_standard, sender=Standard, dispatch_uid="index-standard-del")
for _model in (Topic, ThesaurusEntry):
    post_save.connect(_on_office_data, sender=_model, dispatch_uid=f"index-{_model.__name__}")
    post_delete.connect(_on_office_data, sender=_model, dispatch_uid=f"index-del-{_model.__name__}")
post_delete.connect(_on_solution_deleted, sender=Solution, dispatch_uid="index-solution-del")
