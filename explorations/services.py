"""Everything that changes a market exploration record. Each service is atomic, checks the
permission through explorations.access, re-seals the record (SHA-256) and writes audit rows.

Rules: a record is frozen from a need's matches or from a catalog search, with at most
EXPLORATION_MAX_ENTRIES entries (else nothing is created: narrow the search first); while open,
the town records its verdict per entry and completes the route check input; `close` makes it
immutable; a correction is a new version linked to the closed one.
"""

import re
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import organisations_of
from accounts.models import Organisation
from core.services import log_action
from core.transitions import allowed, move
from matching.access import can_decide
from matching.need_matches import matches_for_need
from matching.selectors import search_solutions, solutions_in_order

from . import records
from .access import require_editor
from .models import ExplorationEntry, MarketExploration


class TooManyEntries(ValidationError):
    """More solutions than a record may hold: the town narrows the search first."""

    def __init__(self, count, limit):
        self.count, self.limit = count, limit
        super().__init__(
            _(
                "More than %(limit)s solutions would be recorded. Please narrow the search "
                "first (search words, filters or the need's description)."
            )
            % {"limit": limit},
            code="too_many",
        )


# open → closed, by the town's editors (explorations.access.require_editor); closed is final
# (a correction is a new, linked record).
TRANSITIONS = {(MarketExploration.Status.OPEN, MarketExploration.Status.CLOSED): None}


class RecordClosed(ValidationError):
    def __init__(self):
        super().__init__(
            _(
                "This market exploration is closed and can no longer be changed. Create a new "
                "version to correct it."
            ),
            code="closed",
        )


def max_entries():
    return settings.EXPLORATION_MAX_ENTRIES


def _person(user):
    name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return f"{name} <{user.email}>" if name else user.email


_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})|(\d{4})-(\d{2})-(\d{2})")


def start_from_time_frame(text):
    """A date in the need's time frame ("ab 01.03.2027"), else None."""
    found = _DATE.search(text or "")
    if not found:
        return None
    try:
        if found.group(1):
            return date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
        return date(int(found.group(4)), int(found.group(5)), int(found.group(6)))
    except ValueError:
        return None


def _seal(record):
    """Store the hash over what the database now holds for the record."""
    record = MarketExploration.objects.get(pk=record.pk)
    record.sha256 = records.computed_sha256(record)
    record.save(update_fields=["sha256"])
    return record


def _audit_target(record):
    return record.need if record.need_id else record


def _create(*, actor, organisation, fields, entries):
    now = timezone.now().replace(microsecond=0)
    record = MarketExploration.objects.create(
        organisation=organisation,
        frozen_at=now,
        frozen_by=actor,
        frozen_by_name=_person(actor),
        **fields,
    )
    if record.estimated_value and record.procedure_start:
        record.route_check = records.route_check_for(
            value=record.estimated_value, scope=record.scope, start=record.procedure_start
        )
        record.save(update_fields=["route_check"])
    ExplorationEntry.objects.bulk_create(
        ExplorationEntry(exploration=record, position=number, **entry)
        for number, entry in enumerate(entries, start=1)
    )
    record = _seal(record)
    log_action(
        _audit_target(record),
        actor=actor,
        action="explorations.record.frozen",
        comment=record.sha256,
    )
    return record


def _snapshots(solution_pks):
    found = records.snapshot_queryset().in_bulk(solution_pks)
    return {pk: records.snapshot_of(found[pk]) for pk in solution_pks if pk in found}


@transaction.atomic
def freeze_need_matches(*, actor, need):
    """Freeze the need's current matches: every solution the platform judges as fitting,
    including those an exclusion (hosting, budget) speaks against."""
    if not can_decide(actor, need):
        raise PermissionDenied
    limit = max_entries()
    # The ranking scores the whole catalog when it has embeddings, so "returned" is not
    # "considered": the record keeps the matches the platform judges as fitting. `current`:
    # ranked now if the stored results are older than the index (what the platform shows now).
    matches = [m for m in matches_for_need(need, limit=limit + 1, current=True) if m.fits]
    if len(matches) > limit:
        raise TooManyEntries(len(matches), limit)
    snapshots = _snapshots([m.solution.pk for m in matches])
    entries = [
        {
            "solution": m.solution,
            "provider": m.solution.provider,
            "snapshot": snapshots[m.solution.pk],
            "fits": not m.exclusions,
            "reasons": records.match_reasons(m),
            "exclusions": [{"kind": kind, "cause": str(cause)} for kind, cause in m.exclusions],
        }
        for m in matches
    ]
    fields = {
        "need": need,
        "source": MarketExploration.Source.NEED,
        "need_title": need.title,
        "need_description": need.description,
        "need_requirements": records.need_requirements(need),
        "filters_text": records.need_sentence(need),
        "estimated_value": need.budget_max or need.budget_min,
        "procedure_start": start_from_time_frame(need.time_frame) or timezone.localdate(),
    }
    return _create(actor=actor, organisation=need.organisation, fields=fields, entries=entries)


def recording_town(user):
    """The municipality a catalog search is recorded for (the user's first)."""
    towns = organisations_of(user, Organisation.Kind.MUNICIPALITY)
    if not towns:
        raise PermissionDenied
    return towns[0]


@transaction.atomic
def freeze_search(*, actor, params, need=None):
    """Freeze the complete result list of a catalog search with its text and filters; for
    `need` (an open need the actor decides on) when given, so that the need's outcome reaches
    these providers too and its chronology lists the record."""
    if need is not None and not (can_decide(actor, need) and need.is_open):
        raise PermissionDenied
    organisation = need.organisation if need is not None else recording_town(actor)
    chosen = records.search_filters(params, user=actor)
    if chosen is None:
        raise ValidationError(_("The search parameters are not valid."), code="invalid")
    text, filters = chosen
    found = search_solutions(params, user=actor)
    limit = max_entries()
    pks = list(found.ordered[: limit + 1])
    if len(pks) > limit:
        raise TooManyEntries(len(pks), limit)
    solutions = solutions_in_order(pks, records.snapshot_queryset())
    reason = _("matches the search words and every chosen filter")
    entries = [
        {
            "solution": s,
            "provider": s.provider,
            "snapshot": records.snapshot_of(s),
            "fits": True,
            "reasons": [reason],
            "exclusions": [],
        }
        for s in solutions
    ]
    fields = {
        "source": MarketExploration.Source.SEARCH,
        "search_text": text,
        "filters": filters,
        "filters_text": records.filters_sentence(text, filters),
        "procedure_start": timezone.localdate(),
    }
    if need is not None:
        fields.update(
            need=need,
            need_title=need.title,
            need_description=need.description,
            need_requirements=records.need_requirements(need),
            estimated_value=need.budget_max or need.budget_min,
        )
    return _create(actor=actor, organisation=organisation, fields=fields, entries=entries)


def _lock_open(actor, record):
    require_editor(actor, record)
    record = MarketExploration.objects.select_for_update().get(pk=record.pk)
    if record.is_closed:
        raise RecordClosed
    return record


def check_verdicts(verdicts):
    """{entry: (verdict, reason)} → {entry pk: error}; a reason is required for "not
    considered"."""
    errors = {}
    for entry, (verdict, reason) in verdicts.items():
        if verdict == ExplorationEntry.Verdict.NOT_CONSIDERED and not reason.strip():
            errors[entry.pk] = _("Please give the reason why this solution is not considered.")
    return errors


@transaction.atomic
def record_verdicts(*, actor, record, verdicts):
    """Set the town's verdicts ({entry: (verdict, reason)}); all or nothing."""
    record = _lock_open(actor, record)
    errors = check_verdicts(verdicts)
    if errors:
        raise ValidationError(errors)
    for entry, (verdict, reason) in verdicts.items():
        if entry.exploration_id != record.pk:
            raise PermissionDenied
        entry.verdict, entry.verdict_reason = verdict, reason.strip()
    ExplorationEntry.objects.bulk_update(list(verdicts), ["verdict", "verdict_reason"])
    return _seal(record)


@transaction.atomic
def update_route_input(*, actor, record, estimated_value, scope, procedure_start):
    """Complete the route check input; the check is run again and frozen."""
    record = _lock_open(actor, record)
    record.estimated_value = estimated_value
    record.scope = scope
    record.procedure_start = procedure_start
    record.route_check = records.route_check_for(
        value=estimated_value, scope=scope, start=procedure_start
    )
    record.save(update_fields=["estimated_value", "scope", "procedure_start", "route_check"])
    return _seal(record)


@transaction.atomic
def close_exploration(*, actor, record):
    """Close the record: from now on nothing in it changes."""
    record = _lock_open(actor, record)
    closed = MarketExploration.Status.CLOSED
    allowed(TRANSITIONS, record.status, closed, message=RecordClosed().message)
    record.closed_at = timezone.now().replace(microsecond=0)
    record.closed_by = actor
    record.closed_by_name = _person(actor)
    sealed = []

    def seal():  # the audit row carries the hash over the closed record
        sealed.append(_seal(record))
        return sealed[0].sha256

    move(
        record,
        closed,
        actor=actor,
        action="explorations.record.closed",
        also=["closed_at", "closed_by", "closed_by_name"],
        comment=seal,
        log_on=_audit_target(record),
    )
    return sealed[0]


@transaction.atomic
def start_correction(*, actor, record):
    """A new open version of a closed record, linked to it, with the same snapshots and
    verdicts (the moment of the search stays the old one)."""
    require_editor(actor, record)
    record = MarketExploration.objects.select_for_update().get(pk=record.pk)
    if not record.is_closed:
        raise ValidationError(_("Only a closed record can be corrected."), code="open")
    if MarketExploration.objects.filter(previous=record).exists():
        raise ValidationError(
            _("This record has already been corrected; correct the newest version."),
            code="corrected",
        )
    copied = [
        "organisation_id",
        "need_id",
        "source",
        "frozen_at",
        "frozen_by_id",
        "frozen_by_name",
        "need_title",
        "need_description",
        "need_requirements",
        "search_text",
        "filters",
        "filters_text",
        "estimated_value",
        "scope",
        "procedure_start",
        "route_check",
    ]
    correction = MarketExploration.objects.create(
        previous=record,
        version=record.version + 1,
        **{name: getattr(record, name) for name in copied},
    )
    ExplorationEntry.objects.bulk_create(
        ExplorationEntry(
            exploration=correction,
            **{
                name: getattr(entry, name)
                for name in [
                    "position",
                    "solution_id",
                    "provider_id",
                    "snapshot",
                    "fits",
                    "reasons",
                    "exclusions",
                    "verdict",
                    "verdict_reason",
                ]
            },
        )
        for entry in record.entries.all()
    )
    correction = _seal(correction)
    log_action(
        _audit_target(correction),
        actor=actor,
        action="explorations.record.corrected",
        comment=correction.sha256,
    )
    return correction
