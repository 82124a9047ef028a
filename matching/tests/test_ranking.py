"""BM25F field weights and boosts, the evaluation interface's shape, and the thesaurus file."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from matching.analysis import stem, synonym_map
from matching.ranking import Doc, Index

FILLER = "Kommunen nutzen die Anwendung im Alltag"


def doc(key, field=None, **kwargs):
    """A document with the word "Zisterne" in one field (or none) and the same filler in all."""
    fields = dict.fromkeys(("title", "summary", "tags", "description"), FILLER)
    if field:
        fields[field] = f"Zisterne {FILLER}"
    return Doc(key, fields, **kwargs)


def test_title_outweighs_summary_outweighs_topics_outweighs_description():
    docs = [doc(f, f) for f in ("description", "tags", "title", "summary")] + [doc("none")]
    hits = Index(docs).search("Zisterne")
    assert [h.id for h in hits] == ["title", "summary", "tags", "description"]


def test_verified_references_and_maturity_lift_an_otherwise_equal_solution():
    index = Index(
        [
            doc("concept", "title", maturity="concept"),
            doc("pilot", "title", maturity="pilot"),
            doc("ready", "title", maturity="market_ready"),
            doc("ready+2 references", "title", maturity="market_ready", verified_references=2),
        ]
    )
    hits = index.search("Zisterne")
    assert [h.id for h in hits] == ["ready+2 references", "ready", "pilot", "concept"]
    assert hits[0].score == pytest.approx(hits[1].score * 1.10)  # +5 % per reference
    assert hits[1].score == pytest.approx(hits[3].score * 1.04 / 0.98)


def test_references_beyond_four_add_nothing():
    index = Index(
        [doc("four", "title", verified_references=4), doc("nine", "title", verified_references=9)]
    )
    first, second = index.search("Zisterne")
    assert first.score == second.score


def test_the_thesaurus_file_links_maengelmelder_and_schadensmeldung():
    assert stem("schadensmeldung") in synonym_map()[stem("mängelmelder")]
    docs = [
        Doc("report", {"title": "Schadensmeldung per App", "summary": "Bürger melden Schäden"}),
        Doc("other", {"title": "Ratsinformationssystem", "summary": "Sitzungen digital"}),
    ]
    hit = Index(docs).search("Mängelmelder")[0]
    assert hit.id == "report" and "schadensmeldung ≈ mängelmelder" in hit.matched


@pytest.mark.django_db
def test_match_command_prints_exactly_ids_and_scores_and_honours_the_limit():
    from catalog.tests.factories import SolutionFactory

    for title in ("Parkleitsystem", "Parkhaus-App", "Parkraumkamera", "Pegelmessung"):
        SolutionFactory(title=title, summary="Freie Stellplätze und Pegel in der Altstadt")
    out = StringIO()
    call_command("match", "--title", "Parkplatz", "--limit", "2", "--json", stdout=out)
    payload = json.loads(out.getvalue())
    assert set(payload) == {"results"} and len(payload["results"]) == 2
    assert all(set(r) == {"id", "score"} for r in payload["results"])
    scores = [r["score"] for r in payload["results"]]
    assert scores == sorted(scores, reverse=True)


def _numbered_catalog():
    """Six documents with integer ids (primary keys); "Zisterne" in four, ties on the score."""
    fields = [("title", 11), ("title", 3), ("summary", 7), ("description", 5), (None, 9)]
    docs = [doc(f"z{pk:02d}", field) for field, pk in fields] + [doc("z01", "title")]
    for d, pk in zip(docs, [11, 3, 7, 5, 9, 1], strict=True):
        d.id, d.key = pk, f"z{pk:02d}"
    return Index(docs)


def test_the_relevance_order_is_lazy_and_equals_the_full_sort():
    index = _numbered_catalog()
    full = [pk for pk, _score in index.ranked("Zisterne")]
    # Three titles tie: their public ids decide (z01, z03, z11), then summary, description.
    assert full == [1, 3, 11, 7, 5]
    order = index.ranked_ids("Zisterne")
    assert len(order) == 5
    assert order[:2] == [1, 3]  # a first page sorts only what it shows
    assert order[3] == 7 and order[-1] == 5
    assert list(order) == full
    assert order[2:10] == [11, 7, 5]
    with pytest.raises(IndexError):
        order[5]


def test_keep_limits_the_order_to_the_given_ids():
    index = _numbered_catalog()
    assert list(index.ranked_ids("Zisterne", keep={5, 11, 9, 404})) == [11, 5]
    assert index.ranked("Zisterne", keep={7}) == [(7, index.ranked("Zisterne")[3][1])]
    assert list(index.ranked_ids("Zisterne", keep=set())) == []


def test_postings_name_the_documents_holding_a_term():
    index = _numbered_catalog()
    numbers, tfs = index.postings[stem("zisterne")]
    assert index.ids_of(numbers) == [11, 3, 7, 5, 1]  # document order, ascending numbers
    assert tfs.tolist() == [3.0, 3.0, 2.0, 1.0, 3.0]  # the field weights: title 3, summary 2
    assert stem("zisterne") in index.postings and "regenwasser" not in index.postings
