import pytest
from django.core import mail

pytestmark = pytest.mark.django_db


def test_password_reset_mails_a_link_that_sets_a_new_password(client, outsider):
    response = client.post("/konto/password/reset/", {"email": outsider.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(w for w in mail.outbox[0].body.split() if "/konto/password/reset/key/" in w)
    path = link[link.index("/konto/") :]
    form_url = (
        client.get(path, follow=True).redirect_chain[-1][0]
        if client.get(path).status_code == 302
        else path
    )
    response = client.post(
        form_url, {"password1": "Ganz-Neues-Passwort-77", "password2": "Ganz-Neues-Passwort-77"}
    )
    assert response.status_code == 302
    outsider.refresh_from_db()
    assert outsider.check_password("Ganz-Neues-Passwort-77")


def _login(client, user):
    response = client.post(
        "/konto/login/", {"login": user.email, "password": "Sicheres-Passwort-2026"}
    )
    assert response.status_code == 302
    # Security settings ask for the password again (allauth's reauthentication).
    client.post("/konto/reauthenticate/", {"password": "Sicheres-Passwort-2026"})
    return client


def test_totp_setup_page_offers_a_secret_in_german(client, outsider):
    response = _login(client, outsider).get("/konto/2fa/totp/activate/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="code"' in html
    assert "Authenticator-App aktivieren" in html and "Authentifizierungsgeheimnis" in html


def test_totp_activation_then_login_asks_for_the_code(outsider, client):
    import time

    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, hotp_value

    c = _login(client, outsider)
    c.get("/konto/2fa/totp/activate/")
    secret = c.session[SECRET_SESSION_KEY]
    code = f"{hotp_value(secret, int(time.time()) // 30):06d}"
    response = c.post("/konto/2fa/totp/activate/", {"code": code})
    assert response.status_code == 302
    assert outsider.authenticator_set.filter(type="totp").exists()
    c.logout()
    response = c.post(
        "/konto/login/", {"login": outsider.email, "password": "Sicheres-Passwort-2026"}
    )
    assert response.status_code == 302 and "/2fa/authenticate" in response["Location"]
    assert c.get("/konto/").status_code == 302  # not signed in without the code
