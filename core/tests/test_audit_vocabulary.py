"""Every audit action code is namespaced and registered in core.audit.ACTIONS."""

import ast
from pathlib import Path

import pytest

from core import audit

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "node_modules", "tests", "migrations"}


def _calls():
    for path in sorted(ROOT.glob("*/**/*.py")):
        if SKIP & set(path.relative_to(ROOT).parts) or path == ROOT / "core" / "transitions.py":
            continue  # transitions.move passes its caller's code on
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            name = getattr(getattr(node, "func", None), "id", None) or getattr(
                getattr(node, "func", None), "attr", None
            )
            if isinstance(node, ast.Call) and name in ("log_action", "move"):
                for keyword in node.keywords:
                    if keyword.arg == "action":
                        yield f"{path.relative_to(ROOT)}:{node.lineno}", keyword.value


def _codes(value):
    if isinstance(value, ast.Constant):
        return [value.value]
    if isinstance(value, ast.IfExp):
        return _codes(value.body) + _codes(value.orelse)
    if isinstance(value, ast.JoinedStr):  # f"catalog.{kind}.status_changed"
        parts = [v.value if isinstance(v, ast.Constant) else "*" for v in value.values]
        return ["".join(parts)]
    raise AssertionError(f"action is neither a literal nor a conditional: {ast.dump(value)}")


CALLS = list(_calls())


def test_the_scan_finds_the_audited_services():
    places = {place.split(":")[0] for place, _ in CALLS}
    assert {"catalog/services.py", "matching/workflows.py", "partnerships/services.py"} <= places
    assert len(CALLS) >= 70


@pytest.mark.parametrize(("place", "value"), CALLS, ids=[p for p, _ in CALLS])
def test_every_logged_action_is_a_registered_namespaced_code(place, value):
    for code in _codes(value):
        if "*" in code:
            matches = [c for c in audit.ACTIONS if c.split(".")[::2] == code.split(".")[::2]]
            assert matches, f"{place}: no registered code fits {code}"
        else:
            assert code in audit.ACTIONS, f"{place}: {code} is not in core.audit.ACTIONS"


def test_every_registered_code_has_three_lower_case_parts_and_a_description():
    for code, description in audit.ACTIONS.items():
        assert audit.CODE.match(code), code
        assert description.strip(), code


def test_log_action_refuses_an_unregistered_code():
    with pytest.raises(ValueError, match="not_a_code"):
        audit.check("not_a_code")
