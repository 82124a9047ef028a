"""A small catalog: a parking solution hosted in Germany and a rival hosted elsewhere, and a
town's need (hosting in Germany required, budget 50,000 €) that both match."""

from decimal import Decimal

import pytest

from catalog.models import Hosting
from catalog.tests.factories import ProviderProfileFactory, SolutionFactory
from explorations import services
from matching.models import Need

OTHERS = [
    ("Online-Terminvergabe", "Bürgerinnen buchen Termine im Bürgerbüro online."),
    ("Pegelmessung", "Sensoren messen Wasserstände und warnen vor Hochwasser."),
    ("Waldbrand-Kamera", "Kameras erkennen Rauch im Wald früh."),
    ("Smarte Mülltonnen", "Füllstandssensoren planen die Leerung der Abfallbehälter."),
    ("Beteiligungsplattform", "Umfragen und Ideen der Bürgerschaft digital sammeln."),
    ("Straßenbeleuchtung", "LED-Laternen dimmen nachts und sparen Energie."),
]
PARKING = {
    "summary": "Sensoren erfassen jeden Stellplatz, Anzeigetafeln lenken zu freien Parkplätzen.",
    "description": "Weniger Parksuchverkehr in der Altstadt, weil niemand mehr kreisen muss.",
}


@pytest.fixture
def catalog(db):
    for title, summary in OTHERS:
        SolutionFactory(title=title, summary=summary)


@pytest.fixture
def parking(catalog, provider_org):
    profile = ProviderProfileFactory(organisation=provider_org, website="https://parksense.example")
    return SolutionFactory(
        provider=profile,
        title="Parkleitsystem mit Bodensensoren",
        hosting=Hosting.DE,
        price_min=Decimal("4800.00"),
        oss_license="EUPL-1.2",
        **PARKING,
    )


@pytest.fixture
def rival(catalog, other_provider_org):
    profile = ProviderProfileFactory(organisation=other_provider_org)
    return SolutionFactory(
        provider=profile,
        title="Parkraum-App mit Sensoren",
        hosting=Hosting.OTHER,
        price_min=Decimal("900.00"),
        **PARKING,
    )


@pytest.fixture
def need(municipality_org, municipality_user, parking, rival):
    return Need.objects.create(
        organisation=municipality_org,
        author=municipality_user,
        title="Parkleitsystem mit Sensoren für freie Parkplätze",
        description="Sensoren sollen jeden Stellplatz erfassen, Anzeigetafeln sollen zu freien "
        "Parkplätzen lenken: weniger Parksuchverkehr in der Altstadt.",
        hosting_de_required=True,
        budget_max=Decimal("50000.00"),
        time_frame="ab 01.03.2027",
    )


@pytest.fixture
def record(need, municipality_user):
    return services.freeze_need_matches(actor=municipality_user, need=need)
