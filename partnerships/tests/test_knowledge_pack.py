"""The knowledge pack for all bidders (§ 7 VgV): the town marks documents in regular
operation and downloads one ZIP with an index PDF (partnerships/knowledge_pack.py)."""

import hashlib
import io
import re
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core.services import history_of
from partnerships.knowledge_pack import index_hash, pack_files
from partnerships.models import Document, DocumentVersion, Stage

pytestmark = pytest.mark.django_db

REPORT = b"%PDF-1.4 Abschlussbericht des Piloten"
API = b"openapi: 3.1.0\ninfo: {title: Parkdaten}\n"


def add_document(partnership, title, name, content, versions=1):
    document = Document.objects.create(partnership=partnership, title=title)
    for number in range(1, versions + 1):
        version = DocumentVersion(
            document=document,
            number=number,
            original_name=name,
            content_type="application/octet-stream",
            size=len(content),
        )
        body = content if number == versions else b"alte Fassung"
        version.file.save(name, ContentFile(body), save=True)
    return document


@pytest.fixture
def operating(partnership):
    partnership.stage = Stage.PERFORMANCE
    partnership.performance_started_on = timezone.localdate()
    partnership.save()
    return partnership


@pytest.fixture
def documents(operating):
    return {
        "report": add_document(operating, "Abschlussbericht", "bericht.pdf", REPORT, versions=2),
        "api": add_document(operating, "Schnittstelle: Parkdaten", "api.YAML", API),
        "contract": add_document(operating, "Vertrag", "vertrag.pdf", b"vertraulich"),
    }


def url(partnership, name="knowledge_pack"):
    return reverse(f"partnerships:{name}", args=[partnership.pk])


def test_town_marks_documents_and_the_zip_holds_exactly_those_and_the_index(
    operating, documents, municipality_user, client_for
):
    client = client_for(municipality_user)
    marked = [documents["report"].pk, documents["api"].pk]
    response = client.post(url(operating), {"documents": marked})
    assert response.status_code == 302
    assert sorted(
        Document.objects.filter(for_all_bidders=True).values_list("title", flat=True)
    ) == ["Abschlussbericht", "Schnittstelle: Parkdaten"]
    assert history_of(operating).first().changes == {
        "documents": ["Abschlussbericht", "Schnittstelle: Parkdaten"]
    }

    response = client.get(url(operating, "knowledge_pack_zip"))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist() == [
        "Abschlussbericht.pdf",
        "Schnittstelle- Parkdaten.yaml",
        "index.pdf",
    ]
    assert archive.read("Abschlussbericht.pdf") == REPORT  # the latest version
    assert archive.read("Schnittstelle- Parkdaten.yaml") == API

    reader = PdfReader(io.BytesIO(archive.read("index.pdf")))
    text = "".join("".join(page.extract_text() for page in reader.pages).split())
    for content in (REPORT, API):
        assert hashlib.sha256(content).hexdigest() in text
    lines = (
        f"{hashlib.sha256(REPORT).hexdigest()}  Abschlussbericht.pdf\n"
        f"{hashlib.sha256(API).hexdigest()}  Schnittstelle- Parkdaten.yaml\n"
    )
    pack_hash = hashlib.sha256(lines.encode()).hexdigest()
    assert pack_hash in text
    assert hashlib.sha256(b"vertraulich").hexdigest() not in text
    assert "/StructTreeRoot" in reader.trailer["/Root"]

    page = client.get(url(operating)).content.decode()
    assert f'<code class="sr-hash">{pack_hash}</code>' in page
    assert index_hash(pack_files(operating)) == pack_hash


def test_unmarking_removes_a_document_from_the_pack(
    operating, documents, municipality_user, client_for
):
    client = client_for(municipality_user)
    client.post(url(operating), {"documents": [documents["report"].pk, documents["api"].pk]})
    client.post(url(operating), {"documents": [documents["api"].pk]})
    archive = zipfile.ZipFile(io.BytesIO(client.get(url(operating, "knowledge_pack_zip")).content))
    assert archive.namelist() == ["Schnittstelle- Parkdaten.yaml", "index.pdf"]


def test_before_regular_operation_nothing_can_be_marked_or_downloaded(
    partnership, municipality_user, client_for
):
    document = add_document(partnership, "Zwischenbericht", "z.pdf", REPORT)
    client = client_for(municipality_user)
    page = client.get(url(partnership)).content.decode()
    assert "Das Wissenspaket steht bereit, sobald die Partnerschaft im Regelbetrieb ist." in page
    assert 'name="documents"' not in page
    response = client.post(url(partnership), {"documents": [document.pk]}, follow=True)
    assert "Das Wissenspaket steht bereit, sobald" in response.content.decode()
    document.refresh_from_db()
    assert document.for_all_bidders is False
    assert client.get(url(partnership, "knowledge_pack_zip")).status_code == 404


def test_documents_of_another_partnership_cannot_be_marked(
    operating, documents, municipality_user, client_for
):
    from partnerships.tests.factories import PartnershipFactory

    foreign = add_document(PartnershipFactory(), "Fremd", "f.pdf", REPORT)
    client_for(municipality_user).post(url(operating), {"documents": [foreign.pk]})
    foreign.refresh_from_db()
    assert foreign.for_all_bidders is False


def test_office_reads_and_downloads_but_does_not_mark(
    operating, documents, office_user, client_for
):
    documents["api"].for_all_bidders = True
    documents["api"].save()
    client = client_for(office_user)
    page = client.get(url(operating)).content.decode()
    assert 'name="documents"' not in page
    assert "Schnittstelle- Parkdaten.yaml" in page
    assert client.get(url(operating, "knowledge_pack_zip")).status_code == 200
    assert client.post(url(operating), {"documents": []}).status_code == 403
    documents["api"].refresh_from_db()
    assert documents["api"].for_all_bidders is True


def test_provider_partner_and_other_towns_have_no_access(
    operating, documents, provider_user, other_municipality_user, client_for
):
    for name in ("knowledge_pack", "knowledge_pack_zip"):
        assert client_for(provider_user).get(url(operating, name)).status_code == 403
        assert client_for(other_municipality_user).get(url(operating, name)).status_code == 404


def test_partnership_page_links_the_pack_for_the_town_only(
    operating, municipality_user, provider_user, client_for
):
    link = f'href="{url(operating)}"'
    assert link in client_for(municipality_user).get(operating.get_absolute_url()).content.decode()
    assert link not in client_for(provider_user).get(operating.get_absolute_url()).content.decode()


def test_nothing_marked_gives_no_zip(operating, documents, municipality_user, client_for):
    response = client_for(municipality_user).get(url(operating, "knowledge_pack_zip"), follow=True)
    assert re.search(r"Markieren Sie zuerst mindestens ein Dokument", response.content.decode())
