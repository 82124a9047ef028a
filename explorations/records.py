"""What a record says and how it is sealed: the listing snapshot, the search in words, the
frozen procurement route check and the canonical JSON its SHA-256 is computed over.

The JSON export is exactly `{"sha256": …, **content(record)}`: an auditor can drop the
`sha256` key, serialise the rest with `canonical_json` and compare (docs/procurement.md).
"""

import hashlib
import json
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from django.urls import reverse
from django.utils.translation import gettext as _

from catalog.models import Solution
from core.services import absolute_url
from core.templatetags.core_tags import euro
from matching.filters import FACETS, SolutionFilter, district_choices
from partnerships.models import RouteCode
from partnerships.procurement import (
    SCOPE_CODES,
    ProcurementCheckError,
    check_procurement,
    eu_threshold_for,
    money,
    route_rows_for,
)
from partnerships.selectors import _warnings

# --- Canonical content and its hash -----------------------------------------------------------


def canonical_json(data) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def sha256_of(data) -> str:
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


def _iso(value):
    return value.isoformat() if value else None


def _money(value):
    return money(Decimal(value)) if value is not None else None


def entry_content(entry):
    return {
        "position": entry.position,
        "solution": entry.snapshot.get("title", ""),
        "solution_id": entry.snapshot.get("id"),
        "provider": entry.snapshot.get("provider", ""),
        "fits": entry.fits,
        "reasons": list(entry.reasons),
        "exclusions": list(entry.exclusions),
        "verdict": entry.verdict,
        "verdict_reason": entry.verdict_reason,
        "snapshot": entry.snapshot,
    }


def content(record, entries=None):
    """Everything the record says, as plain JSON values (the hash covers exactly this)."""
    entries = list(record.entries.all()) if entries is None else entries
    need = None
    if record.source == record.Source.NEED:
        need = {
            "id": record.need_id,
            "title": record.need_title,
            "description": record.need_description,
            "requirements": record.need_requirements,
        }
    return {
        "id": record.pk,
        "version": record.version,
        "previous": record.previous_id,
        "organisation": record.organisation_id,  # its name may change; the id does not
        "source": record.source,
        "frozen_at": _iso(record.frozen_at),
        "frozen_by": record.frozen_by_name,
        "need": need,
        "search": {"text": record.search_text, "filters": record.filters},
        "filters_text": record.filters_text,
        "estimated_value": _money(record.estimated_value),
        "scope": record.scope,
        "procedure_start": _iso(record.procedure_start),
        "route_check": record.route_check,
        "status": record.status,
        "closed_at": _iso(record.closed_at),
        "closed_by": record.closed_by_name,
        "entries": [entry_content(e) for e in entries],
    }


def computed_sha256(record):
    return sha256_of(content(record))


# --- Snapshots --------------------------------------------------------------------------------


def snapshot_queryset():
    return Solution.objects.select_related("provider").prefetch_related(
        "standards", "references__municipality"
    )


def _place(reference):
    return reference.municipality.name if reference.municipality_id else reference.place_name


def snapshot_of(solution):
    """The listing as a person saw it, copied: later edits or withdrawal change nothing."""
    provider = solution.provider
    return {
        "id": solution.pk,
        "title": solution.title,
        "summary": solution.summary,
        "provider": provider.name,
        "provider_city": provider.city,
        "maturity": str(solution.get_maturity_display()),
        "price_min": _money(solution.price_min),
        "price_max": _money(solution.price_max),
        "price_model": solution.price_model,
        "hosting": str(solution.get_hosting_display()) if solution.hosting else "",
        "licence": solution.oss_license,
        "standards": sorted(s.name for s in solution.standards.all()),
        "references": [
            {
                "place": _place(r),
                "year": r.year,
                "verified": r.is_verified,
                "status": str(r.get_status_display()),
            }
            for r in sorted(solution.references.all(), key=lambda r: (_place(r), r.pk))
            if r.status != r.Status.REJECTED
        ],
        "contact": {
            "website": provider.website,
            "form": absolute_url(reverse("catalog:contact", args=[solution.slug])),
        },
        "url": absolute_url(solution.get_absolute_url()),
    }


# --- The search and the need in words --------------------------------------------------------


def _either(labels):
    labels = [str(label) for label in labels]
    if len(labels) < 2:
        return "".join(labels)
    return _("%(first)s or %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


def _choice_labels(filterset, name, values):
    choices = dict(filterset.filters[name].extra.get("choices") or [])
    return [{"value": v, "label": str(choices.get(v, v))} for v in values]


def search_filters(params, *, user):
    """(search text, {facet: [{"value", "label"}]}) for valid search parameters, else None."""
    filterset = SolutionFilter(params, queryset=Solution.objects.none(), user=user)
    if not filterset.is_valid():
        return None
    data = filterset.form.cleaned_data
    chosen = {}
    for name in FACETS:
        value = data.get(name)
        if name in ("topic", "standard"):
            items = [{"value": o.slug, "label": o.name} for o in value or []]
        elif name in ("oss", "startup"):
            items = [] if value is None else [{"value": "true" if value else "false"}]
        elif name == "verified":
            items = _choice_labels(filterset, name, [value] if value else [])
        elif name == "district":
            names = dict(district_choices()) if value else {}
            items = [{"value": v, "label": names.get(v, v)} for v in value or []]
        else:
            items = _choice_labels(filterset, name, list(value or []))
        if items:
            chosen[name] = items
    return (data.get("q") or "").strip(), chosen


def _labels(items):
    return _either(i["label"] for i in items)


def filters_sentence(text, filters):
    """The search as one German sentence, e.g. "Lösungen im Handlungsfeld Wasser, Hosting in
    Deutschland, mit bestätigter Referenz in Hessen, Suchbegriff „Starkregen“"."""
    parts = []
    for name, items in filters.items():
        if name == "topic":
            template = (
                _("in the topic area %(values)s")
                if len(items) == 1
                else _("in the topic areas %(values)s")
            )
            parts.append(template % {"values": _labels(items)})
        elif name == "maturity":
            parts.append(_("maturity %(values)s") % {"values": _labels(items)})
        elif name == "deployment":
            parts.append(_("deployed as %(values)s") % {"values": _labels(items)})
        elif name == "standard":
            parts.append(_("supporting %(values)s") % {"values": _labels(items)})
        elif name == "hosting":
            parts.append(_("hosting in %(values)s") % {"values": _labels(items)})
        elif name == "oss":
            parts.append(
                _("with an open-source licence")
                if items[0]["value"] == "true"
                else _("without an open-source licence")
            )
        elif name == "price":
            parts.append(_("price from %(values)s") % {"values": _labels(items)})
        elif name == "size":
            parts.append(
                _("for municipalities with %(values)s inhabitants") % {"values": _labels(items)}
            )
        elif name == "verified":
            parts.append(
                {
                    "any": _("with a verified reference"),
                    "hessen": _("with a verified reference in Hessen"),
                    "district": _("with a verified reference in the town's own district"),
                }[items[0]["value"]]
            )
        elif name == "startup":
            parts.append(
                _("from start-ups") if items[0]["value"] == "true" else _("not from start-ups")
            )
        elif name == "district":
            parts.append(_("providers from %(values)s") % {"values": _labels(items)})
    if text:
        parts.append(_("search words “%(text)s”") % {"text": text})
    if not parts:
        return _("All published solutions")
    return _("Solutions %(conditions)s") % {"conditions": ", ".join(parts)}


def need_requirements(need):
    population = need.effective_population
    return {
        "topics": sorted(t.name for t in need.topics.all()),
        "budget_min": _money(need.budget_min),
        "budget_max": _money(need.budget_max),
        "time_frame": need.time_frame,
        "hosting_de_required": need.hosting_de_required,
        "population": population or None,
        "constraints": need.constraints,
    }


def need_sentence(need):
    parts = []
    if need.hosting_de_required:
        parts.append(_("hosting in Germany required"))
    if need.budget_max is not None:
        parts.append(_("budget up to %(amount)s") % {"amount": euro(need.budget_max)})
    sentence = _("Solutions matching the need “%(title)s”") % {"title": need.title}
    return f"{sentence} ({', '.join(parts)})" if parts else sentence


def match_reasons(match):
    """The platform's readable reasons for one need match (the words of the need page)."""
    reasons = []
    if match.words:
        reasons.append(_("matching words: %(words)s") % {"words": ", ".join(match.words)})
    if match.similar:
        reasons.append(_("similar in meaning to the description"))
    if match.topics:
        names = ", ".join(t.name for t in match.topics)
        reasons.append(_("topics: %(names)s") % {"names": names})
    if match.verified:
        reasons.append(
            _("%(n)s verified references (%(nearby)s in the town's district)")
            % {"n": len(match.verified), "nearby": len(match.verified_nearby)}
        )
    for check in match.checks:
        if check["met"] is None:
            reasons.append(
                {
                    "hosting": _("hosting location not stated"),
                    "budget": _("price not stated"),
                }.get(check["kind"], "")
            )
        elif check["met"] and check["kind"] == "hosting":
            reasons.append(_("hosted in Germany"))
        elif check["met"] and check["kind"] == "budget":
            reasons.append(
                _("price from %(price)s, within the budget") % {"price": euro(check["price"])}
            )
        elif check["kind"] == "size":
            reasons.append(
                _("suited for municipalities of this size")
                if check["met"]
                else _("meant for other municipality sizes")
            )
    return [r for r in reasons if r]


# --- The procurement route check --------------------------------------------------------------


def threshold_rows(scope, start):
    """The threshold rows a check on `start` relies on, as frozen into the record."""
    rows = [eu_threshold_for(scope=scope, start=start), *route_rows_for(scope=scope, start=start)]
    return [
        {
            "id": row.pk,
            "kind": row.kind,
            "route": row.route,
            "label": row.label,
            "value": money(row.value),
            "valid_from": _iso(row.valid_from),
            "valid_to": _iso(row.valid_to),
            "status": row.status,
            "source": row.source,
        }
        for row in rows
    ]


def route_check_for(*, value, scope, start):
    """The check of `value` on `start` with the partnerships' function, frozen as JSON."""
    if not value or not start:
        return {}
    try:
        result = check_procurement(value=value, start=start, scope=SCOPE_CODES[scope])
        thresholds = threshold_rows(scope, start)
    except ProcurementCheckError as error:
        return {"error": str(error)}
    return {
        "result": result,
        "routes": [{**r, "label": str(RouteCode(r["route"]).label)} for r in result["routes"]],
        # No route is chosen on a record, so only the table's own warnings apply.
        "warnings": [
            {**w, "text": str(w["text"])}
            for w in _warnings(result, SimpleNamespace(procurement_route=""))
        ],
        "thresholds": thresholds,
    }


def route_checks(record):
    """The frozen check in the shape of the partnerships' procurement partial."""
    check = record.route_check
    if not check:
        return []
    start = date.fromisoformat(check["result"]["date"]) if "result" in check else None
    return [{"label": _("Estimated value"), **check, "start": start}]


def changed_thresholds(record):
    """The frozen threshold rows that read differently today (changed, ended, replaced)."""
    check = record.route_check
    frozen = check.get("thresholds")
    if not frozen:
        return []
    start = date.fromisoformat(check["result"]["date"])
    try:
        current = threshold_rows(record.scope, start)
    except ProcurementCheckError:
        current = []
    current_by_id = {row["id"]: row for row in current}
    changed = [row for row in frozen if current_by_id.get(row["id"]) != row]
    frozen_ids = {row["id"] for row in frozen}
    changed += [row for row in current if row["id"] not in frozen_ids]
    # A row edited in the table is named once, with its text as frozen.
    return list({row["id"]: row for row in changed}.values())
