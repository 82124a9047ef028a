"""A need's dated chronology (Vergabevermerk building blocks): page, ODT, tagged PDF and who
may see it (matching/chronology.py, matching/access.py)."""

import datetime as dt
import io
import re
import zoneinfo

import pytest
from django.urls import reverse
from odf import teletype
from odf.opendocument import load
from odf.text import H, P
from pypdf import PdfReader

from catalog.models import Topic
from catalog.services import send_contact_request
from core.models import AuditEntry
from core.services import log_action
from events.models import Registration
from events.tests.factories import WorkshopFactory
from matching.models import Need, Proposal

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
HASH = "ab" * 32


def at(day, hour=10):
    return dt.datetime(2026, 3, day, hour, 0, tzinfo=BERLIN)


def audit(need, when, **kwargs):
    entry = log_action(need, **kwargs)
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=when)


def workshop(topic, day, title):
    w = WorkshopFactory(title=title)
    w.topics.set([topic])
    type(w).objects.filter(pk=w.pk).update(starts_at=at(day), ends_at=at(day, 13))
    return w


@pytest.fixture
def story(need, parking, municipality_user, municipality_org, other_municipality_user):
    """A need's first week: created, a proposal, shortlisted, a workshop, frozen, outcome."""
    topic, other_topic = Topic.objects.order_by("pk")[:2]
    need.topics.set([topic])
    Need.objects.filter(pk=need.pk).update(created_at=at(1))
    audit(need, at(1), actor=municipality_user, action="matching.need.created", to_state="private")
    proposal = Proposal.objects.create(
        need=need, provider=parking.provider, solution=parking, text="Idee"
    )
    Proposal.objects.filter(pk=proposal.pk).update(created_at=at(2))
    audit(
        need,
        at(3),
        actor=municipality_user,
        action="matching.need.decided",
        to_state="shortlisted",
        comment=parking.slug,
    )
    attended = workshop(topic, 5, "Parken smart steuern")
    Registration.objects.create(
        workshop=attended,
        user=municipality_user,
        organisation=municipality_org,
        status=Registration.Status.CONFIRMED,
        attended=True,
    )
    off_topic = workshop(other_topic, 5, "Friedhof digital")
    Registration.objects.create(
        workshop=off_topic,
        user=municipality_user,
        organisation=municipality_org,
        status=Registration.Status.CONFIRMED,
        attended=True,
    )
    other_town = workshop(topic, 5, "Nur Fulda war da")
    Registration.objects.create(
        workshop=other_town,
        user=other_municipality_user,
        organisation=other_municipality_user.memberships.get().organisation,
        status=Registration.Status.CONFIRMED,
        attended=True,
    )
    audit(need, at(4), actor=municipality_user, action="explorations.record.frozen", comment=HASH)
    audit(
        need,
        at(6),
        actor=municipality_user,
        action="explorations.outcome.recorded",
        to_state="award",
        comment="Parkleitsystem – günstigstes Angebot",
    )
    # any other code of the need: its label from core.audit.LABELS
    audit(need, at(7), actor=municipality_user, action="matching.need.deleted", comment="x")
    return need


EXPECTED = [
    ("1. März 2026, 10:00", "Vorhaben angelegt"),
    ("2. März 2026, 10:00", "Vorschlag erhalten"),
    ("3. März 2026, 10:00", "Lösung auf die Merkliste gesetzt"),
    ("4. März 2026, 10:00", "Markterkundung festgehalten"),
    ("5. März 2026, 10:00", "Workshop besucht"),
    ("6. März 2026, 10:00", "Ergebnis festgehalten"),
    ("7. März 2026, 10:00", "Vorhaben gelöscht"),
]


def entries(html):
    return re.findall(r"<p><strong>([^<]+)</strong> — ([^<]+)</p>", html)


def test_entries_in_date_order_with_german_dates(story, parking, municipality_user, client_for):
    url = reverse("matching:need_chronology", args=[story.pk])
    page = client_for(municipality_user).get(url).content.decode()
    assert entries(page) == EXPECTED
    assert f"SHA-256: {HASH}" in page
    assert f"{parking.provider.name}: {parking.title}" in page  # the proposal
    assert "Parken smart steuern — 1 Person aus Ihrer Kommune" in page
    assert "Friedhof digital" not in page
    assert "Nur Fulda war da" not in page
    assert "Parkleitsystem – günstigstes Angebot" in page
    assert f'<p class="sr-hash">{parking.title} · ' in page  # the shortlisted solution


def test_contact_request_about_the_need_appears(need, parking, municipality_user, client_for):
    send_contact_request(
        actor=municipality_user,
        provider=parking.provider,
        solution=parking,
        subject="Frage",
        message="Wie teuer?",
        need=need,
    )
    page = client_for(municipality_user).get(reverse("matching:need_chronology", args=[need.pk]))
    html = page.content.decode()
    assert [label for _day, label in entries(html)] == [
        "Vorhaben angelegt",
        "Kontaktanfrage an einen Anbieter gesendet",
    ]
    assert f"{parking.provider.name}: {parking.title}" in html
    assert "Wie teuer?" not in html


def test_chronology_as_odt(story, municipality_user, client_for):
    response = client_for(municipality_user).get(
        reverse("matching:need_chronology_odt", args=[story.pk])
    )
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="vorhaben-{story.pk}-chronik-'
    )
    document = load(io.BytesIO(response.content))
    paragraphs = [teletype.extractText(p) for p in document.getElementsByType(P)]
    text = "\n".join(paragraphs)
    headings = [teletype.extractText(h) for h in document.getElementsByType(H)]
    assert headings == [f"Chronik des Vorhabens „{story.title}“"]
    assert [f"{day} — {label}" for day, label in EXPECTED] == [
        p for p in paragraphs if re.match(r"\d+\. März 2026", p)
    ]
    assert f"SHA-256: {HASH}" in text


def test_chronology_as_tagged_pdf(story, office_user, client_for):
    response = client_for(office_user).get(reverse("matching:need_chronology_pdf", args=[story.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert story.title in text
    assert "4. März 2026, 10:00 — Markterkundung festgehalten" in text
    assert HASH[:32] in text
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "de"


@pytest.mark.parametrize("suffix", ["chronik/", "chronik.odt", "chronik.pdf"])
def test_only_the_town_and_the_office_see_the_chronology(
    public_need, suffix, client, client_for, other_municipality_user, provider_user, outsider
):
    url = f"/vorhaben/{public_need.pk}/{suffix}"
    assert client.get(url).status_code == 302  # to the login page
    for user in (other_municipality_user, provider_user, outsider):
        assert client_for(user).get(url).status_code == 404


def test_need_page_links_the_chronology_for_town_and_office_only(
    public_need, municipality_user, office_user, other_municipality_user, client_for
):
    link = f'href="{reverse("matching:need_chronology", args=[public_need.pk])}"'
    for user in (municipality_user, office_user):
        assert link in client_for(user).get(public_need.get_absolute_url()).content.decode()
    page = client_for(other_municipality_user).get(public_need.get_absolute_url()).content.decode()
    assert link not in page


@pytest.mark.parametrize("rows", [2, 20])
def test_chronology_query_count_constant(
    rows, need, parking, municipality_user, client_for, django_assert_num_queries
):
    for n in range(rows):
        audit(
            need,
            at(1 + n % 20),
            actor=municipality_user,
            action="matching.need.decided",
            to_state="shortlisted",
            comment=parking.slug,
        )
        audit(
            need, at(2), actor=municipality_user, action="explorations.record.frozen", comment=HASH
        )
    client = client_for(municipality_user)
    url = reverse("matching:need_chronology", args=[need.pk])
    client.get(url)  # warm the session
    with django_assert_num_queries(CHRONOLOGY_QUERIES):
        page = client.get(url).content.decode()
    assert len(entries(page)) == 1 + 2 * rows


# session, user, memberships, the need, its audit rows, solution titles, proposals,
# workshop registrations, unread notifications
CHRONOLOGY_QUERIES = 9
