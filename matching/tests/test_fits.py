""" "Passt" (matching.services.fits) on the dev catalog: a solution that solves the need fits,
an absurd one does not — whatever words the two happen to share."""

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from bench.run import load_docs
from matching import services
from matching.ranking import Doc, Index

ROOT = Path(__file__).resolve().parents[2]
CATALOG = json.loads((ROOT / "bench" / "matching-dev-catalog.json").read_text(encoding="utf-8"))

FRIEDHOF = (
    "Friedhofsverwaltung ohne Karteikarten. Wir führen unsere Grabstellen, Ruhefristen und "
    "Nutzungsrechte noch auf Karteikarten und wollen sie digital verwalten."
)
STURZFLUT = (
    "Sturzfluten im Ortsteil. Der Dorfbach ist beim letzten Starkregen in zwanzig Minuten über "
    "die Ufer getreten, es gibt keinen Pegel des Landes und die Feuerwehr erfährt es von "
    "Anwohnern. Wir wollen die Anwohner per SMS oder App warnen."
)
STANDESAMT = (
    "Termine im Standesamt online buchen. Im Standesamt klingelt ständig das Telefon. "
    "Bürgerinnen sollen freie Termine online buchen können, eine Erinnerung per E-Mail "
    "bekommen und sehen, welche Unterlagen sie mitbringen müssen."
)
WILDSCHWEINE = (
    "Wildschweine auf dem Sportplatz. Seit Wochen wühlen Wildschweine nachts den Rasen des "
    "Sportplatzes um, der Verein kann nicht mehr trainieren. Wir suchen einen Weg, die Tiere "
    "fernzuhalten."
)


@pytest.fixture(scope="module")
def dev_index():
    return Index(load_docs(CATALOG), semantic=True)


def hits(index, text):
    """Every solution of the catalog as a hit, best first."""
    return {h.id: h for h in index.search(text, limit=len(index), feedback=True, hybrid=True)}


@pytest.mark.parametrize(
    ("need", "solution"),
    [(FRIEDHOF, "sol-friedhof"), (STURZFLUT, "sol-hochwasser"), (STANDESAMT, "sol-termin")],
)
def test_the_solution_that_solves_the_need_ranks_first_and_fits(dev_index, need, solution):
    ranked = hits(dev_index, need)
    assert next(iter(ranked)) == solution
    assert services.fits(ranked[solution])


@pytest.mark.parametrize(
    ("need", "solution"),
    [
        (WILDSCHWEINE, "sol-friedhof"),  # grave administration for wild boars
        (STANDESAMT, "sol-ondemand"),  # an on-demand bus for a registry office
        (STURZFLUT, "sol-waldbrand"),  # forest-fire cameras for flooding
    ],
)
def test_an_absurd_solution_does_not_fit(dev_index, need, solution):
    assert not services.fits(hits(dev_index, need)[solution])


def test_a_need_outside_the_catalog_gets_nothing_that_fits(dev_index):
    top = dev_index.search(WILDSCHWEINE, limit=10, feedback=True, hybrid=True)
    assert len(top) == 10
    assert [h.id for h in top if services.fits(h)] == []


def test_lower_ranks_need_more_evidence():
    first = SimpleNamespace(standout=3.0, coverage=0.1, rank=0)
    assert services.fits(first)
    assert not services.fits(SimpleNamespace(standout=3.0, coverage=0.1, rank=5))


def test_coverage_counts_the_needs_words_no_solution_contains():
    index = Index(
        [
            Doc(id="graves", fields={"title": "Friedhofsverwaltung", "summary": "Grabstellen"}),
            Doc(id="dogs", fields={"title": "Hundesteuer", "summary": "Hunde anmelden"}),
        ]
    )
    alone = index.search("Friedhofsverwaltung", limit=1)[0]
    assert alone.id == "graves" and alone.coverage == pytest.approx(1.0)
    with_boars = index.search("Friedhofsverwaltung Wildschweine", limit=1)[0]
    assert with_boars.id == "graves" and with_boars.coverage < 0.5
