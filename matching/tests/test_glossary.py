"""German-English glossary (query translation) and pseudo-relevance feedback for needs."""

import pytest
from django.core.management import CommandError, call_command

from matching import analysis, glossary
from matching.ranking import Doc, Index

SAMPLE = """\
# Version :: test
Heizung {f}; Beheizung {f} [techn.] | Heizungen {pl} :: heating; heating system | heatings
Unterführung {f} | Unterführungen {pl} :: underpass; subway | underpasses; subways
Starkregen {m} :: heavy rain
Dolmetscher {m}; Dolmetscherin {f} :: interpreter
Keller {m} | Keller {pl} :: cellar; basement | cellars
eine Sache abstellen :: to stop sth.
Ausländerbehörde {f} | zwei Sinne :: immigration office
"""


@pytest.fixture
def sample_glossary(settings, tmp_path):
    source = tmp_path / "de-en"
    source.write_text(SAMPLE, encoding="utf-8")
    settings.VAR_DIR = tmp_path
    glossary._trie.cache_clear()
    glossary.translations.cache_clear()
    glossary.build(source)
    yield source
    glossary._trie.cache_clear()
    glossary.translations.cache_clear()


def words(stem):
    return [word for _stem, word in glossary.translations(stem)]


def test_one_word_headwords_map_to_one_word_translations(sample_glossary):
    assert words(analysis.stem("heizung")) == ["heating"]  # "heating system": two words
    assert words(analysis.stem("beheizung")) == ["heating"]
    assert words(analysis.stem("unterführung")) == ["underpass", "subway"]
    assert words(analysis.stem("dolmetscher")) == ["interpreter"]
    assert words(analysis.stem("keller")) == ["cellar", "basement"]


def test_phrases_and_misaligned_lines_are_left_out(sample_glossary):
    assert glossary.translations(analysis.stem("starkregen")) == ()  # "heavy rain"
    assert glossary.translations(analysis.stem("abstellen")) == ()  # German side a phrase
    assert glossary.translations(analysis.stem("ausländerbehörde")) == ()  # 2 senses vs 1


def test_translations_are_added_at_half_weight_with_the_query_word(sample_glossary):
    terms = analysis.query_terms("Heizung")
    expanded = glossary.expand_labelled(terms)
    assert expanded["heat"] == (0.5, "heating ≈ heizung")
    # only the translation is new; the German word's own English stem (0.5) is not translated
    assert set(expanded) - set(terms) == {"heat"}


def test_no_glossary_file_means_no_translation(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    glossary._trie.cache_clear()
    glossary.translations.cache_clear()
    try:
        assert glossary.translations(analysis.stem("heizung")) == ()
        terms = analysis.query_terms("Heizung")
        assert glossary.expand_labelled(terms) == terms
    finally:
        glossary._trie.cache_clear()
        glossary.translations.cache_clear()


def english_catalog():
    docs = [
        ("heating", "Room-by-room heating control", "Smart radiator valves for town halls.", "en"),
        ("flood", "Underpass flooding alarm", "A water sensor closes barriers.", "en"),
        ("bus", "Rufbus für Dörfer", "Kleinbusse fahren auf Bestellung.", "de"),
    ]
    return [
        Doc(id=key, key=key, language=lang, fields={"title": title, "summary": summary})
        for key, title, summary, lang in docs
    ]


def test_a_german_need_finds_an_english_solution_through_the_glossary(sample_glossary):
    text = "Die Heizung im Gemeinschaftshaus läuft die ganze Woche"
    with_glossary = Index(english_catalog())
    without = Index(english_catalog(), glossary=False)
    hits = with_glossary.search(text)
    assert [h.id for h in hits] == ["heating"]
    assert "heating ≈ heizung" in hits[0].matched  # the reason names the town's word
    assert without.search(text) == []


@pytest.mark.django_db
def test_the_search_box_finds_english_solutions_for_german_words(client, sample_glossary):
    from catalog.tests.factories import SolutionFactory

    SolutionFactory(title="Room-by-room heating control", summary="Radiator valves.", language="en")
    SolutionFactory(title="Rufbus", summary="Kleinbusse auf Bestellung.")
    response = client.get("/loesungen/", {"q": "Heizung"})
    assert [s.title for s in response.context["solutions"]] == ["Room-by-room heating control"]
    assert response.context["text_fallback"] is False


def test_build_glossary_command(sample_glossary, settings, tmp_path):
    target = glossary.glossary_path()
    target.unlink()
    call_command("build_glossary", "--if-missing", "--source", str(sample_glossary))
    assert target.exists()
    with pytest.raises(CommandError, match="trans-de-en"):
        call_command("build_glossary", "--source", str(tmp_path / "missing"))


def feedback_catalog():
    texts = {
        "sensor": ("Pegelsensor am Bach", "Der Pegelsensor misst den Wasserstand im Bach."),
        "alarm": ("Warnsystem Wasserstand", "Sirene und Warnung bei hohem Wasserstand."),
        "bus": ("Rufbus", "Kleinbusse fahren auf Bestellung."),
    }
    return [
        Doc(id=key, key=key, fields={"title": title, "summary": summary})
        for key, (title, summary) in texts.items()
    ]


def test_feedback_ranks_a_solution_that_shares_the_top_hits_vocabulary(sample_glossary):
    index = Index(feedback_catalog(), thesaurus=False)
    text = "Der Bach in unserem Dorf, wir brauchen einen Pegelsensor"
    plain = index.search(text)
    assert [h.id for h in plain] == ["sensor"]
    with_feedback = index.search(text, feedback=True)
    assert [h.id for h in with_feedback] == ["sensor", "alarm"]  # via "wasserstand"
    alarm = with_feedback[1]
    assert alarm.direct == 0.0 and alarm.score > 0  # found only through feedback terms
    assert alarm.matched == []  # no word of the town's text is claimed as a reason
    assert with_feedback[0].direct == plain[0].score


def test_english_search_words_are_translated_back_to_german(sample_glossary):
    assert glossary.german("underpass") == (analysis.stem("unterführung"),)
    assert set(glossary.german("heating")) == {analysis.stem("heizung"), analysis.stem("beheizung")}
    assert glossary.german("Keller") == ()  # a German word keeps its German meaning
    terms = glossary.expand_english(analysis.query_terms("underpass"), "underpass")
    assert terms[analysis.stem("unterführung")] == (0.5, "unterfuhr ≈ underpass")
