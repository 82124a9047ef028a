"""allauth's pages and e-mails address the user as "Sie" (issue 16, item 10).

allauth's shipped German catalog says "du"; accounts/locale/de overrides those messages
(accounts comes before allauth in INSTALLED_APPS, so its catalog wins).
"""

import html
import re

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db

PASSWORD = "Sicheres-Passwort-2026"
INFORMAL = re.compile(r"\b(du|dich|dir|dein\w*|Du|Dich|Dir|Dein\w*)\b")


def visible_text(response):
    page = response.content.decode()
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<!--.*?-->", " ", page, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    # Tags become spaces; a closing tag right before punctuation leaves no gap ("an</a>.").
    return re.sub(r"\s+([.,?!:])", r"\1", " ".join(text.split()))


def informal_words(text):
    return sorted({m.group(0) for m in INFORMAL.finditer(text)})


def _login(client, user):
    response = client.post("/konto/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    # Security settings ask for the password again (allauth's reauthentication).
    client.post("/konto/reauthenticate/", {"password": PASSWORD})
    return client


@pytest.mark.parametrize(
    ("path", "formal_sentence"),
    [
        ("/konto/login/", "Sie haben noch kein Konto? Dann registrieren Sie sich bitte zuerst."),
        ("/konto/signup/", "Sie haben bereits ein Konto? Dann melden Sie sich bitte an."),
        (
            "/konto/password/reset/",
            "Passwort vergessen? Geben Sie unten Ihre E-Mail-Adresse ein. Wir senden Ihnen "
            "dann eine E-Mail, mit der Sie Ihr Passwort zurücksetzen können.",
        ),
        (
            "/konto/password/reset/done/",
            "Wir haben Ihnen eine E-Mail gesendet. Falls sie nicht angekommen ist, sehen Sie "
            "bitte in Ihrem Spam-Ordner nach.",
        ),
        (
            "/konto/confirm-email/",
            "Wir haben Ihnen eine E-Mail zur Bestätigung gesendet. Folgen Sie dem Link darin, "
            "um die Registrierung abzuschließen.",
        ),
    ],
)
def test_anonymous_allauth_pages_say_sie(client, path, formal_sentence):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    text = visible_text(response)
    assert informal_words(text) == []
    assert formal_sentence in text


@pytest.mark.parametrize(
    ("path", "formal_sentence"),
    [
        ("/konto/logout/", "Möchten Sie sich wirklich abmelden?"),
        ("/konto/email/", "E-Mail-Adresse"),
        ("/konto/2fa/", "Zwei-Faktor-Authentifizierung"),
        ("/konto/2fa/totp/activate/", "Authenticator"),
    ],
)
def test_signed_in_allauth_pages_say_sie(client, outsider, path, formal_sentence):
    response = _login(client, outsider).get(path, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    text = visible_text(response)
    assert informal_words(text) == []
    assert formal_sentence in text


def test_reauthenticate_page_says_sie(client, outsider):
    client.force_login(outsider)
    response = client.get("/konto/reauthenticate/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    text = visible_text(response)
    assert informal_words(text) == []
    assert 'name="password"' in response.content.decode()


def test_sign_out_message_says_sie(client, outsider):
    response = _login(client, outsider).post("/konto/logout/", follow=True)
    text = visible_text(response)
    assert "Sie haben sich abgemeldet." in text
    assert informal_words(text) == []


def test_wrong_password_field_error_says_sie(client):
    response = client.post(
        "/konto/signup/",
        {
            "email": "neu@example.org",
            "name": "Erika Muster",
            "function": "Hauptamt",
            "password1": PASSWORD,
            "password2": PASSWORD + "x",
        },
    )
    assert response.status_code == 200
    text = visible_text(response)
    assert "Sie müssen zweimal dasselbe Passwort eingeben." in text
    assert informal_words(text) == []


def _mail_text(message):
    return f"{message.subject}\n{message.body}"


def test_sign_up_confirmation_mail_says_sie(client):
    response = client.post(
        "/konto/signup/",
        {
            "email": "neu@example.org",
            "name": "Erika Muster",
            "function": "Hauptamt",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "[Smart Region Marktplatz] Bitte bestätigen Sie Ihre E-Mail-Adresse"
    assert informal_words(_mail_text(message)) == []
    assert "Vielen Dank, dass Sie" in message.body


def test_sign_up_with_a_taken_address_mail_says_sie(client, outsider):
    response = client.post(
        "/konto/signup/",
        {
            "email": outsider.email,
            "name": "Erika Muster",
            "function": "Hauptamt",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert informal_words(_mail_text(message)) == []
    assert "Sie erhalten diese E-Mail, weil Sie oder eine andere Person versucht haben" in (
        " ".join(message.body.split())
    )


def test_password_reset_mail_says_sie(client, outsider):
    response = client.post("/konto/password/reset/", {"email": outsider.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert informal_words(_mail_text(message)) == []
    assert (
        "Sie erhalten diese E-Mail, weil Sie oder eine andere Person das Zurücksetzen des "
        "Passworts für Ihr Benutzerkonto angefordert haben." in message.body
    )
