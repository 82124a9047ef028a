"""CSRF on every form, with the authorization matrix's world: each URL pattern, objects filled in.

For every HTML URL pattern a user entitled to it (per authz_matrix.py) sends a POST without a
CSRF token; it must be refused with 403 and leave the database as it was. URLs come from the
URLconf, so a new pattern without a matrix entry fails here as well as in the matrix test.
The API under /api/v1/ authenticates by token; for it the test shows that a browser session
adds nothing (a signed-in browser gets exactly what an anonymous caller gets).
"""

import pytest
from django.apps import apps
from django.test import Client
from django.urls import get_resolver

from api.views import api_not_found

from . import test_security_matrix as matrix
from .authz_matrix import LOGIN, MATRIX

world = matrix.world  # the matrix's populated world (fixture), not a copy of it

API_PREFIXES = ("api/v1/", "^api/v1/")
SIGNED_IN = ("provider", "municipality", "office", "outsider")
# Tables that change with every request whatever the view does.
UNTRACKED = {"sessions.session"}


def _invitee(w):
    from accounts.tests.factories import UserFactory

    return UserFactory(email=w.invitation.email)


def _provider_with_2fa(w):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(w.users["provider"], generate_totp_secret())
    RecoveryCodes.activate(w.users["provider"])
    return w.users["provider"]


# Pages nobody in the matrix cast may use: who is entitled, set up in the world.
ENTITLED_OUTSIDE_CAST = {
    "konto/einladung/<str:token>/": _invitee,  # the invitation's addressee
    "konto/2fa/totp/deactivate/": _provider_with_2fa,  # someone with 2FA on
    "konto/2fa/recovery-codes/": _provider_with_2fa,
    "konto/2fa/recovery-codes/download/": _provider_with_2fa,
}


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.API_RATE_LIMITS = {"ip": 10_000, "token": 10_000}


def html_keys():
    return sorted(
        k for k in matrix.all_url_keys() if " " not in k and not k.startswith(API_PREFIXES)
    )


def api_write_keys():
    return sorted(k for k in matrix.all_url_keys() if " " in k and not k.startswith("GET "))


def entitled_role(row):
    """A role the matrix lets use the page: shown the form (200) or through with it (302)."""
    for status in (200, 302):
        for role in (*SIGNED_IN, "anonymous"):
            if row.expected(role) == status:
                return role
    return None


def entitled_user(w, key, row):
    if key in ENTITLED_OUTSIDE_CAST:
        return ENTITLED_OUTSIDE_CAST[key](w)
    role = entitled_role(row)
    assert role is not None, (
        f"{key}: nobody in the cast may use it; add it to ENTITLED_OUTSIDE_CAST"
    )
    return w.users[role]


def snapshot():
    """Every row of every table (sessions aside), to see that a refused POST changed nothing."""
    state = {}
    for model in apps.get_models():
        if model._meta.label_lower in UNTRACKED:
            continue
        state[model._meta.label_lower] = list(model.objects.order_by("pk").values_list())
    return state


def changes(before, after):
    return sorted(label for label in before if before[label] != after[label])


def test_only_the_api_is_csrf_exempt():
    """csrf_exempt is allowed for the token-authenticated API and its JSON 404 only."""
    ninja_routes, _paths = matrix._ninja_routes()
    exempt = {
        route
        for route, pattern in matrix._walk(get_resolver().url_patterns)
        if getattr(pattern.callback, "csrf_exempt", False) and route not in ninja_routes
    }
    assert exempt == {"^api/v1/.*$"}
    assert all(route.startswith("api/v1/") for route in ninja_routes)
    assert api_not_found.csrf_exempt


@pytest.mark.parametrize("key", html_keys())
def test_post_without_token_is_refused_for_the_entitled_user(world, key):
    row = MATRIX.get(key)
    assert row is not None, f"{key}: no entry in authz_matrix.py (see test_security_matrix)"
    url = row.url(world) if callable(row.url) else row.url or "/" + key
    data = row.data(world) if callable(row.data) else row.data
    user = entitled_user(world, key, row)
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    before = snapshot()
    response = client.post(url, data)
    assert response.status_code == 403, (key, url, response.status_code)
    assert "CSRF" in response.content.decode(), "refused, but not by the CSRF check"
    changed = changes(before, snapshot())
    assert not changed, f"{key}: a refused POST changed {changed}"


def test_entitled_user_gets_through_with_a_token(world):
    """The refusal above is the missing token, not the user or the payload."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["provider"])
    token = client.get("/konto/api-tokens/").cookies["csrftoken"].value
    before = world.token.revoked_at
    url = f"/konto/api-tokens/{world.token.pk}/widerrufen/"
    assert client.post(url).status_code == 403
    response = client.post(url, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    world.token.refresh_from_db()
    assert before is None and world.token.revoked_at is not None


@pytest.mark.parametrize("key", api_write_keys())
def test_browser_session_adds_nothing_on_api_writes(world, key):
    row = MATRIX.get(key)
    assert row is not None, f"{key}: no entry in authz_matrix.py (see test_security_matrix)"
    method, path = key.split(" ", 1)
    url = row.url(world) if callable(row.url) else row.url or path
    anonymous = row.expected("anonymous")
    for role in SIGNED_IN:
        client = Client(enforce_csrf_checks=True)
        client.force_login(world.users[role])
        before = snapshot()
        response = getattr(client, method.lower())(url, row.data, content_type="application/json")
        assert response.status_code == anonymous, (key, role, response.status_code)
        if anonymous in (401, 403, LOGIN):
            assert not changes(before, snapshot()), (key, role)


def test_unknown_api_path_is_a_json_404_that_changes_nothing(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["provider"])
    before = snapshot()
    response = client.post("/api/v1/my/solutions/entwurf/loeschen", {"x": "1"})
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert not changes(before, snapshot())
