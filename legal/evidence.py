"""The accessibility statement's evidence: the browser suite's last results (e2e/ writes
them: axe-core and the Nu HTML checker per page, with the date of the check)."""

import json
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings


@dataclass
class PageResult:
    path: str
    checked_at: datetime | None
    axe: list = field(default_factory=list)  # [{"id", "impact", "help", "nodes"}]
    html: list = field(default_factory=list)  # Nu checker error messages

    @property
    def has_issues(self) -> bool:
        return bool(self.axe or self.html)


@dataclass
class Evidence:
    checked_at: datetime | None
    axe_version: str
    pages: list

    @property
    def pages_with_issues(self):
        return [p for p in self.pages if p.has_issues]


def _when(value):
    try:
        return datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def load_evidence(path=None) -> Evidence | None:
    """The last check's results, or None when there is no (readable) results file."""
    path = path or settings.ACCESSIBILITY_RESULTS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        pages = [
            PageResult(
                path=name,
                checked_at=_when(result.get("checked_at")),
                axe=list(result.get("axe", [])),
                html=list(result.get("html", [])),
            )
            for name, result in sorted(data.get("pages", {}).items())
        ]
    except (OSError, ValueError, AttributeError, TypeError):
        return None
    return Evidence(
        checked_at=_when(data.get("checked_at")),
        axe_version=str(data.get("axe_version", "")),
        pages=pages,
    )
