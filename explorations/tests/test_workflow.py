from datetime import date
from decimal import Decimal

import pytest

from catalog.models import Hosting, Topic
from catalog.tests.factories import SolutionFactory
from core.models import AuditEntry
from core.templatetags.core_tags import euro
from explorations.models import MarketExploration
from partnerships.models import RouteCode, Threshold

from .factories import make_record

pytestmark = pytest.mark.django_db


def _verdict_data(record, **by_title):
    data = {}
    for entry in record.entries.all():
        verdict, reason = by_title.get(entry.snapshot["title"], ("", ""))
        data[f"verdict-{entry.pk}"] = verdict
        data[f"reason-{entry.pk}"] = reason
    return data


def test_not_considered_needs_a_reason(client_for, municipality_user, record):
    client = client_for(municipality_user)
    sha = record.sha256
    data = _verdict_data(
        record,
        **{
            "Parkleitsystem mit Bodensensoren": ("considered", ""),
            "Parkraum-App mit Sensoren": ("not_considered", "  "),
        },
    )
    response = client.post(f"/markterkundungen/{record.pk}/bewertung/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte geben Sie an, warum diese Lösung nicht in Betracht kommt." in html
    record.refresh_from_db()
    assert [e.verdict for e in record.entries.all()] == ["", ""]
    assert record.sha256 == sha

    data = _verdict_data(
        record,
        **{
            "Parkleitsystem mit Bodensensoren": ("considered", ""),
            "Parkraum-App mit Sensoren": ("not_considered", "Hosting in den USA"),
        },
    )
    response = client.post(f"/markterkundungen/{record.pk}/bewertung/", data)
    assert response.status_code == 302
    verdicts = {e.snapshot["title"]: (e.verdict, e.verdict_reason) for e in record.entries.all()}
    assert verdicts == {
        "Parkleitsystem mit Bodensensoren": ("considered", ""),
        "Parkraum-App mit Sensoren": ("not_considered", "Hosting in den USA"),
    }
    record.refresh_from_db()
    assert record.sha256 != sha
    html = client.get(record.get_absolute_url()).content.decode()
    assert "Hosting in den USA" in html


def test_closed_record_is_immutable(client_for, municipality_user, record, need):
    client = client_for(municipality_user)
    assert client.post(f"/markterkundungen/{record.pk}/abschliessen/").status_code == 302
    record.refresh_from_db()
    assert record.is_closed
    closed = AuditEntry.objects.get(action="explorations.record.closed")
    assert (closed.object_id, closed.comment) == (str(need.pk), record.sha256)
    assert (closed.from_state, closed.to_state) == ("open", "closed")
    before = (record.sha256, record.estimated_value, list(record.entries.values()))
    attempts = [
        (
            "bewertung/",
            _verdict_data(record, **{"Parkraum-App mit Sensoren": ("not_considered", "x")}),
        ),
        (
            "vergabeweg/",
            {"estimated_value": "1", "scope": "works", "procedure_start": "2030-01-01"},
        ),
        ("abschliessen/", {}),
    ]
    for suffix, data in attempts:
        response = client.post(f"/markterkundungen/{record.pk}/{suffix}", data)
        assert response.status_code == 409, suffix
        assert "kann nicht mehr geändert werden" in response.content.decode()
    record.refresh_from_db()
    assert (record.sha256, record.estimated_value, list(record.entries.values())) == before
    html = client.get(record.get_absolute_url()).content.decode()
    assert "Voten speichern" not in html
    assert "In neuer Fassung korrigieren" in html


def test_a_correction_is_a_new_version_linked_to_the_closed_one(
    client_for, municipality_user, record
):
    client = client_for(municipality_user)
    client.post(f"/markterkundungen/{record.pk}/abschliessen/")
    response = client.post(f"/markterkundungen/{record.pk}/neue-fassung/")
    correction = MarketExploration.objects.get(previous=record)
    assert response["Location"] == f"/markterkundungen/{correction.pk}/"
    assert correction.version == 2 and not correction.is_closed
    assert correction.frozen_at == record.frozen_at
    assert [e.snapshot for e in correction.entries.all()] == [
        e.snapshot for e in record.entries.all()
    ]
    html = client.get(record.get_absolute_url()).content.decode()
    assert "Diese Markterkundung wurde durch Fassung 2 korrigiert" in html
    assert client.post(f"/markterkundungen/{record.pk}/neue-fassung/").status_code == 409
    assert MarketExploration.objects.count() == 2


def test_default_limit_is_30_entries(settings):
    from django.conf import settings as django_settings

    assert django_settings.EXPLORATION_MAX_ENTRIES == 30


def test_more_than_30_results_ask_to_narrow_the_search_first(client_for, municipality_user):
    mobility = Topic.objects.get(slug="mobilitaet")
    for n in range(30):
        SolutionFactory(title=f"Parkhaus {n}", topics=[mobility])
    SolutionFactory(title="Abfallkalender", topics=[Topic.objects.exclude(pk=mobility.pk).first()])
    client = client_for(municipality_user)
    response = client.post("/markterkundungen/neu/", {"query": ""})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Es würden mehr als 30 Lösungen festgehalten." in html
    assert "Bitte grenzen Sie die Suche zuerst ein" in html
    assert not MarketExploration.objects.exists()
    response = client.post("/markterkundungen/neu/", {"query": "topic=mobilitaet"})
    record = MarketExploration.objects.get()
    assert response["Location"] == record.get_absolute_url()
    assert record.entries.count() == 30
    assert "Abfallkalender" not in {e.snapshot["title"] for e in record.entries.all()}


def test_the_search_is_frozen_with_its_filters_as_one_german_sentence(
    client_for, municipality_user
):
    water, _ = Topic.objects.get_or_create(slug="wasser", defaults={"name": "Wasser"})
    SolutionFactory(
        title="Starkregen-Frühwarnung",
        summary="Warnt vor Starkregen.",
        hosting=Hosting.DE,
        topics=[water],
    )
    client = client_for(municipality_user)
    query = "q=Starkregen&topic=wasser&hosting=de&verified=hessen"
    response = client.post("/markterkundungen/neu/", {"query": query})
    record = MarketExploration.objects.get()
    assert response["Location"] == record.get_absolute_url()
    assert record.search_text == "Starkregen"
    assert record.filters["hosting"] == [{"value": "de", "label": "Deutschland"}]
    assert record.filters_text == (
        f"Lösungen im Handlungsfeld {water.name}, Hosting in Deutschland, mit bestätigter "
        "Referenz in Hessen, Suchbegriff „Starkregen“"
    )
    html = client.get(record.get_absolute_url()).content.decode()
    assert "Suchbegriff „Starkregen“" in html


def test_search_page_offers_the_record_to_municipality_members_only(
    client_for, municipality_user, provider_user, parking
):
    form = 'action="/markterkundungen/neu/"'
    assert form in client_for(municipality_user).get("/loesungen/?q=Parkplatz").content.decode()
    assert form not in client_for(provider_user).get("/loesungen/?q=Parkplatz").content.decode()


def test_route_check_on_the_record_shows_routes_limits_and_sources(
    client_for, municipality_user, record
):
    assert record.estimated_value == Decimal("50000.00")
    assert record.procedure_start.isoformat() == "2027-03-01"
    html = client_for(municipality_user).get(record.get_absolute_url()).content.decode()
    routes = record.route_check["routes"]
    assert routes
    for route in routes:
        assert f'<th scope="row">{RouteCode(route["route"]).label}</th>' in html
        assert euro(route["limit"]) in html
        assert route["source"] in html
    assert "50.000,00\u00a0€ netto, Verfahrensbeginn 01.03.2027." in html
    assert "Schwellenwerte, auf die sich die Prüfung stützt" in html
    for row in record.route_check["thresholds"]:
        assert f'<th scope="row">{row["label"]}</th>' in html
        if row["status"] == "in_force":
            day = date.fromisoformat(row["valid_from"]).strftime("%d.%m.%Y")
            assert f"ab {day}" in html


def test_town_completes_the_route_check_before_closing(client_for, municipality_user, record):
    client = client_for(municipality_user)
    response = client.post(
        f"/markterkundungen/{record.pk}/vergabeweg/",
        {
            "estimated_value": "250000",
            "scope": "supplies_services",
            "procedure_start": "2027-06-01",
        },
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.route_check["result"]["value"] == "250000.00"
    assert record.route_check["result"]["date"] == "2027-06-01"
    html = client.get(record.get_absolute_url()).content.decode()
    assert "250.000,00\u00a0€ netto, Verfahrensbeginn 01.06.2027." in html


def test_a_changed_threshold_is_noticed_on_the_record(client_for, municipality_user, record):
    client = client_for(municipality_user)
    notice = "Ein Schwellenwert, auf den sich diese Markterkundung stützt, hat sich seitdem"
    assert notice not in client.get(record.get_absolute_url()).content.decode()
    row_id = record.route_check["thresholds"][1]["id"]
    Threshold.objects.filter(pk=row_id).update(value=Decimal("12345.00"))
    html = client.get(record.get_absolute_url()).content.decode()
    assert notice in html
    assert record.route_check["thresholds"][1]["label"] in html
    # The record itself still says what it relied on.
    call_record = MarketExploration.objects.get(pk=record.pk)
    assert call_record.route_check == record.route_check


@pytest.mark.parametrize("closed", [False, True])
def test_record_page_queries_do_not_grow_with_entries(
    client_for, municipality_user, municipality_org, closed, django_assert_num_queries
):
    solutions = [SolutionFactory(title=f"Lösung {n}") for n in range(20)]
    small = make_record(municipality_org, municipality_user, solutions[:2], closed=closed)
    large = make_record(municipality_org, municipality_user, solutions, closed=closed)
    client = client_for(municipality_user)
    expected = 7 if closed else 6
    with django_assert_num_queries(expected):
        client.get(small.get_absolute_url())
    with django_assert_num_queries(expected):
        client.get(large.get_absolute_url())


def test_list_page_queries_do_not_grow_with_records(
    client_for, municipality_user, municipality_org, django_assert_num_queries
):
    solution = SolutionFactory(title="Parkleitsystem")
    client = client_for(municipality_user)
    for _ in range(2):
        make_record(municipality_org, municipality_user, [solution])
    with django_assert_num_queries(5):
        html = client.get("/markterkundungen/").content.decode()
    assert html.count('href="/markterkundungen/') == 2
    for _ in range(18):
        make_record(municipality_org, municipality_user, [solution])
    with django_assert_num_queries(5):
        html = client.get("/markterkundungen/").content.decode()
    assert html.count('href="/markterkundungen/') == 20


def test_route_input_refuses_a_value_of_zero(client_for, municipality_user, record):
    before = record.route_check
    response = client_for(municipality_user).post(
        f"/markterkundungen/{record.pk}/vergabeweg/",
        {"estimated_value": "0", "scope": "supplies_services", "procedure_start": "2027-06-01"},
    )
    assert response.status_code == 400
    assert "Der Wert muss größer als null sein." in response.content.decode()
    record.refresh_from_db()
    assert record.route_check == before
