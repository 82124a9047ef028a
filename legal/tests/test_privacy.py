"""The privacy notice comes from the processing registry and the configured retention."""

import re

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.db import models

from legal.processing import ACTIVITIES, registered_models


def _text(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.django_db
def test_changing_a_retention_setting_changes_the_page(client, settings):
    settings.RETENTION_SEARCH_LOG_DAYS = 90
    assert "Nach 90 Tagen bleiben nur noch Zählungen je Tag" in _text(client.get("/datenschutz/"))
    settings.RETENTION_SEARCH_LOG_DAYS = 14
    html = _text(client.get("/datenschutz/"))
    assert "Nach 14 Tagen bleiben nur noch Zählungen je Tag" in html
    assert "Nach 90 Tagen" not in html


@pytest.mark.django_db
def test_every_retention_setting_is_stated(client, settings):
    settings.RETENTION_CONTACT_MONTHS = 18
    settings.RETENTION_UNCONFIRMED_ACCOUNT_DAYS = 1
    settings.RETENTION_INACTIVE_ACCOUNT_YEARS = 2
    settings.RETENTION_INACTIVE_GRACE_DAYS = 45
    settings.RETENTION_NOTIFICATION_MONTHS = 6
    html = _text(client.get("/datenschutz/"))
    assert "Kontaktanfragen werden 18 Monate nach dem Versand mit Betreff und Text gelöscht" in html
    assert "nie bestätigt wurde, löschen wir nach 1 Tag." in html
    assert "Wer sich 2 Jahre lang nicht angemeldet hat" in html
    assert "löschen wir das Konto 45 Tage danach" in html
    assert "versandte E-Mail mit Adresse und Text) werden nach 6 Monaten gelöscht" in html


@pytest.mark.django_db
def test_legal_bases_recipients_rights_and_hbdi(client):
    html = _text(client.get("/datenschutz/"))
    assert "Art. 6 Abs. 1 Buchst. b DSGVO" in html
    assert "Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit § 3 Abs. 1 HDSIG" in html
    assert (
        "Keine Weitergabe an Dritte. E-Mails versendet die Plattform über den E-Mail-Server" in html
    )
    for article in ("Art. 15", "Art. 16", "Art. 17", "Art. 18", "Art. 20", "Art. 21", "Art. 77"):
        assert article in html
    assert "Der Hessische Beauftragte für Datenschutz und Informationsfreiheit" in html
    assert "Art. 13 der Datenschutz-Grundverordnung" in html


@pytest.mark.django_db
def test_only_necessary_cookies_and_no_banner(client):
    html = _text(client.get("/datenschutz/"))
    assert "deshalb gibt es kein Cookie-Banner" in html
    names = re.findall(r'<th scope="row"><code>([^<]+)</code></th>', html)
    assert names == [
        django_settings.SESSION_COOKIE_NAME,
        django_settings.CSRF_COOKIE_NAME,
        django_settings.LANGUAGE_COOKIE_NAME,
        "messages",
    ]
    assert "§ 25 Abs. 2 Nr. 2 TDDDG" in html


@pytest.mark.django_db
def test_controller_and_dpo_come_from_the_office_settings(client_for, office_user, client):
    response = client_for(office_user).post(
        "/geschaeftsstelle/rechtstexte/angaben/",
        {
            "controller": "Hessisches Ministerium für Digitalisierung\nWiesbaden",
            "data_protection_officer": "datenschutz@digitales.hessen.example",
            "enforcement_body": "Durchsetzungsstelle Hessen",
            "server_log_retention": "7 Tage",
        },
    )
    assert response.status_code == 302
    html = _text(client.get("/datenschutz/"))
    assert "Hessisches Ministerium für Digitalisierung<br>Wiesbaden" in html
    assert "datenschutz@digitales.hessen.example" in html
    assert "7 Tage, danach werden die Protokolle gelöscht." in html


def _holds_personal_data(model):
    for field in model._meta.get_fields():
        if isinstance(field, models.EmailField):
            return True
        if (
            field.concrete
            and field.is_relation
            and field.related_model is apps.get_model(django_settings.AUTH_USER_MODEL)
        ):
            return True
    return False


def test_every_model_with_personal_data_is_in_the_registry():
    """A new model holding a user or an e-mail address must be declared in legal.processing."""
    holding = {m._meta.label for m in apps.get_models() if _holds_personal_data(m)}
    missing = sorted(holding - registered_models())
    assert not missing, f"declare these in legal/processing.py: {missing}"


def test_registry_names_only_existing_models():
    for label in registered_models():
        assert apps.get_model(label)


def test_every_activity_has_a_legal_basis_from_art_6():
    for activity in ACTIVITIES:
        assert activity.legal_basis.startswith("Art. 6 Abs. 1 Buchst. "), activity.key
