"""H1: the Django admin has no login of its own; allauth's throttle and second factor apply."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, hotp_value

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Sicheres-Passwort-2026"


@pytest.fixture
def staff(db):
    return UserFactory(email="buero@smarte-region.example", is_staff=True, is_superuser=True)


def _code(secret):
    return f"{hotp_value(secret, int(time.time()) // 30):06d}"


def _with_totp(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def test_admin_login_form_is_gone_and_posting_a_password_signs_nobody_in(client, staff):
    response = client.get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/login/?next=/admin/accounts/user/"
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": staff.email, "password": PASSWORD, "next": "/admin/"},
    )
    assert response["Location"] == "/konto/login/?next=/admin/"
    assert client.get("/admin/")["Location"] == "/admin/login/?next=/admin/"


def test_wrong_passwords_for_the_admin_are_throttled_after_five(client, staff):
    client.get("/admin/login/?next=/admin/")
    for n in range(5):
        response = client.post(
            "/konto/login/?next=/admin/", {"login": staff.email, "password": f"x{n}"}
        )
        assert response.status_code == 200
    response = client.post(
        "/konto/login/?next=/admin/", {"login": staff.email, "password": PASSWORD}
    )
    assert (
        "Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es später erneut."
        in response.content.decode()
    )
    assert client.get("/admin/").status_code == 302


def test_staff_without_authenticator_reaches_the_admin_through_allauth(client, staff):
    response = client.post(
        "/konto/login/?next=/admin/", {"login": staff.email, "password": PASSWORD}
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_totp_account_needs_the_code_for_the_admin(client, staff):
    secret = _with_totp(staff)
    response = client.post(
        "/konto/login/?next=/admin/", {"login": staff.email, "password": PASSWORD}
    )
    assert "/konto/2fa/authenticate/" in response["Location"]
    assert client.get("/admin/").status_code == 302
    response = client.post("/konto/2fa/authenticate/", {"code": _code(secret)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_password_only_session_of_a_totp_account_is_sent_to_the_second_factor(client, staff):
    secret = _with_totp(staff)
    client.force_login(staff)  # e.g. a session from before TOTP was switched on
    response = client.get("/admin/")
    assert response["Location"] == "/admin/login/?next=/admin/"
    response = client.get(response["Location"])
    assert response["Location"] == "/konto/2fa/reauthenticate/?next=/admin/"
    response = client.post(response["Location"], {"code": _code(secret)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert Authenticator.objects.filter(user=staff, type="totp").count() == 1


def test_signed_in_non_staff_gets_403_not_a_login_loop(client_for, outsider):
    client = client_for(outsider)
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/login/?next=/admin/").status_code == 403
