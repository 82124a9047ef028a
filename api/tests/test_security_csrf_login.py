"""CSRF on every form (every non-API URL refuses a POST without token) and login throttling."""

import pytest
from django.http import HttpResponse
from django.test import Client

from .authz_matrix import MATRIX
from .test_security_matrix import all_url_keys

CSRF_REJECTED = 499


def csrf_failure(request, reason=""):
    return HttpResponse(reason, status=CSRF_REJECTED)


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CSRF_FAILURE_VIEW = f"{__name__}.csrf_failure"


def _html_urls():
    """Concrete URLs of every non-API page (the API authenticates by token, not cookie)."""
    for key in sorted(all_url_keys()):
        if " " in key or key.startswith(("api/v1/", "^api/v1/")):
            continue
        row = MATRIX.get(key)
        if row is None or callable(row.url):  # unlisted URLs fail test_security_matrix
            continue  # needs a world object; covered by test_csrf_on_object_urls
        yield row.url or "/" + key


@pytest.mark.parametrize("url", list(_html_urls()))
def test_post_without_csrf_token_is_rejected(db, provider_user, url):
    for user in (None, provider_user):
        client = Client(enforce_csrf_checks=True)
        if user:
            client.force_login(user)
        response = client.post(url, {"name": "x"})
        # 405: a GET-only view that refuses every POST is safe as well.
        assert response.status_code in (CSRF_REJECTED, 405), (url, user, response.status_code)


def test_csrf_on_object_urls(db, provider_user, provider_org):
    from api.services import create_api_token

    token, _ = create_api_token(actor=provider_user, organisation=provider_org, name="t")
    client = Client(enforce_csrf_checks=True)
    client.force_login(provider_user)
    response = client.post(f"/konto/api-tokens/{token.pk}/widerrufen/")
    assert response.status_code == CSRF_REJECTED
    token.refresh_from_db()
    assert token.revoked_at is None


def test_session_cookie_does_not_authenticate_api_writes(db, client_for, provider_user):
    """API writes need a token; a browser session (CSRF-able) is not enough."""
    client = client_for(provider_user)
    response = client.get("/api/v1/me")
    assert response.status_code == 401


def test_login_is_throttled_after_repeated_failures(db, provider_user):
    client = Client()
    for _ in range(5):
        response = client.post(
            "/konto/login/", {"login": provider_user.email, "password": "falsch"}
        )
        assert response.status_code == 200  # form error, not signed in
        assert "_auth_user_id" not in client.session
    response = client.post(
        "/konto/login/", {"login": provider_user.email, "password": "Sicheres-Passwort-2026"}
    )
    # Even the right password is refused now, with a plain message.
    assert "_auth_user_id" not in client.session
    assert (
        "Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es später erneut."
        in response.content.decode()
    )
