"""390 px (#16 item 12): a menu button in the header and a "Filter" toggle on the search page,
both <details> (no JavaScript); amounts take a German comma wherever money is entered."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import Solution, Topic
from catalog.tests.factories import ProviderProfileFactory
from core.forms import parse_german_decimal
from matching.models import Need
from partnerships.models import BudgetLine

pytestmark = pytest.mark.django_db


def test_header_links_sit_in_a_menu_button(client_for, municipality_user):
    html = client_for(municipality_user).get("/").content.decode()
    header = html.split('<header class="sr-header">')[1].split("</header>")[0]
    toggle = '<details class="sr-menu"><summary class="sr-menu__button">Menü</summary></details>'
    assert header.index('class="sr-brand"') < header.index(toggle)
    # What the toggle shows and hides on a narrow screen follows it (app.css).
    links = header.split(toggle)[1]
    assert links.lstrip().startswith('<div class="sr-menu__content">')
    assert '<a href="/loesungen/">Lösungen</a>' in links
    assert ">Abmelden</button>" in links


def test_search_filters_fold_into_a_toggle_below_the_search_box(client):
    html = client.get("/loesungen/").content.decode()
    assert '<details class="sr-filters"><summary>Filter</summary></details>' in html
    filters = html.split('<div class="sr-filter-groups">')[1].split("</form>")[0]
    assert "<legend>Handlungsfelder</legend>" in filters
    assert ">Filter anwenden</span></button>" in filters
    assert html.index('id="id_q"') < html.index('<details class="sr-filters">')
    assert "Results come first" not in html  # the template's note stays a comment


def test_filter_toggle_stays_open_after_a_filter_change(client):
    html = client.get("/loesungen/", {"topic": "wasser"}, HTTP_HX_REQUEST="true").content.decode()
    assert '<details class="sr-filters" open><summary>Filter</summary></details>' in html


@pytest.mark.parametrize(
    "typed, amount",
    [
        ("3790,50", "3790.50"),
        ("3.790,50", "3790.50"),
        ("3790.50", "3790.50"),
        ("3.790", "3790"),
        ("1.234.567,89", "1234567.89"),
        ("25 000 €", "25000"),
    ],
)
def test_german_amounts_are_read(typed, amount):
    assert parse_german_decimal(typed) == Decimal(amount)


@pytest.mark.parametrize("typed", ["drei", "3,790,50", "12.34.5", "3.79,5", "1e5", "NaN", "-"])
def test_other_text_is_not_an_amount(typed):
    assert parse_german_decimal(typed) is None


def test_need_budget_takes_a_german_comma(client_for, municipality_user):
    client = client_for(municipality_user)
    form = client.get("/vorhaben/neu/").content.decode()
    assert re.search(r'<input type="text" name="budget_min" inputmode="decimal"', form)
    response = client.post(
        "/vorhaben/neu/",
        {
            "title": "Parken",
            "description": "Parkplatzsuche",
            "budget_min": "3790,50",
            "budget_max": "25.000",
            "visibility": "private",
        },
    )
    assert response.status_code == 302
    need = Need.objects.get()
    assert (need.budget_min, need.budget_max) == (Decimal("3790.50"), Decimal("25000"))


def test_need_budget_in_words_gets_a_german_error_and_saves_nothing(client_for, municipality_user):
    response = client_for(municipality_user).post(
        "/vorhaben/neu/",
        {"title": "Parken", "description": "P", "budget_min": "drei", "visibility": "private"},
    )
    assert response.status_code == 200
    assert (
        "Bitte geben Sie eine Zahl ein, z. B. 3790,50 oder 3.790,50." in response.content.decode()
    )
    assert not Need.objects.exists()


def test_solution_price_takes_a_german_comma_and_shows_it_again(
    client_for, provider_user, provider_org
):
    ProviderProfileFactory(organisation=provider_org)
    client = client_for(provider_user)
    response = client.post(
        "/anbieter/konto/loesungen/neu/",
        {
            "title": "Sensor",
            "summary": "Kurz.",
            "topics": [Topic.objects.get(slug="wasser").pk],
            "maturity": "pilot",
            "language": "de",
            "price_min": "3.790,50",
            "price_max": "12000,5",
        },
    )
    assert response.status_code == 302
    solution = Solution.objects.get(title="Sensor")
    assert (solution.price_min, solution.price_max) == (Decimal("3790.50"), Decimal("12000.5"))
    form = client.get(f"/loesungen/{solution.slug}/bearbeiten/").content.decode()
    assert re.search(r'name="price_min" value="3790,50"', form)


def test_partnership_budget_line_takes_a_german_comma(
    client_for, municipality_user, municipality_org
):
    from partnerships.tests.factories import PartnershipFactory

    partnership = PartnershipFactory(municipality=municipality_org)
    response = client_for(municipality_user).post(
        reverse("partnerships:budget_add", args=[partnership.pk]),
        {"budget-description": "Sensoren", "budget-amount": "3790,50"},
    )
    assert response.status_code == 302
    assert BudgetLine.objects.get(partnership=partnership).amount == Decimal("3790.50")
