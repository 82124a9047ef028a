"""Fixtures of the workflow tests (shortlist, challenges, alerts): a small realistic
catalog with one parking solution, and a town's need that it matches."""

import pytest

from catalog.tests.factories import ProviderProfileFactory, SolutionFactory
from matching.models import Need

OTHERS = [
    ("Online-Terminvergabe", "Bürgerinnen buchen Termine im Bürgerbüro online."),
    ("Pegelmessung", "Sensoren messen Wasserstände und warnen vor Hochwasser."),
    ("Waldbrand-Kamera", "Kameras erkennen Rauch im Wald früh."),
    ("Smarte Mülltonnen", "Füllstandssensoren planen die Leerung der Abfallbehälter."),
    ("Beteiligungsplattform", "Umfragen und Ideen der Bürgerschaft digital sammeln."),
    ("Straßenbeleuchtung", "LED-Laternen dimmen nachts und sparen Energie."),
    ("Schul-WLAN", "Funknetz und Geräteverwaltung für Schulen."),
    ("Leerstandsmelder", "Leere Läden in der Innenstadt erfassen und vermitteln."),
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
def profile(provider_org):
    return ProviderProfileFactory(organisation=provider_org)


@pytest.fixture
def other_profile(other_provider_org):
    return ProviderProfileFactory(organisation=other_provider_org)


@pytest.fixture
def parking(catalog, profile):
    return SolutionFactory(provider=profile, title="Parkleitsystem mit Bodensensoren", **PARKING)


@pytest.fixture
def rival_parking(catalog, other_profile):
    return SolutionFactory(provider=other_profile, title="Parkraum-App mit Sensoren", **PARKING)


def make_need(organisation, visibility=Need.Visibility.PRIVATE, **kwargs):
    fields = {
        "title": "Parkleitsystem mit Sensoren für freie Parkplätze",
        "description": "Sensoren sollen jeden Stellplatz erfassen, Anzeigetafeln sollen zu freien "
        "Parkplätzen lenken: weniger Parksuchverkehr in der Altstadt.",
        **kwargs,
    }
    return Need.objects.create(organisation=organisation, visibility=visibility, **fields)


@pytest.fixture
def need(municipality_org, parking):
    return make_need(municipality_org)


@pytest.fixture
def public_need(municipality_org, parking):
    return make_need(municipality_org, Need.Visibility.PUBLIC)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run on_commit callbacks (the e-mails of notify) inside the test transaction."""
    return django_capture_on_commit_callbacks
