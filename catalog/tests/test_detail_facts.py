"""What a visitor sees on a solution's and a provider's page: the facts the provider entered,
how to get in touch, and solutions like this one."""

import re
from decimal import Decimal
from html import unescape

import pytest

from catalog.tests.factories import ProviderProfileFactory, SolutionFactory

pytestmark = pytest.mark.django_db


def facts(html):
    """The page's definition list as {term: description}, in the text a reader sees."""
    block = re.search(r'<dl class="sr-facts">(.*?)</dl>', html, re.S).group(1)
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", block, re.S)
    return {_text(dt): _text(dd) for dt, dd in pairs}


def _text(html):
    """Tags removed, entities resolved, runs of ASCII white space joined (no-break spaces
    stay: "1.200,00\u00a0€" is what the reader sees)."""
    return re.sub(r"[ \t\r\n]+", " ", unescape(re.sub(r"<[^>]+>", "", html))).strip()


@pytest.fixture
def filled(provider_org):
    provider = ProviderProfileFactory(organisation=provider_org, size_band="10-49")
    return SolutionFactory(
        provider=provider,
        deploy_saas=True,
        deploy_hardware=True,
        hosting="de",
        dpa_available=True,
        oss_license="EUPL-1.2",
        price_min=Decimal("1200"),
        price_model="Jahreslizenz",
        size_lt5k=True,
        size_5k_20k=True,
    )


def test_solution_page_lists_what_the_provider_entered(client, filled):
    shown = facts(client.get(filled.get_absolute_url()).content.decode())
    assert shown["Preis"] == "ab 1.200,00\u00a0€"
    assert shown["Preismodell"] == "Jahreslizenz"
    assert shown["Hosting-Standort"] == "Deutschland"
    assert shown["Auftragsverarbeitungsvertrag (AVV nach DSGVO)"] == "vorhanden"
    assert shown["Bereitstellung"] == "Software as a Service, Hardware"
    assert shown["Geeignete Gemeindegröße (Einwohner)"] == "unter 5.000, 5.000–20.000"
    assert shown["Open-Source-Lizenz"] == "EUPL-1.2"
    assert shown["Unternehmensgröße"] == "10–49 Beschäftigte"


def test_price_range_is_shown_from_and_to(client):
    solution = SolutionFactory(price_min=Decimal("1200"), price_max=Decimal("5000.5"))
    shown = facts(client.get(solution.get_absolute_url()).content.decode())
    assert shown["Preis"] == "1.200,00\u00a0€ – 5.000,50\u00a0€"


def test_facts_the_provider_left_empty_are_not_listed(client):
    solution = SolutionFactory()
    shown = facts(client.get(solution.get_absolute_url()).content.decode())
    assert set(shown) == {"Handlungsfelder", "Reifegrad"}


def test_anonymous_visitor_is_shown_how_to_contact(client, filled):
    url = filled.get_absolute_url()
    html = client.get(url).content.decode()
    assert (
        f'<a href="/konto/login/?next={url}">Anmelden, um den Anbieter zu kontaktieren</a>' in html
    )
    provider_url = filled.provider.get_absolute_url()
    html = client.get(provider_url).content.decode()
    assert (
        f'<a href="/konto/login/?next={provider_url}">Anmelden, um den Anbieter zu kontaktieren</a>'
        in html
    )


def test_signed_in_town_gets_the_contact_button_instead_of_the_hint(
    client_for, municipality_user, filled
):
    html = client_for(municipality_user).get(filled.get_absolute_url()).content.decode()
    assert f"/loesungen/{filled.slug}/kontakt/" in html
    assert "Anmelden, um den Anbieter zu kontaktieren" not in html


def test_logo_and_company_size_are_shown_on_both_pages(client, filled):
    provider = filled.provider
    provider.logo = "public/logos/parksense.png"
    provider.save()
    img = (
        '<img class="sr-logo" src="/media/public/logos/parksense.png" '
        f'alt="Logo von {provider.name}"'
    )
    assert img in client.get(filled.get_absolute_url()).content.decode()
    html = client.get(provider.get_absolute_url()).content.decode()
    assert img in html
    assert facts(html)["Unternehmensgröße"] == "10–49 Beschäftigte"


def test_similar_solutions_are_ranked_like_need_matching_not_by_date(client):
    parking = SolutionFactory(
        title="Parkleitsystem mit Bodensensoren",
        summary="Bodensensoren erfassen freie Parkplätze und lenken Autofahrer zum Stellplatz.",
    )
    camera = SolutionFactory(
        title="Kamerabasierte Parkplatzbelegung",
        summary="Kameras erkennen freie Parkplätze und zeigen Autofahrern freie Stellplätze.",
    )
    SolutionFactory(  # same topic, published last: the old rule (newest first) put it first
        title="Digitale Friedhofsverwaltung",
        summary="Grabstellen, Nutzungsrechte und Gebühren in einem Programm verwalten.",
    )
    html = client.get(parking.get_absolute_url()).content.decode()
    section = html[html.index('id="related"') :]
    links = re.findall(r'<li><a href="([^"]+)">', section)
    assert links[0] == camera.get_absolute_url()
    assert parking.get_absolute_url() not in links


@pytest.mark.parametrize("n", [2, 20])
def test_solution_page_query_count_is_flat_with_similar_solutions_and_references(
    n, client, django_assert_num_queries
):
    from accounts.tests.factories import MunicipalityFactory
    from catalog.models import Reference

    solution = SolutionFactory(title="Parkleitsystem", summary="Freie Parkplätze finden.")
    for i in range(n):
        town = MunicipalityFactory()
        SolutionFactory(title=f"Parkplatzsuche {i}", summary="Freie Parkplätze finden.")
        Reference.objects.create(solution=solution, municipality=town, status="confirmed")
    client.get(solution.get_absolute_url())  # loads the matching index once per catalog change
    with django_assert_num_queries(9):
        html = client.get(solution.get_absolute_url()).content.decode()
    assert html.count("Parkplatzsuche") == min(n, 4)
