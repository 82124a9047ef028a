"""The procurement check at every edge: one cent below, exactly at, one cent above."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from partnerships.models import Threshold
from partnerships.procurement import ProcurementCheckError, check_procurement

pytestmark = pytest.mark.django_db

SPRING_2026 = date(2026, 3, 1)
CENT = Decimal("0.01")


def routes_of(result, status="in_force"):
    return {r["route"]: r for r in result["routes"] if r["status"] == status}


def test_fresh_database_has_the_seeded_table():
    assert Threshold.objects.count() == 17
    eu = Threshold.objects.eu().in_force_on(SPRING_2026)
    values = {(t.scope, t.applies_to): t.value for t in eu}
    assert values == {
        ("supplies_services", "sub_central"): Decimal("216000"),
        ("supplies_services", "central"): Decimal("140000"),
        ("works", ""): Decimal("5404000"),
        ("supplies_services", "social_services"): Decimal("750000"),
    }
    planned = Threshold.objects.planned()
    assert {(t.scope, t.value) for t in planned} == {
        ("supplies_services", Decimal("100000")),
        ("works", Decimal("750000")),
    }
    assert all(t.valid_from is None for t in planned)


@pytest.mark.parametrize(
    ("scope", "route", "limit"),
    [
        ("services", "direct_award", "10000"),
        ("services", "negotiated", "50000"),
        ("services", "negotiated_with_competition", "100000"),
        ("services", "restricted", "100000"),
        ("works", "direct_award", "10000"),
        ("works", "negotiated_works", "100000"),
        ("works", "restricted_works", "250000"),
    ],
)
def test_route_allowed_only_below_its_limit(scope, route, limit):
    limit = Decimal(limit)
    below, at, above = (
        check_procurement(value=v, start=SPRING_2026, scope=scope)
        for v in (limit - CENT, limit, limit + CENT)
    )
    assert routes_of(below)[route]["allowed"] is True
    assert routes_of(at)[route]["allowed"] is False
    assert routes_of(above)[route]["allowed"] is False
    assert routes_of(at)[route]["limit"] == f"{limit:.2f}"


@pytest.mark.parametrize(("scope", "limit"), [("services", "100000"), ("works", "750000")])
def test_planned_limits_are_listed_as_planned(scope, limit):
    limit = Decimal(limit)
    below = check_procurement(value=limit - CENT, start=SPRING_2026, scope=scope)
    at = check_procurement(value=limit, start=SPRING_2026, scope=scope)
    planned = routes_of(below, "planned")["direct_award"]
    assert planned["limit"] == f"{limit:.2f}"
    assert planned["allowed"] is True
    assert "planned_value" in below["warnings"]
    assert routes_of(at, "planned")["direct_award"]["allowed"] is False
    assert "planned_value" not in at["warnings"]


def test_planned_value_only_when_the_in_force_route_does_not_allow_it():
    small = check_procurement(value=Decimal("9999.99"), start=SPRING_2026, scope="services")
    assert "planned_value" not in small["warnings"]
    assert (
        "planned_value"
        in check_procurement(value=Decimal("10000.01"), start=SPRING_2026, scope="services")[
            "warnings"
        ]
    )


@pytest.mark.parametrize(
    ("scope", "start", "threshold"),
    [
        ("services", date(2026, 1, 1), "216000"),
        ("services", date(2025, 12, 31), "221000"),
        ("works", date(2026, 1, 1), "5404000"),
        ("works", date(2025, 12, 31), "5538000"),
        ("services", date(2024, 1, 1), "221000"),
        ("services", date(2027, 12, 31), "216000"),
    ],
)
def test_eu_threshold_reached_at_or_above(scope, start, threshold):
    threshold = Decimal(threshold)
    below = check_procurement(value=threshold - CENT, start=start, scope=scope)
    at = check_procurement(value=threshold, start=start, scope=scope)
    above = check_procurement(value=threshold + CENT, start=start, scope=scope)
    assert below["eu_threshold"]["value"] == f"{threshold:.2f}"
    assert below["eu_threshold"]["reached"] is False
    assert "eu_threshold_reached" not in below["warnings"]
    for result in (at, above):
        assert result["eu_threshold"]["reached"] is True
        assert "eu_threshold_reached" in result["warnings"]


def test_table_switches_by_start_date():
    value = Decimal("218000.00")  # between the 2026 (216,000) and 2025 (221,000) values
    old = check_procurement(value=value, start=date(2025, 12, 31), scope="services")
    new = check_procurement(value=value, start=date(2026, 1, 1), scope="services")
    assert old["eu_threshold"]["reached"] is False
    assert "2023/2495" in old["eu_threshold"]["source"]
    assert new["eu_threshold"]["reached"] is True
    assert "2025/2152" in new["eu_threshold"]["source"]


def test_no_table_for_the_date_is_an_error():
    with pytest.raises(ProcurementCheckError):
        check_procurement(value=Decimal("100"), start=date(2023, 12, 31), scope="services")


def test_edge_10000_only_exactly_at_10000():
    def warnings(v):
        return check_procurement(value=Decimal(v), start=SPRING_2026, scope="services")["warnings"]

    assert "edge_10000" in warnings("10000.00")
    assert "edge_10000" not in warnings("9999.99")
    assert "edge_10000" not in warnings("10000.01")


def test_phase_only_warning():
    result = check_procurement(
        value=Decimal("5000"), start=SPRING_2026, scope="works", phase_only=True
    )
    assert result["warnings"] == ["phase_only"]


@pytest.mark.parametrize("bad", [Decimal("0"), Decimal("-1"), Decimal("1.001"), "abc"])
def test_bad_values_rejected(bad):
    with pytest.raises(ProcurementCheckError):
        check_procurement(value=bad, start=SPRING_2026, scope="services")


def test_bad_scope_rejected():
    with pytest.raises(ProcurementCheckError):
        check_procurement(value=Decimal("1"), start=SPRING_2026, scope="goods")


def run_json(*args):
    out = StringIO()
    call_command("procurement_check", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_cli_json_shape_exactly():
    result = run_json("--value", "99999.99", "--start", "2026-03-01", "--scope", "services")
    assert list(result) == ["date", "scope", "value", "eu_threshold", "routes", "warnings"]
    assert result["date"] == "2026-03-01"
    assert result["scope"] == "services"
    assert result["value"] == "99999.99"
    assert result["eu_threshold"] == {
        "value": "216000.00",
        "reached": False,
        "source": result["eu_threshold"]["source"],
    }
    assert "2025/2152" in result["eu_threshold"]["source"]
    for route in result["routes"]:
        assert list(route) == ["route", "limit", "allowed", "status", "source"]
        assert route["status"] in {"in_force", "planned"}
        assert isinstance(route["allowed"], bool)
        assert route["limit"].endswith((".00",)) and "." in route["limit"]
    assert [(r["route"], r["status"], r["allowed"]) for r in result["routes"]] == [
        ("direct_award", "in_force", False),
        ("negotiated", "in_force", False),
        ("negotiated_with_competition", "in_force", True),
        ("restricted", "in_force", True),
        ("direct_award", "planned", True),
    ]
    assert result["warnings"] == ["planned_value"]


def test_cli_works_routes_and_phase_only():
    result = run_json(
        "--value", "10000", "--start", "2026-03-01", "--scope", "works", "--phase-only"
    )
    assert result["value"] == "10000.00"
    assert [r["route"] for r in result["routes"]] == [
        "direct_award",
        "negotiated_works",
        "restricted_works",
        "direct_award",
    ]
    assert result["warnings"] == ["edge_10000", "phase_only", "planned_value"]


@pytest.mark.parametrize(
    "args",
    [
        ["--value", "abc", "--start", "2026-03-01", "--scope", "services"],
        ["--value", "-5", "--start", "2026-03-01", "--scope", "services"],
        ["--value", "1.234", "--start", "2026-03-01", "--scope", "services"],
        ["--value", "100", "--start", "2026-02-30", "--scope", "services"],
        ["--value", "100", "--start", "2026-03-01", "--scope", "goods"],
    ],
)
def test_cli_bad_input_exit_code_2(args, capsys):
    with pytest.raises(CommandError) as error:
        call_command("procurement_check", *args, "--json")
    assert error.value.returncode == 2
    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "procurement_check", *args, "--json"])
    assert exit_.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "CommandError" in captured.err
