"""The record of processing activities (Art. 30 GDPR) for the office, as ODT and tagged PDF."""

import io
import re

import pytest
from odf import teletype
from odf.opendocument import load
from odf.text import H, P
from pypdf import PdfReader


@pytest.mark.django_db
def test_record_page_lists_every_activity_with_configured_retention(
    client_for, office_user, settings
):
    settings.RETENTION_NOTIFICATION_MONTHS = 9
    html = re.sub(
        r"\s+",
        " ",
        client_for(office_user).get("/geschaeftsstelle/verarbeitungsverzeichnis/").content.decode(),
    )
    assert "<h1>Verzeichnis von Verarbeitungstätigkeiten</h1>" in html
    assert "<h2>1. Benutzerkonto und Anmeldung</h2>" in html
    assert "<dt>Übermittlung in Drittländer</dt><dd>Keine.</dd>" in html
    assert "versandte E-Mail mit Adresse und Text) werden nach 9 Monaten gelöscht." in html
    assert "Technische und organisatorische Maßnahmen (Art. 32 DSGVO)" in html


@pytest.mark.django_db
def test_record_is_for_the_office_only(client_for, municipality_user):
    response = client_for(municipality_user).get("/geschaeftsstelle/verarbeitungsverzeichnis/")
    assert response.status_code == 403


@pytest.mark.django_db
def test_record_as_odt(client_for, office_user):
    response = client_for(office_user).get("/geschaeftsstelle/verarbeitungsverzeichnis/?format=odt")
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="verarbeitungsverzeichnis-'
    )
    document = load(io.BytesIO(response.content))
    headings = [teletype.extractText(h) for h in document.getElementsByType(H)]
    assert headings[0] == "Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO)"
    assert "1. Benutzerkonto und Anmeldung" in headings
    paragraphs = [teletype.extractText(p) for p in document.getElementsByType(P)]
    assert "Art. 6 Abs. 1 Buchst. b DSGVO (Nutzungsverhältnis über Ihr Konto)" in paragraphs


@pytest.mark.django_db
def test_record_as_tagged_pdf_with_german_dates(client_for, office_user):
    response = client_for(office_user).get("/geschaeftsstelle/verarbeitungsverzeichnis/?format=pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO)" in text
    assert "Benutzerkonto und Anmeldung" in text
    assert re.search(
        r"Stand: \d{1,2}\. (Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|"
        r"November|Dezember) \d{4}",
        text,
    )
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "de"
