"""A need's requirements (hosting in Germany, budget, inhabitants) against the matches."""

from decimal import Decimal

import pytest
from django.core import mail

from catalog.models import PopulationBand
from catalog.tests.factories import SolutionFactory
from matching.alerts import send_all_digests
from matching.models import Need, SavedSearch

from .conftest import PARKING, make_need

pytestmark = pytest.mark.django_db


def variant(profile, title, **fields):
    return SolutionFactory(provider=profile, title=title, **PARKING, **fields)


def page(client, need):
    return client.get(need.get_absolute_url())


@pytest.mark.parametrize(
    "population, band",
    [(1, "lt5k"), (4_999, "lt5k"), (5_000, "5k-20k"), (19_999, "5k-20k"), (20_000, "20k-100k"),
     (99_999, "20k-100k"), (100_000, "gt100k"), (3_700_000, "gt100k")],
)  # fmt: skip
def test_population_bands_have_exact_edges(population, band):
    assert PopulationBand.of(population) == band


def test_hosting_in_germany_hides_solutions_hosted_elsewhere_and_says_so(
    client_for, municipality_user, municipality_org, profile, catalog
):
    variant(profile, "Parkleitsystem Frankfurt", hosting="de")
    variant(profile, "Parkleitsystem Irland", hosting="other")
    variant(profile, "Parkleitsystem Hardware", hosting="")
    need = make_need(municipality_org, hosting_de_required=True)
    response = page(client_for(municipality_user), need)
    titles = [r.solution.title for r in response.context["results"]]
    assert "Parkleitsystem Irland" not in titles
    assert {"Parkleitsystem Frankfurt", "Parkleitsystem Hardware"} <= set(titles)
    html = response.content.decode()
    assert (
        "1 passende Lösung wird nicht angezeigt, weil sie nicht in Deutschland gehostet wird."
        in html
    )
    assert "in Deutschland gehostet" in html and "Hosting-Standort nicht angegeben" in html
    assert "Hosting</dt><dd>in Deutschland erforderlich" in html


def test_without_the_requirement_every_fitting_solution_is_listed(
    client_for, municipality_user, municipality_org, profile, catalog
):
    variant(profile, "Parkleitsystem Irland", hosting="other")
    response = page(client_for(municipality_user), make_need(municipality_org))
    assert "Parkleitsystem Irland" in [r.solution.title for r in response.context["results"]]
    assert "Ihre Vorgaben" not in response.content.decode()  # nothing required, nothing checked


def test_budget_is_checked_against_the_price_from(
    client_for, municipality_user, municipality_org, profile, catalog
):
    variant(profile, "Parkleitsystem teuer", price_min=Decimal("12000"))
    variant(profile, "Parkleitsystem günstig", price_min=Decimal("4500.50"))
    variant(profile, "Parkleitsystem ohne Preis")
    need = make_need(municipality_org, budget_min=Decimal("1000"), budget_max=Decimal("10000"))
    html = page(client_for(municipality_user), need).content.decode()
    assert (
        "<strong>Preis ab 12.000,00\u00a0€, über Ihrem Budget von 10.000,00\u00a0€</strong>" in html
    )
    assert "Preis ab 4.500,50\u00a0€, im Rahmen Ihres Budgets" in html
    assert "Preis nicht angegeben" in html
    assert "Budget</dt>\n  <dd>1.000,00\u00a0€ – 10.000,00\u00a0€</dd>" in html


def test_size_uses_the_towns_population_unless_the_need_gives_one(
    client_for, municipality_user, municipality_org, profile, catalog
):
    variant(profile, "Parkleitsystem klein", size_lt5k=True)
    variant(profile, "Parkleitsystem mittel", size_20k_100k=True)
    client = client_for(municipality_user)
    need = make_need(municipality_org)  # Bad Hersfeld in the factory: 20,000 inhabitants
    html = page(client, need).content.decode()
    assert "geeignet für Kommunen Ihrer Größe (20.000–100.000 Einwohner)" in html
    assert "<strong>für andere Gemeindegrößen gedacht (unter 5.000 Einwohner)</strong>" in html
    assert "20.000 (aus dem Gemeindeverzeichnis)" in html

    need.population = 1_200  # one village of the town
    need.save()
    html = page(client, need).content.decode()
    assert "geeignet für Kommunen Ihrer Größe (unter 5.000 Einwohner)" in html
    assert "für andere Gemeindegrößen gedacht (20.000–100.000 Einwohner)" in html
    assert "1.200</dd>" in html


def test_the_need_form_takes_the_population_and_refuses_a_negative_one(
    client_for, municipality_user
):
    client = client_for(municipality_user)
    data = {
        "title": "Parkleitsystem",
        "description": "Freie Plätze anzeigen",
        "visibility": "private",
    }
    response = client.post("/vorhaben/neu/", {**data, "population": "-5"})
    assert response.status_code == 200 and not Need.objects.exists()
    assert "Ensure this value is greater than or equal to 0." not in response.content.decode()
    assert "größer oder gleich 0" in response.content.decode()
    client.post("/vorhaben/neu/", {**data, "population": "3400"})
    assert Need.objects.get().population == 3400


def test_a_watched_need_is_not_alerted_about_solutions_hosted_elsewhere(
    municipality_user, municipality_org, profile, catalog, django_capture_on_commit_callbacks
):
    need = make_need(municipality_org, hosting_de_required=True)
    SavedSearch.objects.create(user=municipality_user, name=need.title, need=need)
    variant(profile, "Parkleitsystem Irland", hosting="other")
    variant(profile, "Parkleitsystem Frankfurt", hosting="de")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_all_digests() == 1
    body = mail.outbox[0].body
    assert "Parkleitsystem Frankfurt" in body and "Parkleitsystem Irland" not in body


def test_the_api_shows_the_population_of_a_public_need(client, municipality_org, parking):
    need = make_need(municipality_org, Need.Visibility.PUBLIC, population=800)
    assert client.get(f"/api/v1/needs/{need.pk}").json()["population"] == 800
