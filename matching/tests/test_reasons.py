""" "Warum diese Lösung": whole words from the town's and the solution's texts, never stems,
compound fragments or filler words; translations only between words of the two texts; the
words marked in the solution's summary, everything else escaped (#16 item 4)."""

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from matching import analysis, glossary, reasons
from matching.models import Need

ROOT = Path(__file__).resolve().parents[2]
CATALOG = {
    s["id"]: s
    for s in json.loads((ROOT / "bench" / "matching-dev-catalog.json").read_text())["solutions"]
}
WORD = re.compile(r"[0-9a-zA-ZäöüÄÖÜß]+")

FRIEDHOF = (
    "Wildschweine auf Sportplatz und Friedhof. Seit Wochen wühlen Wildschweine nachts den "
    "Rasen um und graben zwischen den Gräbern des Friedhofs, wir möchten sie per Zaun oder "
    "Vergrämung ab sofort fernhalten."
)
PARKPLATZ = (
    "Weniger Parksuchverkehr in der Altstadt. Die Leute kurven ewig durch die Altstadt und "
    "suchen einen Parkplatz; ungenutzte Stellplätze am Rand sieht niemand. Anzeigetafeln "
    "sollen freie Plätze zeigen, Besucherinnen sollen sie per App finden."
)
HOCHWASSER = (
    "Sturzfluten im Ortsteil Kathus. Der Dorfbach ist beim letzten Starkregen in zwanzig "
    "Minuten über die Ufer getreten, es gibt keinen Landespegel und die Feuerwehr erfährt es "
    "von Anwohnern. Wir wollen die Anwohner per SMS oder App warnen."
)


def solution(key):
    s = CATALOG[key]
    return SimpleNamespace(
        title=s["title"],
        summary=s["summary"],
        description=s.get("description", ""),
        language=s.get("language", "de"),
    )


def words_of(text):
    return set(WORD.findall(text))


@pytest.mark.parametrize(
    ("need", "key", "expected"),
    [
        (FRIEDHOF, "sol-friedhof", ["Friedhof", "Gräbern"]),  # not the verb "graben"
        (PARKPLATZ, "sol-parkleitsystem", ["Parksuchverkehr", "Parkplatz", "Stellplätze",
                                           "Anzeigetafeln", "Plätze", "App"]),
        (HOCHWASSER, "sol-hochwasser", ["Dorfbach", "Starkregen", "Feuerwehr",
                                        "Anwohnern", "SMS", "App"]),
    ],
)  # fmt: skip
def test_reasons_are_whole_words_of_the_towns_text(need, key, expected):
    assert reasons.reason_words(None, need, solution(key)) == expected


@pytest.mark.parametrize("need", [FRIEDHOF, PARKPLATZ, HOCHWASSER])
def test_no_stem_fragment_stop_or_filler_word_for_any_solution(need):
    """Across the whole dev catalog: every reason is a word of the town's text (a pair's second
    word one of the solution's), a noun in German, and never a stop or filler word."""
    need_words = words_of(need)
    named = []
    for key in CATALOG:
        sol = solution(key)
        solution_words = words_of(f"{sol.title} {sol.summary} {sol.description}")
        for reason in reasons.reason_words(None, need, sol):
            own, _, theirs = reason.partition(reasons.PAIR)
            assert own in need_words, reason
            assert own[0].isupper(), reason
            assert not theirs or theirs in solution_words, reason
            named.append(own.lower())
    assert named  # the check above saw reasons
    for bad in ["fried", "hofs", "unge", "innen", "lagen", "landes", "per", "ab", "möchten",
                "minuten", "zeit", "sehen", "gehen", "graben", "weniger", "suchen"]:  # fmt: skip
        assert bad not in named, bad
    assert all(analysis.stem(w) not in reasons.FILLER for w in named)


SAMPLE = """\
Heizung {f}; Beheizung {f} [techn.] | Heizungen {pl} :: heating; heating system | heatings
Herbst {m} :: autumn; fall
Hochwasser {n} :: flood
"""


@pytest.fixture
def sample_glossary(settings, tmp_path):
    source = tmp_path / "de-en"
    source.write_text(SAMPLE, encoding="utf-8")
    settings.VAR_DIR = tmp_path

    def clear():
        for cached in (
            glossary._trie,
            glossary.translations,
            reasons._is_word,
            reasons._forms,
            reasons._vocabulary_stems,
        ):
            cached.cache_clear()

    clear()
    glossary.build(source)
    yield
    clear()


def test_a_translation_is_named_only_between_words_of_the_two_texts(sample_glossary):
    need = "Die Heizung im Gemeinschaftshaus läuft im Herbst die ganze Woche."
    heating = SimpleNamespace(
        title="Room-by-room heating control",
        summary="Smart radiator valves heat halls only when they are booked.",
        description="",
        language="en",
    )
    assert reasons.reason_words(None, need, heating) == ["Heizung ↔ heating"]
    valves = SimpleNamespace(
        title="Radiator valves", summary="Valves for town halls.", description="", language="en"
    )
    assert reasons.reason_words(None, need, valves) == []  # no translation in its text
    # A German text that happens to hold an English translation's spelling ("Fall", a case)
    # is no translation: German needs and German solutions share words, not translations.
    german = SimpleNamespace(
        title="Fallmanagement", summary="Jeder Fall an einem Ort.", description="", language="de"
    )
    assert reasons.reason_words(None, need, german) == []
    english_need = "Flood warning for the brook in our village"
    hochwasser = SimpleNamespace(
        title="Hochwasser-Frühwarnsystem", summary="Pegelsensoren.", description="", language="de"
    )
    assert reasons.reason_words(None, english_need, hochwasser) == ["Flood ↔ Hochwasser"]


def test_the_summary_marks_the_reasons_and_escapes_everything_else():
    html = reasons.highlighted(
        "<script>alert(1)</script> Friedhofsverwaltung & Grabstellen für den Friedhof",
        ["Friedhof", "Gräber ↔ Grabstellen"],
    )
    assert html == (
        "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Friedhofsverwaltung</mark> &amp; "
        "<mark>Grabstellen</mark> für den <mark>Friedhof</mark>"
    )


@pytest.mark.django_db
def test_need_page_marks_the_words_in_an_escaped_summary(
    client_for, municipality_user, municipality_org, catalog
):
    from catalog.tests.factories import SolutionFactory

    SolutionFactory(
        title="Friedhofsverwaltung mit Grabstellenplan",
        summary='Grabstellen <b onclick="x()">digital</b> & Friedhof im Plan.',
        description="Ruhefristen und Nutzungsrechte aller Gräber im Friedhof.",
    )
    need = Need.objects.create(
        organisation=municipality_org,
        title="Friedhofsverwaltung ohne Karteikarten",
        description="Wir führen Grabstellen, Ruhefristen und Nutzungsrechte auf Karteikarten.",
    )
    html = client_for(municipality_user).get(need.get_absolute_url()).content.decode()
    assert (
        "passende Begriffe: Friedhofsverwaltung, Grabstellen, Ruhefristen, Nutzungsrechte" in html
    )
    assert (
        "<p><mark>Grabstellen</mark> &lt;b onclick=&quot;x()&quot;&gt;digital&lt;/b&gt; &amp; "
        "<mark>Friedhof</mark> im Plan.</p>"
    ) in html
    assert "<b onclick" not in html
