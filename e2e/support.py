"""Helpers for the browser journeys: the live server, axe-core audits, the request guard.

Everything here talks to the app only through HTTP and the browser, as a visitor would.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The accessibility statement (/barrierefreiheit/) reads this run's results from here.
RESULTS_FILE = Path(
    os.environ.get("ACCESSIBILITY_RESULTS_FILE", ROOT / "var" / "accessibility-results.json")
)
# Every page links the legal pages in its footer (issue 19).
LEGAL_LINKS = [
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/",
    "/barrierefreiheit/barriere-melden/",
    "/leichte-sprache/",
    "/gebaerdensprache/",
    "/kontakt/",
]
DEMO_PASSWORD = "Demo-Passwort-2026"  # public, see docs/demo.md


def axe_source() -> str:
    """npm axe-core from frontend/node_modules, else the copy inside axe-playwright-python."""
    npm = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
    if npm.exists():
        return npm.read_text(encoding="utf-8")
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveServer:
    """gunicorn with DEBUG off on a temporary SQLite database loaded with the demo data."""

    var_dir: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    sessions: dict[str, list] = field(default_factory=dict)  # e-mail → cookies after sign-in

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def mail_dir(self) -> Path:
        return self.var_dir / "mail"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            # Production mode (DEBUG off): real error pages, hashed static files via whitenoise.
            DEBUG="0",
            SECRET_KEY="e2e-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG",
            SECURE_SSL_REDIRECT="0",
            SECURE_HSTS_SECONDS="0",
            VAR_DIR=str(self.var_dir),
            DATABASE_URL=f"sqlite:///{self.var_dir / 'e2e.sqlite3'}",
            EMAIL_URL="file://",
            TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SITE_URL=self.url,
            LOG_LEVEL="WARNING",
            LOG_JSON="0",
            PYTHONUNBUFFERED="1",
        )
        env.pop("REDIS_URL", None)
        return env

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
            )
        return result.stdout

    def collectstatic(self) -> None:
        """Hashed names and manifest as in production, without the slow pre-compression
        (whitenoise serves the same manifest either way)."""
        script = (
            "from django.conf import settings; "
            "settings.STORAGES = {**settings.STORAGES, 'staticfiles': {'BACKEND': "
            "'django.contrib.staticfiles.storage.ManifestStaticFilesStorage'}}; "
            "import django; django.setup(); "
            "from django.core.management import call_command; "
            "call_command('collectstatic', interactive=False, verbosity=0)"
        )
        env = {**self.env(), "DJANGO_SETTINGS_MODULE": "smartregion.settings"}
        subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True, timeout=600)

    def start(self) -> None:
        if not (ROOT / "frontend" / "dist" / "app" / "app.css").exists():
            raise RuntimeError("Front-end assets are missing: run `make assets` first.")
        self.var_dir.mkdir(parents=True, exist_ok=True)
        self.manage("migrate", "--no-input", "-v", "0")
        self.manage("demo_data")
        self.manage("shell", "-c", "from e2e.seed import load; load()")
        self.collectstatic()
        log = (self.var_dir / "server.log").open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "smartregion.wsgi",
                f"--bind=127.0.0.1:{self.port}",
                "--workers=1",  # one process: login rate limits live in its local memory cache
                "--threads=8",
                "--access-logfile=-",
            ],
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{(self.var_dir / 'server.log').read_text()}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)  # polling for the server process to come up, not a test wait
        raise RuntimeError("gunicorn did not answer within 60 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def mails_to(self, address: str) -> list[str]:
        """The e-mails the file backend wrote for `address`, oldest first."""
        if not self.mail_dir.exists():
            return []
        files = sorted(self.mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime_ns)
        messages = []
        for path in files:
            for message in path.read_text(encoding="utf-8").split("-" * 79):
                if re.search(rf"^To: .*{re.escape(address)}", message, re.M | re.I):
                    messages.append(message)
        return messages


class AccessibilityResults:
    """What axe-core and the Nu checker found per page in this run. At the end of the run it is
    merged into RESULTS_FILE: pages checked now replace their earlier entries, the rest stay."""

    def __init__(self):
        self.pages: dict[str, dict] = {}
        self.fetched: set[str] = set()  # paths fetched from the live server for the Nu checker
        self.axe_version = ""

    def _page(self, path: str) -> dict:
        page = self.pages.setdefault(path, {"axe": [], "html": []})
        page["checked_at"] = datetime.now().astimezone().isoformat(timespec="seconds")
        return page

    def record_axe(self, url: str, result: dict) -> None:
        parts = urlsplit(url)
        page = self._page(parts.path + (f"?{parts.query}" if parts.query else ""))
        self.axe_version = result.get("testEngine", {}).get("version", self.axe_version)
        known = {v["id"] for v in page["axe"]}
        for violation in result["violations"]:
            if violation["id"] not in known:
                page["axe"].append(
                    {
                        "id": violation["id"],
                        "impact": violation["impact"],
                        "help": violation["help"],
                        "nodes": len(violation["nodes"]),
                    }
                )

    def record_html(self, paths, errors: list[str]) -> None:
        """`errors` as validate() formats them: "<path>:<line>: <message> [<extract>]"."""
        for path in paths:
            if path in self.fetched:
                prefix = f"{path}:"
                messages = [
                    e[len(prefix) :].split(": ", 1)[-1] for e in errors if e.startswith(prefix)
                ]
                self._page(path)["html"] = messages

    def write(self, path: Path = RESULTS_FILE) -> None:
        if not self.pages:
            return
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        pages = {**data.get("pages", {}), **self.pages}
        data.update(
            checked_at=datetime.now().astimezone().isoformat(timespec="seconds"),
            axe_version=self.axe_version or data.get("axe_version", ""),
            tools=["axe-core (" + ", ".join(AXE_TAGS) + ")", "Nu HTML Checker (vnu.jar)"],
            pages=dict(sorted(pages.items())),
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


RESULTS = AccessibilityResults()


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe-core found {len(violations)} WCAG 2.1 AA violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    at {' '.join(node['target'])}: {node['html'][:160]}")
            summary = node.get("failureSummary", "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def is_same_origin(url: str, base_url: str) -> bool:
    scheme = urlsplit(url).scheme
    if scheme in {"data", "blob", "about"}:
        return True
    return urlsplit(url).netloc == urlsplit(base_url).netloc and scheme == "http"


def without_fragment(url: str) -> str:
    return urldefrag(url)[0]
