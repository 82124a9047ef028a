"""Authorization matrix: every URL pattern and every API operation, with every role."""

import re
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.views.static import serve as static_serve

from api.api import api
from api.services import create_api_token

from .authz_matrix import LOGIN, MATRIX, ROLES

API_PREFIX = "api/v1/"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif p.callback is not static_serve:  # DEBUG-only file serving, absent in production
            yield prefix + str(p.pattern), p


def _ninja_routes():
    """Routes the ninja API contributes to the URLconf; its operations are listed instead."""
    paths = api.get_openapi_schema()["paths"]
    routes = set()
    for route, _pattern in _walk(get_resolver().url_patterns):
        if route.startswith(API_PREFIX) and route not in MATRIX:
            routes.add(route)
    return routes, paths


def all_url_keys():
    """Every non-admin URL pattern plus one key per API operation ("GET /api/v1/…")."""
    keys = set()
    ninja_routes, paths = _ninja_routes()
    for route, _pattern in _walk(get_resolver().url_patterns):
        if route.startswith("admin/") or route in ninja_routes:
            continue
        keys.add(route)
    for path, operations in paths.items():
        for method in operations:
            keys.add(f"{method.upper()} {path}")
    return keys


def admin_urls():
    """One concrete URL per admin pattern (every registered model's list/add/change/...)."""
    samples = {"object_id": "1", "app_label": "accounts", "content_type_id": 1, "url": "x/"}
    urls = []
    for route, pattern in _walk(get_resolver().url_patterns):
        if not route.startswith("admin/") or not pattern.name:
            continue
        names = list(pattern.pattern.regex.groupindex)
        try:
            url = reverse(f"admin:{pattern.name}", kwargs={n: samples[n] for n in names})
        except Exception:  # noqa: BLE001 - e.g. app_label not in this admin's choices
            url = "/" + re.sub(r"<[^>]+>", "1", route)
        urls.append((route, url))
    return urls


def test_every_url_has_a_matrix_entry():
    missing = sorted(all_url_keys() - set(MATRIX))
    assert not missing, "URLs without an authorization rule in authz_matrix.py:\n" + "\n".join(
        missing
    )


def test_matrix_has_no_stale_entries():
    stale = sorted(set(MATRIX) - all_url_keys())
    assert not stale, f"Matrix entries for URLs that no longer exist: {stale}"


@pytest.fixture
def world(
    db,
    provider_user,
    provider_org,
    municipality_user,
    municipality_org,
    office_user,
    office_org,
    outsider,
):
    from .authz_world import build_world

    users = {
        "anonymous": None,
        "outsider": outsider,
        "provider": provider_user,
        "municipality": municipality_user,
        "office": office_user,
    }
    orgs = {"provider": provider_org, "municipality": municipality_org, "office": office_org}
    tokens = {
        role: create_api_token(actor=users[role], organisation=org, name="matrix")[1]
        for role, org in orgs.items()
    }
    w = SimpleNamespace(users=users, orgs=orgs, tokens=tokens)
    w.token, _ = create_api_token(actor=provider_user, organisation=provider_org, name="revoke")
    build_world(w)
    return w


def _is_login_redirect(response):
    location = response.get("Location", "")
    return response.status_code == 302 and (
        "/konto/login/" in location or "/admin/login/" in location
    )


def _request(w, role, key, row):
    client = Client()
    user = w.users[role]
    if user is not None:
        client.force_login(user)
    if " " in key:  # API operation
        method, path = key.split(" ", 1)
        url = row.url(w) if callable(row.url) else row.url or path
        headers = {}
        if role in w.tokens:
            headers["Authorization"] = f"Bearer {w.tokens[role]}"
        body = row.data
        return (
            getattr(client, method.lower())(
                url, body, content_type="application/json", headers=headers
            )
            if method != "GET"
            else client.get(url, headers=headers)
        )
    url = row.url(w) if callable(row.url) else row.url or "/" + key
    data = row.data(w) if callable(row.data) else row.data
    return getattr(client, row.method)(url, data)


@pytest.mark.parametrize("key", sorted(MATRIX))
def test_authorization_matrix(world, key, settings):
    settings.API_RATE_LIMITS = {"ip": 10_000, "token": 10_000}
    row = MATRIX[key]
    failures = []
    for role in ROLES:
        response = _request(world, role, key, row)
        expected = row.expected(role)
        ok = _is_login_redirect(response) if expected == LOGIN else response.status_code == expected
        if not ok:
            failures.append(
                f"{role}: expected {expected}, got {response.status_code} "
                f"{response.get('Location', '')}"
            )
    assert not failures, f"{key}:\n" + "\n".join(failures)


@pytest.mark.parametrize(("route", "url"), admin_urls())
def test_admin_is_closed_to_everyone_but_staff(world, route, url):
    """No one in the cast is Django staff: every admin page asks for the admin login."""
    for role in ROLES:
        client = Client()
        if world.users[role]:
            client.force_login(world.users[role])
        response = client.get(url)
        if route == "admin/login/":
            # No form of its own: signed out to the site's sign-in (throttle, second factor),
            # signed in without staff rights refused (core/admin_site.py).
            if world.users[role]:
                assert response.status_code == 403, role
            else:
                assert response["Location"] == "/konto/login/?next=/admin/", role
        elif route == "admin/logout/":
            # Without staff rights Django's admin_view sends the logout URL to the admin index
            # (which then asks for the admin login), whatever the method.
            assert (response.status_code, response["Location"]) == (302, "/admin/"), role
        else:
            assert _is_login_redirect(response), (role, url, response.status_code)
