"""Views ask their app's access module; they never check roles themselves (issue #17 item 3).

Every `views*.py`, `*_views.py` and `views/*.py` module of the project's apps is parsed
(ast, not grep, so comments and strings do not count). A view module fails when it

- calls or imports a role predicate of accounts.access (`is_office`, `is_member`, ...,
  `organisations_of`) — the rule belongs in `<app>/access.py` under a name that says what it
  allows (`can_<verb>`, `require_<role>`, `<thing>_for_viewer`), or
- raises PermissionDenied (or its subclass MunicipalityRequired) itself — the access module's
  `require_...` / `..._for_editor` raises it.

Calling `require_office` / `require_municipality_member` from accounts.access is allowed: that
is asking the access module. The authorization matrix (api/tests/test_security_matrix.py)
guards the behaviour; this test guards where the rules live.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROLE_PREDICATES = {
    "active_memberships",
    "is_office",
    "is_member",
    "is_municipality_member",
    "is_provider_member",
    "is_org_admin",
    "organisations_of",
}
DENIALS = {"PermissionDenied", "MunicipalityRequired"}


def _name(node):
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def inline_permission_checks(source: str) -> list[str]:
    """'line: what' for every role predicate used and every PermissionDenied raised."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name in ROLE_PREDICATES:
                    found.append(f"{node.lineno}: imports {alias.name}")
        elif isinstance(node, ast.Call) and _name(node.func) in ROLE_PREDICATES:
            found.append(f"{node.lineno}: calls {_name(node.func)}()")
        elif isinstance(node, ast.Raise) and node.exc is not None and _name(node.exc) in DENIALS:
            found.append(f"{node.lineno}: raises {_name(node.exc)}")
    return found


def view_modules() -> list[Path]:
    base = Path(settings.BASE_DIR).resolve()
    modules = []
    for config in apps.get_app_configs():
        root = Path(config.path).resolve()
        if base not in root.parents or ".venv" in root.parts:
            continue
        modules += (
            p
            for p in root.glob("*.py")
            if p.name.startswith("views") or p.name.endswith("_views.py")
        )
        modules += (p for p in root.glob("views/*.py") if p.name != "__init__.py")
    return sorted(modules)


def _relative(path: Path) -> str:
    return path.relative_to(Path(settings.BASE_DIR).resolve()).as_posix()


def test_the_scan_covers_the_view_modules_of_every_app():
    names = {_relative(p) for p in view_modules()}
    for expected in (
        "accounts/views.py",
        "catalog/views.py",
        "events/views.py",
        "explorations/views.py",
        "explorations/outcome_views.py",
        "matching/views/needs.py",
        "partnerships/views.py",
        "partnerships/views_knowledge.py",
    ):
        assert expected in names


@pytest.mark.parametrize("path", view_modules(), ids=_relative)
def test_views_leave_permission_decisions_to_the_access_module(path):
    relative = _relative(path)
    found = inline_permission_checks(path.read_text(encoding="utf-8"))
    assert found == [], (
        f"{relative} decides permissions inline; move the rule into the app's access.py "
        f"(can_<verb>, require_<role>, <thing>_for_viewer/_for_editor): {found}"
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from accounts.access import is_office\n", ["1: imports is_office"]),
        ("def v(r):\n    return access.is_member(r.user, o)\n", ["2: calls is_member()"]),
        ("def v(r):\n    raise PermissionDenied\n", ["2: raises PermissionDenied"]),
        ("def v(r):\n    raise MunicipalityRequired(r.user)\n", ["2: raises MunicipalityRequired"]),
        ("from .access import can_edit, require_editor\n# is_office(user)\n", []),
        ("def v(r):\n    require_office(r.user)\n    raise Http404\n", []),
    ],
)
def test_the_scan_finds_inline_checks_and_nothing_else(source, expected):
    assert inline_permission_checks(source) == expected
