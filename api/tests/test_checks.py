"""Production refuses to start with a SITE_URL a harvester or an e-mail reader cannot reach:
`manage.py check --deploy` (run by ops/prod.sh before anything starts) reports an error."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.checks import Error, run_checks

from api.checks import check_opendata_issued, check_site_url


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000",  # the development default
        "http://marktplatz.example.org",
        "https://localhost",
        "https://127.0.0.1:8443",
        "https://[::1]/",
        "https://0.0.0.0",
        "marktplatz.example.org",
    ],
)
def test_production_refuses_a_site_url_that_is_not_public_https(settings, url):
    settings.DEBUG = False
    settings.SITE_URL = url
    (error,) = check_site_url(None)
    assert isinstance(error, Error) and error.id == "api.E001"
    assert error.msg == (
        f"SITE_URL is {url!r}; production needs the public https address of the site."
    )


def test_production_accepts_a_public_https_site_url(settings):
    settings.DEBUG = False
    settings.SITE_URL = "https://marktplatz.example.org"
    assert check_site_url(None) == []


def test_site_url_check_runs_only_with_deploy(settings):
    settings.DEBUG = False
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert "api.E001" not in [m.id for m in run_checks()]
    assert "api.E001" in [m.id for m in run_checks(include_deployment_checks=True)]


def test_development_may_use_the_loopback_default(settings):
    settings.DEBUG = True
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert check_site_url(None) == []


def test_opendata_issued_must_be_a_date(settings):
    settings.OPENDATA_ISSUED = "1.12.2026"
    (error,) = check_opendata_issued(None)
    assert error.id == "api.E002"
    settings.OPENDATA_ISSUED = "2026-12-01"
    assert check_opendata_issued(None) == []


def test_deploy_check_stops_production_with_the_development_site_url():
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "DATABASE_URL"}}
    env.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50))
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "(api.E001) SITE_URL is 'http://127.0.0.1:8000'; production needs" in result.stderr
