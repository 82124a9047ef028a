"""Mein Bereich (/konto/): each role finds its work there, every link on the page opens, and
the page costs the same number of queries with 2 and with 20 rows per section."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from accounts.models import Membership
from accounts.tests.factories import (
    MembershipFactory,
    MunicipalityOrgFactory,
    ProviderOrgFactory,
    UserFactory,
)
from catalog.models import ContactRequest, ProviderProfile, Reference, Solution, Standard, Status
from events.models import ProgrammeSlot, Registration
from events.tests.factories import WorkshopFactory
from explorations.tests.factories import make_record
from legal.models import BarrierReport
from matching.models import Need, NeedDecision, Proposal, SavedSearch
from partnerships.tests.factories import PartnershipFactory

# Pinned: one query per section, whatever the number of rows.
TOWN_QUERIES = 14
PROVIDER_QUERIES = 15
OFFICE_QUERIES = 11


def section(html, section_id):
    """The visible text of one section of the page, tags stripped and spaces collapsed."""
    match = re.search(
        rf'<section aria-labelledby="{section_id}">(.*?)</section>', html, flags=re.DOTALL
    )
    assert match, f"no section {section_id}"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())


def hrefs(html):
    return sorted(set(re.findall(r'<a [^>]*href="([^"#]+)"', html)) - {"mailto:"})


def solution(provider, title, status=Status.PUBLISHED):
    # Created directly: the factory would index the solution for search, which is slow.
    return Solution.objects.create(
        provider=provider, title=title, summary="Kurz.", status=status, published_at=timezone.now()
    )


def town_work(user, org, provider_org, n):
    profile, _ = ProviderProfile.objects.get_or_create(
        organisation=provider_org, defaults={"name": provider_org.name, "status": "published"}
    )
    for i in range(n):
        need = Need.objects.create(
            organisation=org, author=user, title=f"Vorhaben {i}", description="Beschreibung"
        )
        offer = solution(profile, f"Parkleitsystem {i}")
        NeedDecision.objects.create(
            need=need, solution=offer, kind=NeedDecision.Kind.SHORTLISTED, decided_by=user
        )
        ContactRequest.objects.create(
            provider=profile,
            solution=offer,
            sender=user,
            sender_organisation=org,
            subject=f"Anfrage {i}",
            message="Guten Tag",
        )
        SavedSearch.objects.create(user=user, name=f"Suche {i}", query="q=Parken")
        Reference.objects.create(solution=offer, municipality=org.municipality, year=2024)
        workshop = WorkshopFactory(title=f"Workshop {i}", capacity=50)
        Registration.objects.create(
            workshop=workshop, user=user, organisation=org, status=Registration.Status.CONFIRMED
        )
        PartnershipFactory(title=f"Partnerschaft {i}", municipality=org, provider=provider_org)
        make_record(org, user, [offer], closed=i == 1, need_title=f"Markterkundung {i}")


def provider_work(user, org, town_user, town, n):
    profile = ProviderProfile.objects.create(organisation=org, name=org.name, status="submitted")
    for i in range(n):
        offer = solution(profile, f"Lösung {i}", status=Status.DRAFT if i == 0 else "published")
        ContactRequest.objects.create(
            provider=profile,
            solution=offer,
            sender=town_user,
            sender_organisation=town,
            subject=f"Anfrage {i}",
            message="Guten Tag",
        )
        need = Need.objects.create(
            organisation=town,
            title=f"Herausforderung {i}",
            description="x",
            visibility=Need.Visibility.PUBLIC,
        )
        Proposal.objects.create(need=need, provider=profile, solution=offer, text="Vorschlag")
        workshop = WorkshopFactory(title=f"Workshop {i}")
        ProgrammeSlot.objects.create(
            workshop=workshop, solution=offer, provider=profile, abstract="Vortrag", applicant=user
        )
        PartnershipFactory(
            title=f"Einladung {i}", municipality=town, provider=org, provider_accepted_at=None
        )


def office_work(n):
    town = MunicipalityOrgFactory()
    provider = ProviderProfile.objects.create(
        organisation=ProviderOrgFactory(name="Prüfling GmbH"),
        name="Prüfling GmbH",
        status=Status.SUBMITTED,
    )
    for i in range(n):
        solution(provider, f"Eingereicht {i}", status=Status.SUBMITTED)
        MembershipFactory(
            user=UserFactory(), organisation=town, status=Membership.Status.PENDING, role="editor"
        )
        BarrierReport.objects.create(
            page_url="/loesungen/", description="Kontrast", due_on=timezone.localdate()
        )
        Standard.objects.create(name=f"Schnittstelle {i}")
    return provider


# --- What each role sees ----------------------------------------------------------------------


def test_a_town_member_sees_its_needs_shortlist_requests_searches_references_workshops(
    client_for, municipality_user, municipality_org, provider_org
):
    town_work(municipality_user, municipality_org, provider_org, 2)
    Need.objects.filter(title="Vorhaben 1").update(status=Need.Status.CLOSED)
    today = timezone.localdate().strftime("%d.%m.%Y")

    html = client_for(municipality_user).get("/konto/").content.decode()

    assert "<h1>Mein Bereich</h1>" in html
    needs = section(html, "my-needs")
    assert f"Vorhaben 0 Offen {today}" in needs
    assert f"Vorhaben 1 Abgeschlossen {today}" in needs
    shortlist = section(html, "my-shortlist")
    assert "Parkleitsystem 1 (ParkSense GmbH) · für Vorhaben 1" in shortlist
    records = section(html, "my-explorations-town")
    assert re.search(rf"Markterkundung 0 {today}, \d\d:\d\d Offen", records)
    assert re.search(rf"Markterkundung 1 {today}, \d\d:\d\d Abgeschlossen", records)
    assert f"Anfrage 0 ParkSense GmbH · Parkleitsystem 0 {today}" in section(html, "my-contacts")
    assert f"Suche 1 · gespeichert am {today}" in section(html, "my-searches")
    references = section(html, "my-references")
    assert "Parkleitsystem 0 (ParkSense GmbH) · Bad Hersfeld · 2024" in references
    start = (timezone.localtime() + timedelta(days=10)).strftime("%d.%m.%Y")
    assert f"Workshop 0 · {start}" in section(html, "my-workshops")
    assert "Bestätigt" in section(html, "my-workshops")
    partnerships = section(html, "my-partnerships")
    assert "Partnerschaft 0 · Bad Hersfeld · ParkSense GmbH · Anbahnung" in partnerships
    assert 'id="my-solutions"' not in html  # not a provider
    assert 'id="office-queues"' not in html


def test_a_town_member_without_work_sees_german_empty_states_with_the_next_step(
    client_for, municipality_user
):
    html = client_for(municipality_user).get("/konto/").content.decode()

    assert "Noch keine Vorhaben — Vorhaben beschreiben" in section(html, "my-needs")
    assert '<a href="/vorhaben/neu/">Vorhaben beschreiben</a>' in html
    assert "Noch nichts auf der Merkliste" in section(html, "my-shortlist")
    assert (
        "Noch keine Markterkundung festgehalten — halten Sie die Treffer eines Vorhabens auf "
        "seiner Seite fest" in section(html, "my-explorations-town")
    )
    assert "Noch keine Kontaktanfragen — Lösungen finden" in section(html, "my-contacts")
    assert "Noch keine gespeicherten Suchen — Lösungen finden" in section(html, "my-searches")
    assert "Keine Referenzen warten auf Ihre Bestätigung." in section(html, "my-references")
    assert "Keine Anmeldungen für kommende Veranstaltungen" in section(html, "my-workshops")
    assert "Noch keine Innovationspartnerschaften" in section(html, "my-partnerships")


def test_a_pending_membership_request_shows_as_awaiting_approval(client, outsider):
    town = MunicipalityOrgFactory(municipality__name="Hünfeld")
    MembershipFactory(user=outsider, organisation=town, status=Membership.Status.PENDING)
    client.force_login(outsider)

    html = client.get("/konto/").content.decode()

    assert "Hünfeld Kommune Administrator Wartet auf Bestätigung" in section(
        html, "my-organisations"
    )
    assert 'id="my-needs"' not in html  # not active yet: no town work


def test_a_provider_member_sees_profile_solutions_requests_proposals_slots_invitations(
    client_for, provider_user, provider_org, municipality_user, municipality_org
):
    provider_work(provider_user, provider_org, municipality_user, municipality_org, 2)
    today = timezone.localdate().strftime("%d.%m.%Y")

    html = client_for(provider_user).get("/konto/").content.decode()

    assert "ParkSense GmbH · Eingereicht" in section(html, "my-profile")
    solutions = section(html, "my-solutions")
    assert f"Lösung 0 Entwurf {today}" in solutions
    assert f"Lösung 1 Veröffentlicht {today}" in solutions
    assert f"Anfrage 1 Bad Hersfeld · Lösung 1 {today}" in section(html, "my-requests")
    challenges = section(html, "my-challenges")
    assert f"Vorschlag vom {today}: Herausforderung 0 (Bad Hersfeld) · Lösung 0" in challenges
    assert '<a href="/herausforderungen/">' in html
    start = (timezone.localtime() + timedelta(days=10)).strftime("%d.%m.%Y")
    assert f"Workshop 1 · {start} · Lösung 1 · Beworben" in section(html, "my-slots")
    invitations = section(html, "my-invitations")
    assert "Einladung 0 · Bad Hersfeld · annehmen oder ablehnen" in invitations
    explorations = section(html, "my-explorations")
    assert "Ihre Lösungen wurden in 0 Markterkundungen betrachtet, 0 Zuschläge." in explorations
    assert (
        '<a href="/anbieter/konto/markterkundungen/">Was Ihnen die Kommunen mitgeteilt haben</a>'
        in html
    )
    assert 'id="my-needs"' not in html


def test_a_new_provider_sees_empty_states_leading_to_its_first_solution(client_for, provider_user):
    html = client_for(provider_user).get("/konto/").content.decode()

    assert "Noch keine Lösungen — Lösung beschreiben" in section(html, "my-solutions")
    assert '<a href="/anbieter/konto/loesungen/neu/">Lösung beschreiben</a>' in html
    assert "Noch keine Kontaktanfragen." in section(html, "my-requests")
    assert "Noch keine Vorschläge — Herausforderungen ansehen" in section(html, "my-challenges")
    assert "Keine Einladungen offen." in section(html, "my-invitations")


def test_the_office_sees_its_queues_with_counts(client_for, office_user):
    office_work(3)
    slot_workshop = WorkshopFactory()
    offer = Solution.objects.filter(status=Status.SUBMITTED).first()
    ProgrammeSlot.objects.create(
        workshop=slot_workshop, solution=offer, provider=offer.provider, abstract="x"
    )

    html = client_for(office_user).get("/konto/").content.decode()

    queues = section(html, "office-queues")
    assert "Moderation 4" in queues  # 3 solutions and the profile
    assert "Mitgliedschaftsanfragen 3" in queues
    assert "Offene Barrieremeldungen 3" in queues
    assert "Bewerbungen für Vortragsplätze 1" in queues
    assert "Vorgeschlagene Standards und Schnittstellen 3" in queues


# --- Every link on the page opens for that person ----------------------------------------------


@pytest.mark.parametrize("role", ["town", "provider", "office", "new"])
def test_every_link_on_my_area_answers_200(
    role,
    client,
    municipality_user,
    municipality_org,
    provider_user,
    provider_org,
    office_user,
    outsider,
):
    if role == "town":
        user = municipality_user
        town_work(municipality_user, municipality_org, provider_org, 2)
    elif role == "provider":
        user = provider_user
        provider_work(provider_user, provider_org, municipality_user, municipality_org, 2)
    elif role == "office":
        user = office_user
        office_work(2)
    else:
        user = outsider
    client.force_login(user)
    html = client.get("/konto/").content.decode()
    links = hrefs(html)
    assert len(links) > 15

    broken = {href: client.get(href).status_code for href in links}
    assert {href: code for href, code in broken.items() if code != 200} == {}


def test_the_header_links_my_area_and_challenges_for_providers(
    client_for, provider_user, municipality_user
):
    html = client_for(provider_user).get("/loesungen/").content.decode()
    assert '<a href="/konto/">Mein Bereich</a>' in html
    assert '<a href="/herausforderungen/">Herausforderungen</a>' in html

    html = client_for(municipality_user).get("/loesungen/").content.decode()
    assert '<a href="/konto/">Mein Bereich</a>' in html
    assert "/herausforderungen/" not in html


def test_every_card_of_the_office_home_opens(client_for, office_user):
    client = client_for(office_user)
    html = client.get("/geschaeftsstelle/").content.decode()
    cards = re.findall(r'<h2 id="section-\d+"><a href="([^"]+)">', html)
    assert "/konto/mitgliedschaften/anfragen/" in cards

    assert {href: client.get(href).status_code for href in cards} == dict.fromkeys(cards, 200)


# --- Query count: the same with 2 and 20 rows ---------------------------------------------------


@pytest.mark.parametrize("rows", [2, 20])
def test_my_area_queries_for_a_town_stay_constant(
    rows, client_for, municipality_user, municipality_org, provider_org, django_assert_num_queries
):
    town_work(municipality_user, municipality_org, provider_org, rows)
    client = client_for(municipality_user)
    with django_assert_num_queries(TOWN_QUERIES):
        response = client.get("/konto/")
    assert f"Vorhaben {rows - 1}" in response.content.decode()


@pytest.mark.parametrize("rows", [2, 20])
def test_my_area_queries_for_a_provider_stay_constant(
    rows,
    client_for,
    provider_user,
    provider_org,
    municipality_user,
    municipality_org,
    django_assert_num_queries,
):
    provider_work(provider_user, provider_org, municipality_user, municipality_org, rows)
    client = client_for(provider_user)
    with django_assert_num_queries(PROVIDER_QUERIES):
        response = client.get("/konto/")
    assert f"Lösung {rows - 1}" in response.content.decode()


@pytest.mark.parametrize("rows", [2, 20])
def test_my_area_queries_for_the_office_stay_constant(
    rows, client_for, office_user, django_assert_num_queries
):
    office_work(rows)
    client = client_for(office_user)
    with django_assert_num_queries(OFFICE_QUERIES):
        response = client.get("/konto/")
    assert f"Mitgliedschaftsanfragen {rows}" in section(response.content.decode(), "office-queues")


def test_a_long_list_shows_the_newest_ten_and_links_to_all(
    client_for, municipality_user, municipality_org, provider_org
):
    town_work(municipality_user, municipality_org, provider_org, 12)

    html = client_for(municipality_user).get("/konto/").content.decode()

    needs = re.search(r'id="my-needs".*?</section>', html, flags=re.DOTALL).group(0)
    shown = re.findall(r'<a href="/vorhaben/\d+/">(Vorhaben \d+)</a>', needs)
    assert shown == [f"Vorhaben {i}" for i in range(11, 1, -1)]
    assert '<a href="/vorhaben/">Alle Vorhaben</a>' in needs
