import json
from io import StringIO

import pytest
from django.core.management import call_command

from matching.analysis import analyse, split_compound, stem, synonym_map
from matching.ranking import Doc, Index


def test_compounds_are_split_into_their_parts():
    assert split_compound("parkleitsystem") == ("park", "leit", "system")
    terms = analyse("Hochwasserfrühwarnsystem")
    assert {"wass", "hochwasserfruhwarnsystem"} <= set(terms)


@pytest.mark.parametrize(("a", "b"), [("Straße", "Strasse"), ("Gießen", "Giessen")])
def test_sharp_s_and_umlaut_spellings_meet(a, b):
    assert stem(a.lower()) == stem(b.lower())


def test_thesaurus_links_everyday_words():
    synonyms = synonym_map()
    assert stem("stellplatz") in synonyms[stem("parkplatz")]
    assert stem("sturzflut") in synonyms[stem("starkregen")]


def test_ranking_uses_compound_parts_thesaurus_and_english():
    docs = [
        Doc("park", {"title": "Parkleitsystem", "summary": "Sensoren zeigen freie Stellplätze"}),
        Doc("flood", {"title": "Flood warning", "summary": "Warns of heavy rain"}, language="en"),
        Doc("forms", {"title": "Online-Formulare", "summary": "Anträge digital stellen"}),
    ]
    index = Index(docs)
    assert index.search("Wo finde ich einen Parkplatz?")[0].id == "park"
    assert index.search("flood warnings")[0].id == "flood"
    plain = Index(docs, compounds=False, thesaurus=False)
    assert plain.search("Parkplatz") == []


@pytest.mark.django_db
def test_match_command_prints_ranked_json():
    from catalog.tests.factories import SolutionFactory

    SolutionFactory(title="Parkleitsystem", summary="Freie Stellplätze in der Altstadt anzeigen")
    SolutionFactory(title="Pegelmessung", summary="Hochwasser früh erkennen")
    out = StringIO()
    call_command("match", "--title", "Parkplatzsuche", "--text", "Altstadt", "--json", stdout=out)
    results = json.loads(out.getvalue())["results"]
    assert results[0]["id"].startswith("parkleitsystem")
    assert all(isinstance(r["score"], float) for r in results)


def test_thesaurus_reaches_the_words_a_compound_is_built_from():
    from matching.analysis import query_terms

    terms = query_terms("Hochwasserwarnung")
    assert stem("hochwasser") in terms  # a sub-compound, so its synonyms apply
    docs = [Doc("pegel", {"title": "Pegelmessung", "summary": "Meldet steigende Pegel"})]
    assert Index(docs).search("Hochwasserwarnung")[0].id == "pegel"
