"""The one rule for "the matches of a need": used by the need page, alerts, challenges, the
office statistics, the API and market-exploration records (docs/search.md).

Ranking a need costs tens of milliseconds at 20,000 solutions, so its ranked hits are stored
(NeedMatchResult): when the need is created or edited, and again by the task worker when the
catalog or the thesaurus changes. Pages and figures read the stored hits; requirement checks,
topics and references are read from the database each time (docs/search.md, "Stored matches").
"""

import logging
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks.base import TaskResultStatus

from catalog.models import Hosting, PopulationBand, Solution

from .index import current_index, current_version
from .models import CatalogVersion, Need, NeedMatchResult
from .reasons import reason_words
from .services import close_in_meaning, fits

logger = logging.getLogger(__name__)

STORED = 50  # hits kept per need: the most a reader asks for (alerts, challenges)
PAGE = 10  # the need page lists the fitting ones among these; `any_fits` follows it
QUEUED_SECONDS = 600  # a refresh queued for a need and version is not queued again meanwhile
EXCLUDING = {"hosting"}  # failed requirements that hide a solution from the need's list


@dataclass
class NeedMatch:
    """One ranked solution for a need, with why it is there and how it meets the need."""

    solution: Solution
    score: float
    fits: bool
    words: list  # readable words the need and the solution share
    similar: bool  # close in meaning to the need's description
    topics: list  # the need's topics the solution has
    verified: list  # verified references
    verified_nearby: list  # … of which in the town's district
    checks: list  # requirement checks: [{"kind", "met", ...}], met None when not stated
    exclusions: list = field(default_factory=list)  # [(kind, readable cause)] of failed checks
    decision: str | None = None  # the town's shortlist decision, set by the need page

    @property
    def excluded(self):
        """Hidden from the need's list: hosted outside Germany although the need requires it."""
        return any(kind in EXCLUDING for kind, _cause in self.exclusions)


def shown(matches):
    """The matches a need's page lists: those that fit and no hard requirement excludes."""
    return [m for m in matches if m.fits and not m.excluded]


def requirement_checks(need, solution):
    """How a solution meets what the need requires: [{"kind", "met", ...}], `met` None when
    the provider gave no information. Hosting in Germany is a hard requirement (see
    NeedMatch.excluded); budget and municipality size are shown, not ranked."""
    checks = []
    if need.hosting_de_required:
        met = None if not solution.hosting else solution.hosting == Hosting.DE
        checks.append({"kind": "hosting", "met": met, "where": solution.get_hosting_display()})
    if need.budget_max is not None:
        price = solution.price_min
        met = None if price is None else price <= need.budget_max
        checks.append({"kind": "budget", "met": met, "price": price, "budget": need.budget_max})
    population, bands = need.effective_population, solution.population_bands
    if population and bands:
        band = PopulationBand.of(population)
        labels = [label for value, label in PopulationBand.choices if value in bands]
        checks.append({"kind": "size", "met": band in bands, "band": band.label, "bands": labels})
    return checks


def exclusions_of(checks):
    """The failed requirements that speak against a solution, each with its readable cause."""
    causes = {
        "hosting": _("Hosting outside Germany — your requirement"),
        "budget": _("above your budget"),
    }
    return [
        (c["kind"], causes[c["kind"]]) for c in checks if c["met"] is False and c["kind"] in causes
    ]


def excluded(need, solution):
    """NeedMatch.excluded for a solution that was not assembled into a NeedMatch."""
    return any(
        kind in EXCLUDING for kind, _cause in exclusions_of(requirement_checks(need, solution))
    )


# --- Ranking and storing -----------------------------------------------------------------------


def index_version():
    """The version stored results are compared with: the published search version, which
    covers the catalog and the office thesaurus alike (matching.index)."""
    return str(current_version())


def _rank(need, limit):
    """Rank the need now: [{"solution": pk, "score", "fits", "words", "similar"}], best first."""
    need_text = f"{need.title} {need.description}"
    hits = current_index().search(need_text, limit=limit, feedback=True, hybrid=True)
    solutions = Solution.objects.published().in_bulk([h.id for h in hits])
    return [
        {
            "solution": hit.id,
            "score": hit.score,
            "fits": fits(hit),
            "words": reason_words(hit, need_text, solutions[hit.id]),
            "similar": close_in_meaning(hit),
        }
        for hit in hits
        if hit.id in solutions
    ]


def _assemble(need, rows):
    """NeedMatch objects for stored or fresh hits; solutions no longer published are left out."""
    by_id = {
        s.pk: s
        for s in Solution.objects.published()
        .filter(pk__in=[row["solution"] for row in rows])
        .select_related("provider")
        .prefetch_related("topics", "references__municipality")
    }
    if not by_id:
        return []
    need_topics = set(need.topics.values_list("pk", flat=True))
    district = getattr(need.organisation.municipality, "district_ags", "")
    results = []
    for row in rows:
        solution = by_id.get(row["solution"])
        if solution is None:
            continue
        verified = [r for r in solution.references.all() if r.is_verified]
        checks = requirement_checks(need, solution)
        results.append(
            NeedMatch(
                solution=solution,
                score=row["score"],
                fits=row["fits"],
                words=row["words"],
                similar=row["similar"],
                topics=[t for t in solution.topics.all() if t.pk in need_topics],
                verified=verified,
                verified_nearby=[
                    r for r in verified if district and r.municipality.district_ags == district
                ],
                checks=checks,
                exclusions=exclusions_of(checks),
            )
        )
    return results


def store_matches(need):
    """Rank `need` against the current index and store its hits (need created, edited or
    reopened; the refresh task). Returns the NeedMatchResult."""
    # Read before ranking: should the index move on meanwhile, the row only looks older than
    # it is and is ranked once more, never the other way round.
    version = index_version()
    rows = _rank(need, STORED)
    any_fits = bool(shown(_assemble(need, rows[:PAGE])))
    result, _created = NeedMatchResult.objects.update_or_create(
        need=need, defaults={"version": version, "hits": rows, "any_fits": any_fits}
    )
    return result


def matches_for_need(need, limit=10, *, current=False):
    """Ranked published solutions for a need (best first), as NeedMatch.

    Read from the stored results. A need without any is ranked now, once, and stored; an open
    need whose results are older than the index gets them refreshed by the task worker and
    meanwhile shows the stored ones. `current`: rank now instead when they are older (for a
    record of the need's matches at this moment). A `limit` above STORED ranks on every call.
    """
    if limit > STORED:
        return _assemble(need, _rank(need, limit))
    result = NeedMatchResult.objects.filter(need=need).first()
    version = index_version() if result is not None and (current or need.is_open) else None
    if result is None or current and result.version != version:
        result = store_matches(need)
    elif need.is_open and result.version != version and queue_refresh([need.pk], version):
        result.refresh_from_db()
    return _assemble(need, result.hits[:limit])


def stored_results(needs):
    """need pk → NeedMatchResult for a list of needs, in constant queries, never ranking here.

    Needs without results and open needs with outdated ones are queued for the task worker
    (which the immediate backend of the tests and `make run` runs at once; what it stored is
    read again). Until the worker is done, a need without results is missing from the answer
    and an outdated one shows its stored results.
    """
    results = {r.need_id: r for r in NeedMatchResult.objects.filter(need__in=[n.pk for n in needs])}
    version = index_version()
    due = [
        n.pk
        for n in needs
        if n.pk not in results or (n.is_open and results[n.pk].version != version)
    ]
    if due and queue_refresh(due, version):
        results.update({r.need_id: r for r in NeedMatchResult.objects.filter(need__in=due)})
    return results


def with_shown_match(needs):
    """The needs of a queryset whose page lists a fitting match (`any_fits`), counted from the
    stored results in constant queries. Needs without results and open needs with outdated
    ones are first queued for the task worker, as in stored_results."""
    version = index_version()
    queue_refresh(list(needs.filter(_due(version)).values_list("pk", flat=True)), version)
    return needs.filter(match_result__any_fits=True)


def _due(version):
    """Needs to rank: without stored results, or open with results older than `version` (a
    closed need keeps the matches it had)."""
    return Q(match_result__isnull=True) | Q(status=Need.Status.OPEN) & ~Q(
        match_result__version=version
    )


# --- Refreshing (the task worker) -----------------------------------------------------------


def queue_refresh(need_ids, version):
    """Queue a refresh of these needs unless one was queued for them and this version within
    QUEUED_SECONDS. True when it already ran (immediate backend)."""
    keys = {f"need-matches:queued:{pk}:{version}": pk for pk in need_ids}
    if not keys:
        return False
    waiting = cache.get_many(list(keys))
    todo = [pk for key, pk in keys.items() if key not in waiting]
    if not todo:
        return False
    cache.set_many({key: 1 for key, pk in keys.items() if pk in todo}, QUEUED_SECONDS)
    return refresh_need_matches.enqueue(todo).status == TaskResultStatus.SUCCESSFUL


@receiver(post_save, sender=CatalogVersion, dispatch_uid="need-matches-version")
def _on_new_version(sender, raw=False, **kwargs):
    if not raw:  # a restore brings its own stored matches
        transaction.on_commit(catalog_changed)


def catalog_changed():
    """On commit after the published catalog or the office thesaurus changed: queue one
    refresh of every open need, unless one is already waiting to run (it will see this
    change too)."""
    if not _refresh_waiting():
        refresh_need_matches.enqueue()


def _refresh_waiting():
    backend = refresh_need_matches.get_backend()
    if type(backend).__module__.split(".")[0] != "django_tasks_db":
        return False
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=refresh_need_matches.module_path,
        status=TaskResultStatus.READY,
        args_kwargs={"args": [], "kwargs": {}},
    ).exists()


def refresh(need_ids=None, *, everything=False, progress=None):
    """Rank and store the needs that are due (_due: no stored results, or open with outdated
    ones), of `need_ids` or of all. `everything`: every need, open or closed, current or not
    (`manage.py recompute_need_matches`). Returns the number ranked."""
    needs = Need.objects.all()
    if need_ids is not None:
        needs = needs.filter(pk__in=need_ids)
    if not everything:
        needs = needs.filter(_due(index_version()))
    # The ids first: SQLite cannot write while a cursor over the same tables is open.
    ids = list(needs.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), 100):
        chunk = Need.objects.select_related("organisation__municipality").in_bulk(
            ids[start : start + 100]
        )
        for number, pk in enumerate(ids[start : start + 100], start + 1):
            if pk in chunk:  # not deleted meanwhile
                store_matches(chunk[pk])
            if progress:
                progress(number, len(ids))
    return len(ids)


@task()
def refresh_need_matches(need_ids=None):
    """Background task: rank and store the needs that are due (the given ones, or all): after
    a new index version every open need. Idempotent: current ones are skipped."""
    try:
        return refresh(need_ids)
    except Exception:
        logger.exception("need matches refresh failed", extra={"need_ids": need_ids})
        raise
