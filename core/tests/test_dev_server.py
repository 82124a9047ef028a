"""`make run PORT=…`: absolute links (e-mails, .ics, feeds) follow the served port."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def runserver_line(**env):
    environment = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | env
    make_vars = [f"{k}={v}" for k, v in env.items() if k in ("PORT", "HOST")]
    out = subprocess.run(
        ["make", "-n", "run", *make_vars],
        cwd=ROOT,
        env={k: v for k, v in environment.items() if k not in ("PORT", "HOST")},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (line,) = [line for line in out.splitlines() if " runserver " in line]
    return line


def test_site_url_follows_the_port():
    line = runserver_line(PORT="8101")
    assert line.startswith("SITE_URL=http://127.0.0.1:8101 ")
    assert line.endswith("runserver 127.0.0.1:8101")


def test_a_given_site_url_wins():
    line = runserver_line(PORT="8101", SITE_URL="https://marktplatz.example.org")
    assert line.startswith("SITE_URL=https://marktplatz.example.org ")
