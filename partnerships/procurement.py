"""The procurement check: a value and a start date against the dated threshold table.

Stable interface (docs/procurement.md): `check_procurement()` returns exactly the JSON
printed by `manage.py procurement_check --json`. The UI calls the same function.
Semantics: a route is allowed only *below* its limit; a value that reaches or exceeds the
limit ("erreicht oder überschreitet") is not allowed. The EU threshold is reached when
value ≥ threshold.
"""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import RouteCode, Scope, Threshold

EDGE_10000 = Decimal("10000.00")
CENT = Decimal("0.01")

# CLI scope codes → table scopes.
SCOPES = {"services": Scope.SUPPLIES_SERVICES, "works": Scope.WORKS}
SCOPE_CODES = {table: code for code, table in SCOPES.items()}

# Warning codes in their fixed output order, with the explanation shown in the UI.
WARNINGS = {
    "edge_10000": gettext_lazy(
        "The value is exactly 10,000 €. The sources differ on whether the direct award "
        "limit includes this amount; the platform treats it as reached, so a direct award "
        "is not available."
    ),
    "phase_only": gettext_lazy(
        "Only the R&D phase was compared. For procurement law the total value of the "
        "partnership counts: all phases plus what the town buys later in regular operation."
    ),
    "planned_value": gettext_lazy(
        "The value fits only under a planned limit that is not in force yet. Planned "
        "values must not be used for an award today."
    ),
    "eu_threshold_reached": gettext_lazy(
        "The value reaches or exceeds the EU threshold: an EU-wide procedure is required. "
        "Only above the EU thresholds does the formal innovation partnership procedure "
        "exist (§ 119 (7) GWB, § 19 VgV)."
    ),
}
WARNING_ORDER = list(WARNINGS)


class ProcurementCheckError(ValueError):
    """Bad input for the check (value, scope, date) or no table for the date."""


_AMOUNT = re.compile(r"^\d{1,12}(\.\d{1,2})?$")


def parse_value(text) -> Decimal:
    """A net euro amount: digits with at most two decimals, greater than zero."""
    text = str(text).strip()
    if not _AMOUNT.match(text):
        raise ProcurementCheckError(
            _("Invalid value %(value)r: give a net amount in euro such as 99999.99.")
            % {"value": text}
        )
    return parse_amount(Decimal(text))


def parse_amount(value) -> Decimal:
    try:
        value = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ProcurementCheckError(_("The value must be an amount in euro.")) from None
    if not value.is_finite() or value <= 0:
        raise ProcurementCheckError(_("The value must be greater than zero."))
    if value != value.quantize(CENT):
        raise ProcurementCheckError(_("The value may have at most two decimal places."))
    return value.quantize(CENT)


def parse_date(text) -> date:
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise ProcurementCheckError(
            _("Invalid date %(date)r: use the format YYYY-MM-DD.") % {"date": str(text)}
        ) from None


def parse_scope(text) -> str:
    if text in SCOPES:
        return SCOPES[text]
    if text in SCOPE_CODES:
        return text
    raise ProcurementCheckError(
        _("Invalid scope %(scope)r: use services or works.") % {"scope": str(text)}
    )


def money(value: Decimal) -> str:
    return f"{value.quantize(CENT):.2f}"


def eu_threshold_for(*, scope: str, start: date) -> Threshold:
    """Sub-central authorities row for supplies/services, the works row for works."""
    rows = Threshold.objects.eu().in_force_on(start).filter(scope=scope)
    if scope == Scope.SUPPLIES_SERVICES:
        rows = rows.filter(applies_to=Threshold.AppliesTo.SUB_CENTRAL)
    row = rows.order_by("-valid_from", "-pk").first()
    if row is None:
        raise ProcurementCheckError(
            _("No EU threshold in the table covers %(date)s.") % {"date": start.isoformat()}
        )
    return row


def route_rows_for(*, scope: str, start: date) -> list[Threshold]:
    """In-force route rows on `start`, then planned rows; one row per route and status."""
    in_force = Threshold.objects.routes().in_force_on(start).filter(scope=scope)
    planned = Threshold.objects.routes().planned().filter(scope=scope)
    chosen = {}
    for row in [*in_force.order_by("valid_from", "pk"), *planned.order_by("pk")]:
        chosen[(row.status, row.route)] = row  # the newest row wins
    order = list(RouteCode.values)
    return sorted(
        chosen.values(),
        key=lambda r: (r.status != Threshold.Status.IN_FORCE, r.value, order.index(r.route)),
    )


def check_procurement(*, value: Decimal, start: date, scope: str, phase_only: bool = False):
    """Compare a net value with the table valid on `start`; see docs/procurement.md."""
    value = parse_amount(value)
    table_scope = parse_scope(scope)
    if not isinstance(start, date):
        start = parse_date(start)
    eu = eu_threshold_for(scope=table_scope, start=start)
    rows = route_rows_for(scope=table_scope, start=start)
    routes = [
        {
            "route": row.route,
            "limit": money(row.value),
            "allowed": value < row.value,
            "status": row.status,
            "source": row.source,
        }
        for row in rows
    ]
    allowed_in_force = {
        r["route"] for r in routes if r["allowed"] and r["status"] == Threshold.Status.IN_FORCE
    }
    warnings = set()
    if value == EDGE_10000:
        warnings.add("edge_10000")
    if phase_only:
        warnings.add("phase_only")
    if any(
        r["allowed"]
        and r["status"] == Threshold.Status.PLANNED
        and r["route"] not in allowed_in_force
        for r in routes
    ):
        warnings.add("planned_value")
    reached = value >= eu.value
    if reached:
        warnings.add("eu_threshold_reached")
    return {
        "date": start.isoformat(),
        "scope": SCOPE_CODES[table_scope],
        "value": money(value),
        "eu_threshold": {"value": money(eu.value), "reached": reached, "source": eu.source},
        "routes": routes,
        "warnings": [code for code in WARNING_ORDER if code in warnings],
    }
