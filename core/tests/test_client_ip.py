"""H3 + M1: one client-address rule (TRUSTED_PROXY_HOPS) for login throttles and API limits."""

import pytest
from django.test import RequestFactory

from core.net import client_ip

PASSWORD = "Sicheres-Passwort-2026"


def _request(remote="127.0.0.1", xff=None):
    extra = {"HTTP_X_FORWARDED_FOR": xff} if xff is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_without_trusted_proxy_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_HOPS = 0
    assert client_ip(_request("192.0.2.1", "198.51.100.7")) == "192.0.2.1"


def test_behind_one_proxy_the_entry_it_appended_counts(settings):
    settings.TRUSTED_PROXY_HOPS = 1
    assert client_ip(_request(xff="203.0.113.9")) == "203.0.113.9"
    # Whatever the client wrote further left changes nothing.
    assert client_ip(_request(xff="10.9.9.9, 1.2.3.4 ,203.0.113.9")) == "203.0.113.9"
    assert client_ip(_request(xff="garbage, 203.0.113.9")) == "203.0.113.9"


def test_two_proxies_and_malformed_headers(settings):
    settings.TRUSTED_PROXY_HOPS = 2
    assert client_ip(_request(xff="6.6.6.6, 203.0.113.9, 10.0.0.2")) == "203.0.113.9"
    # Fewer entries than proxies: not through the proxies, so the socket peer.
    assert client_ip(_request("192.0.2.1", "203.0.113.9")) == "192.0.2.1"
    assert client_ip(_request("192.0.2.1", "not-an-ip, 10.0.0.2")) == "192.0.2.1"
    assert client_ip(_request(xff="[2001:db8::1]:443, 10.0.0.2")) == "2001:db8::1"


@pytest.mark.django_db
def test_api_limit_cannot_be_dodged_with_spoofed_forwarded_for(client, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    settings.API_RATE_LIMITS = {"ip": 3, "token": 5}
    statuses = [
        client.get(
            "/api/v1/topics", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 10.0.0.{n}, 203.0.113.7"
        ).status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]
    other = client.get("/api/v1/topics", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert other.status_code == 200


@pytest.mark.django_db
def test_api_limit_without_proxy_ignores_the_header(client, settings):
    settings.TRUSTED_PROXY_HOPS = 0
    settings.API_RATE_LIMITS = {"ip": 2, "token": 5}
    statuses = [
        client.get("/api/v1/topics", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


def _login(client, email, password, address):
    return client.post(
        "/konto/login/",
        {"login": email, "password": password},
        HTTP_X_FORWARDED_FOR=address,
    )


@pytest.mark.django_db
def test_five_failed_logins_from_one_client_do_not_lock_out_another(settings, municipality_user):
    from django.test import Client

    settings.TRUSTED_PROXY_HOPS = 1
    attacker = Client()
    for n in range(5):
        response = _login(attacker, f"nobody-{n}@example.org", "x", f"10.0.0.{n}, 203.0.113.66")
        assert response.status_code == 200
    # The attacker is throttled, whatever it writes to the left of the proxy's entry ...
    response = _login(attacker, "nobody-9@example.org", "x", "192.0.2.99, 203.0.113.66")
    assert (
        "Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es später erneut."
        in response.content.decode()
    )
    # ... while a user behind another address signs in.
    response = _login(Client(), municipality_user.email, PASSWORD, "198.51.100.10")
    assert response.status_code == 302
    assert response["Location"] == "/konto/"
