"""Production behaviour (DEBUG off): structured JSON logs and the security headers.

The settings module is evaluated again with DEBUG=0, so the tests check what production
really configures rather than a copy of it.
"""

import copy
import importlib.util
import io
import json
import logging
import logging.config

import pytest
from django.conf import settings as django_settings
from django.test import Client, override_settings
from django.urls import path

import smartregion.urls

pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {"DEBUG": "0", "SECRET_KEY": "test-only-production-key"}
UNSET_ENV = ("LOG_JSON", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "ALLOWED_HOSTS")
# Settings the security middleware and the cookies read; taken from the DEBUG=0 module.
SECURITY_SETTINGS = (
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
)


def load_settings(monkeypatch, **env):
    """smartregion/settings.py evaluated afresh with the given environment."""
    for name in UNSET_ENV:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location(
        "smartregion._settings_under_test", django_settings.BASE_DIR / "smartregion/settings.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def production(monkeypatch):
    return load_settings(monkeypatch, **PRODUCTION_ENV)


# --- structured logs ---


def boom(request):
    raise RuntimeError("Datenbank für Kassel nicht erreichbar")


urlpatterns = [path("test-boom/", boom), *smartregion.urls.urlpatterns]
handler500 = smartregion.urls.handler500


@pytest.fixture
def json_log(production):
    """Logging configured as in production, the console handler writing into a buffer."""
    config = copy.deepcopy(production.LOGGING)
    stream = io.StringIO()
    config["handlers"]["console"]["stream"] = stream
    logging.config.dictConfig(config)
    yield stream
    logging.config.dictConfig(django_settings.LOGGING)


def records(stream):
    lines = stream.getvalue().splitlines()
    assert lines, "nothing was logged"
    return [json.loads(line) for line in lines]  # each line on its own is valid JSON


def test_json_logs_are_the_default_when_debug_is_off(monkeypatch, production):
    assert production.LOGGING["handlers"]["console"]["formatter"] == "json"
    assert production.LOGGING["formatters"]["json"] == {"()": "core.logging.JsonFormatter"}
    development = load_settings(monkeypatch, DEBUG="1")
    assert development.LOGGING["handlers"]["console"]["formatter"] == "plain"
    forced = load_settings(monkeypatch, DEBUG="1", LOG_JSON="1")
    assert forced.LOGGING["handlers"]["console"]["formatter"] == "json"


def test_logger_call_with_context_is_one_json_line(json_log):
    logging.getLogger("partnerships.services").error(
        "Zahlung für Etappe fehlgeschlagen", extra={"partnership": 7, "actor": "alice"}
    )
    logging.getLogger("partnerships.services").debug("below the INFO level: not written")
    (entry,) = records(json_log)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "partnerships.services"
    assert entry["message"] == "Zahlung für Etappe fehlgeschlagen"
    assert entry["partnership"] == 7
    assert entry["actor"] == "alice"
    assert entry["time"]
    # Only the caller's context, not the LogRecord's own attributes.
    assert not {"args", "msg", "levelno", "pathname", "exc_info"} & set(entry)


@override_settings(ROOT_URLCONF=__name__)
def test_request_that_raises_is_logged_as_json_with_request_context(json_log):
    response = Client(raise_request_exception=False).get("/test-boom/")
    assert response.status_code == 500
    entries = [e for e in records(json_log) if e["logger"] == "django.request"]
    assert len(entries) == 1, entries
    (entry,) = entries
    assert entry["level"] == "ERROR"
    assert entry["message"] == "Internal Server Error: /test-boom/"
    assert entry["status_code"] == 500
    assert "/test-boom/" in entry["request"]
    # The traceback stays inside the one JSON line.
    assert "RuntimeError: Datenbank für Kassel nicht erreichbar" in entry["exc"]
    assert "Traceback" in entry["exc"]


# --- security headers ---


def parse_csp(header):
    policy = {}
    for directive in header.split(";"):
        name, *sources = directive.split()
        policy[name] = sources
    return policy


@pytest.fixture
def secure_settings(production):
    values = {name: getattr(production, name) for name in SECURITY_SETTINGS}
    assert values["SECURE_HSTS_SECONDS"] == 31536000  # the documented production default
    with override_settings(**values):
        yield values


@pytest.mark.parametrize("url", ["/", "/konto/login/", "/loesungen/", "/gibt-es-nicht/"])
def test_production_headers_over_https(secure_settings, url):
    response = Client().get(url, secure=True)
    assert response.status_code in (200, 404), response.status_code
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    permissions = {d.strip() for d in response["Permissions-Policy"].split(",")}
    assert {"camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"} <= permissions
    csp = parse_csp(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no CDN
    assert csp["style-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]


def test_production_redirects_http_to_https_without_hsts(secure_settings):
    response = Client().get("/loesungen/?q=parken")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/loesungen/?q=parken"
    assert "Strict-Transport-Security" not in response  # HSTS only over HTTPS


def test_production_trusts_the_proxy_https_header(secure_settings):
    response = Client().get("/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_production_cookies_are_secure(secure_settings, provider_user):
    client = Client()
    response = client.get("/konto/login/", secure=True)
    assert response.cookies["csrftoken"]["secure"] is True
    response = client.post(
        "/konto/login/",
        {
            "login": provider_user.email,
            "password": "Sicheres-Passwort-2026",
            "csrfmiddlewaretoken": response.cookies["csrftoken"].value,
        },
        secure=True,
    )
    assert response.status_code == 302, response.content.decode()[:500]
    session = response.cookies["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
