"""Reads for the partnership pages: the procurement check as shown, the timeline."""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import labelled
from core.services import history_of
from core.templatetags.core_tags import euro

from .models import DocumentVersion, Partnership, RouteCode, Scope, Stage
from .procurement import SCOPE_CODES, WARNINGS, ProcurementCheckError, check_procurement

EXPLANATIONS = [
    gettext_lazy(
        "Do not split one need into several small contracts to stay below a limit: the "
        "values of contracts for the same need are added up."
    ),
    gettext_lazy(
        "R&D exemption (§ 116 (1) no. 2 GWB): it applies only if the results do not belong "
        "exclusively to the town or are not fully paid by it. If the town owns the results "
        "exclusively and pays for them in full, procurement law applies again."
    ),
]
NOT_LEGAL_ADVICE = gettext_lazy(
    "These are automatic warnings and explanations based on the threshold table, not legal "
    "advice. Ask your procurement office."
)


def partnership_detail_queryset():
    return Partnership.objects.select_related(
        "municipality", "provider", "need", "solution"
    ).prefetch_related(
        "budget_lines",
        "criteria",
        "milestones",
        Prefetch(
            "documents__versions",
            queryset=DocumentVersion.objects.select_related("uploaded_by"),
        ),
    )


def procurement_checks(partnership):
    """The R&D budget (phase only) and, if given, the estimated total value, each checked
    with the same function as the CLI; each warning with its legal source.

    Each check carries what the partial shows: `start` (the date compared), `routes`
    (the CLI rows with their readable label) and `warnings`."""
    start = partnership.procedure_start or timezone.localdate()
    scope = SCOPE_CODES[partnership.scope or Scope.SUPPLIES_SERVICES]
    checks = []
    values = [(_("R&D phase budget"), partnership.rnd_budget(), True)]
    if partnership.estimated_total_value:
        values.append((_("Estimated total value"), partnership.estimated_total_value, False))
    for label, value, phase_only in values:
        if value <= 0:
            continue
        try:
            result = check_procurement(value=value, start=start, scope=scope, phase_only=phase_only)
        except ProcurementCheckError as error:
            checks.append({"label": label, "error": str(error)})
            continue
        checks.append(
            {
                "label": label,
                "result": result,
                "start": start,
                "routes": [{**r, "label": RouteCode(r["route"]).label} for r in result["routes"]],
                "warnings": _warnings(result, partnership),
            }
        )
    return checks


def _warnings(result, partnership):
    routes = result["routes"]
    in_force = {r["route"]: r for r in routes if r["status"] == "in_force"}
    planned = [r for r in routes if r["status"] == "planned"]
    sources = {
        "edge_10000": in_force.get("direct_award", {}).get("source", ""),
        "phase_only": "",
        "planned_value": planned[0]["source"] if planned else "",
        "eu_threshold_reached": result["eu_threshold"]["source"],
    }
    items = [
        {"code": code, "text": WARNINGS[code], "source": sources[code]}
        for code in result["warnings"]
    ]
    chosen = in_force.get(partnership.procurement_route)
    if chosen and not chosen["allowed"]:
        items.insert(
            0,
            {
                "code": "route_limit",
                "text": _(
                    "The value reaches or exceeds the limit of the chosen route “%(route)s” "
                    "(%(limit)s)."
                )
                % {"route": RouteCode(chosen["route"]).label, "limit": euro(chosen["limit"])},
                "source": chosen["source"],
            },
        )
    return items


def timeline(partnership, width=640):
    """Events on a time axis for the server-rendered SVG and its text equivalent."""
    today = timezone.localdate()
    events = [(timezone.localtime(partnership.created_at).date(), _("Initiation"), "stage", False)]
    for field, stage in (
        ("rnd_started_on", Stage.RND),
        ("evaluation_started_on", Stage.EVALUATION),
        ("performance_started_on", Stage.PERFORMANCE),
        ("ended_on", Stage.TERMINATED),
    ):
        day = getattr(partnership, field)
        if day:
            events.append((day, str(stage.label), "stage", False))
    for m in partnership.milestones.all():
        events.append((m.due_on, m.title, "milestone", m.is_overdue))
    events.sort(key=lambda e: e[0])
    first = min(events[0][0], today)
    last = max(events[-1][0], today)
    span = max((last - first).days, 1)
    margin = 20

    def x(day):
        return round(margin + (day - first).days / span * (width - 2 * margin))

    return {
        "width": width,
        "today_x": x(today),
        "today": today,
        "axis_end": width - margin,
        "events": [
            {"day": day, "label": label, "kind": kind, "overdue": overdue, "x": x(day)}
            for day, label, kind, overdue in events
        ],
        "duration_days": (
            (partnership.ended_on or today) - timezone.localtime(partnership.created_at).date()
        ).days,
    }


def decision_log(partnership):
    """The audit rows with their labels (core.audit.LABELS) and stage names."""
    return labelled(history_of(partnership))
