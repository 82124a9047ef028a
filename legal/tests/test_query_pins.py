"""Query counts of the data-rights pages and the office's legal pages are pinned: the same
exact number for 2 and for 20 rows (#17 item 6)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import MembershipFactory, ProviderOrgFactory, UserFactory
from legal.models import BarrierReport, LegalText, SignLanguageVideo
from legal.services import save_legal_text

pytestmark = pytest.mark.django_db

PERSON = "paula@example.org"


def _versions(actor, rows, page="kontakt"):
    """`rows` versions of `page` in all (the migration gave it version 1)."""
    for number in range(rows - LegalText.objects.of(page).count()):
        save_legal_text(actor=actor, page=page, title="Rechtstext", body=f"Fassung {number + 2}")


def _reports(rows):
    """`rows` open reports, none of them overdue."""
    due = timezone.localdate() + timedelta(days=30)
    BarrierReport.objects.bulk_create(
        BarrierReport(page_url=f"/seite-{n:02d}/", description="Kontrast", due_on=due)
        for n in range(rows)
    )


def _office_client(client_for, office_user):
    client = client_for(office_user)
    client.get("/konto/")  # session and per-process caches warmed up
    return client


@pytest.mark.parametrize("rows", [2, 20])
def test_my_data(client_for, django_assert_num_queries, rows):
    """The page lists no rows; it stays the same however much data the person has."""
    person = UserFactory(email=PERSON)
    for n in range(rows):
        MembershipFactory(user=person, organisation=ProviderOrgFactory(name=f"Firma {n:02d}"))
    client = client_for(person)
    client.get("/konto/")
    with django_assert_num_queries(4):
        response = client.get("/konto/meine-daten/")
    page = response.content.decode()
    assert 'href="/konto/meine-daten/export/"' in page
    assert 'href="/konto/meine-daten/loeschen/"' in page


@pytest.mark.parametrize("rows", [2, 20])
def test_office_index(client_for, office_user, django_assert_num_queries, rows):
    _versions(office_user, rows)
    _reports(rows)
    client = _office_client(client_for, office_user)
    with django_assert_num_queries(14):
        response = client.get("/geschaeftsstelle/rechtstexte/")
    page = response.content.decode()
    assert f"(Version {rows})" in page  # the Kontakt row shows its newest version
    assert f"{rows} offen, 0 überfällig." in page


@pytest.mark.parametrize("rows", [2, 20])
def test_edit_page(client_for, office_user, django_assert_num_queries, rows):
    _versions(office_user, rows)
    client = _office_client(client_for, office_user)
    with django_assert_num_queries(5):
        response = client.get("/geschaeftsstelle/rechtstexte/kontakt/")
    assert f"Aktuelle Fassung: {rows}," in response.content.decode()
    assert f"Fassung {rows}" in response.content.decode()


@pytest.mark.parametrize("rows", [2, 20])
def test_settings(client_for, office_user, django_assert_num_queries, rows):
    """A form without rows; the count stays the same however many text versions exist."""
    _versions(office_user, rows)
    client = _office_client(client_for, office_user)
    with django_assert_num_queries(5):
        response = client.get("/geschaeftsstelle/rechtstexte/angaben/")
    assert "<h1>Angaben der Behörde</h1>" in response.content.decode()


@pytest.mark.parametrize("rows", [2, 20])
def test_upload_video(client_for, office_user, django_assert_num_queries, rows):
    for n in range(rows):  # earlier uploads; the page names the newest
        video = SignLanguageVideo.objects.create(
            video=f"legal/dgs/v{n}.mp4", captions=f"legal/dgs/v{n}.vtt", uploaded_by=office_user
        )
        SignLanguageVideo.objects.filter(pk=video.pk).update(
            uploaded_at=datetime(2026, 1, 1, 12, tzinfo=UTC) + timedelta(days=n)
        )
    client = _office_client(client_for, office_user)
    with django_assert_num_queries(5):
        response = client.get("/geschaeftsstelle/rechtstexte/dgs-video/")
    newest = f"{rows}. Januar 2026"
    assert f"Das aktuelle Video wurde am {newest} hochgeladen." in response.content.decode()


@pytest.mark.parametrize("rows", [2, 20])
def test_record(client_for, office_user, django_assert_num_queries, rows):
    """The activities come from code (legal.processing), not from rows; the count stays the
    same however many versions of the privacy notice exist."""
    _versions(office_user, rows, page="datenschutz")
    client = _office_client(client_for, office_user)
    with django_assert_num_queries(5):
        response = client.get("/geschaeftsstelle/verarbeitungsverzeichnis/")
    assert "<h1>Verzeichnis von Verarbeitungstätigkeiten</h1>" in response.content.decode()


@pytest.mark.parametrize("rows", [2, 20])
def test_barrier_report(client_for, office_user, django_assert_num_queries, rows):
    _reports(rows)
    last = BarrierReport.objects.get(page_url=f"/seite-{rows - 1:02d}/")
    client = _office_client(client_for, office_user)
    with django_assert_num_queries(5):
        response = client.get(f"/geschaeftsstelle/barrieremeldungen/{last.pk}/")
    assert f"/seite-{rows - 1:02d}/" in response.content.decode()
