"""H2 (security review 2026-12): one long word or a huge text must not cost seconds of CPU.

Compound splitting is quadratic in the word's length, so words longer than a real compound
are kept whole, and every free text an anonymous user can send or store is bounded."""

import json
import random
import string

import pytest

from matching import analysis
from matching.models import Need


def _word(length, seed=15):
    rng = random.Random(seed)
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(length))


@pytest.fixture
def split_calls(monkeypatch):
    """The words handed to the CharSplit model (cheap stand-in: nothing splits)."""
    calls = []

    def fake(word):
        calls.append(word)
        return [(0, word.title(), word.title())]

    monkeypatch.setattr(analysis.compounds, "split_compound", fake)
    analysis.split_compound.cache_clear()
    yield calls
    analysis.split_compound.cache_clear()


def test_a_20000_letter_word_is_analysed_whole_without_splitting(split_calls):
    word = _word(20000)
    assert analysis.analyse(word) == {analysis.stem(word): 1.0}
    assert len(analysis.query_terms(word)) == 2  # the German and the English stem, no parts
    assert analysis.term_list(word) == [analysis.stem(word)]
    assert split_calls == []


def test_words_up_to_the_longest_real_compound_are_still_split(split_calls):
    compound = "rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz"
    analysis.analyse(compound)
    analysis.analyse(_word(analysis.MAX_COMPOUND + 1))
    assert split_calls == [compound]


@pytest.mark.django_db
def test_search_page_refuses_a_4000_letter_query_with_a_german_error(client, split_calls):
    response = client.get("/loesungen/", {"q": _word(4000)})
    assert response.status_code == 200
    assert "höchstens 200 Zeichen" in response.content.decode()
    assert split_calls == []


@pytest.mark.django_db
def test_api_search_refuses_a_3000_letter_query(client):
    response = client.get("/api/v1/solutions", {"q": "e" * 3000})
    assert response.status_code == 422


@pytest.mark.django_db
def test_api_match_refuses_a_20000_letter_word(client, split_calls):
    body = {"title": "x", "description": _word(20000)}
    response = client.post("/api/v1/match", json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert split_calls == []


def test_a_need_description_of_one_megabyte_is_refused_in_german(client_for, municipality_user):
    response = client_for(municipality_user).post(
        "/vorhaben/neu/",
        {"title": "Parken", "description": "Parkplatz " * 100_000, "visibility": "private"},
    )
    assert response.status_code == 200
    assert "höchstens 4000 Zeichen" in response.content.decode()
    assert not Need.objects.exists()


@pytest.mark.django_db
def test_an_overlong_query_is_not_logged(client):
    from matching.models import SearchLog

    client.get("/loesungen/", {"q": _word(4000)})
    assert not SearchLog.objects.exists()
