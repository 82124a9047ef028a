"""The index built from the database rows ranks exactly like the reference ranking, on SQLite
and on PostgreSQL.

The reference is the in-memory index the benchmark uses, built from the exchange file alone,
without any database. CI runs this file on both databases, so both rank identically.
"""

import json
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.http import QueryDict

from matching import services
from matching.ranking import Index

ROOT = Path(__file__).resolve().parents[2]
BENCH = json.loads((ROOT / "bench" / "matching-dev.json").read_text(encoding="utf-8"))
CATALOG_FILE = ROOT / "bench" / BENCH["catalog"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def dev_catalog(db):
    call_command("import_catalog", str(CATALOG_FILE), "--publish")
    call_command("rebuild_index", "--no-progress")
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from run import load_docs
    finally:
        sys.path.remove(str(ROOT / "bench"))
    return Index(load_docs(json.loads(CATALOG_FILE.read_text(encoding="utf-8"))), semantic=True)


def test_database_ranking_equals_the_reference_ranking(dev_catalog):
    """Same order and scores. The embeddings are encoded in other batches here than in the
    rebuild, which moves the last bits of a float32; the scores agree to 1e-5."""
    for need in BENCH["needs"]:
        text = f"{need['title']} {need['description']}"
        reference = dev_catalog.search(text, limit=10, feedback=True, hybrid=True)
        ranked = services.match_text(need["title"], need["description"])
        assert [r["id"] for r in ranked] == [h.id for h in reference], need["id"]
        assert [r["score"] for r in ranked] == pytest.approx(
            [h.score for h in reference], abs=1e-5
        ), need["id"]
        assert [r["direct"] for r in ranked] == [h.direct for h in reference], need["id"]


def test_search_page_finds_dev_solutions_by_paraphrase(client, dev_catalog):
    params = QueryDict("q=Parkplatz+Altstadt")
    html = client.get("/loesungen/", params)
    assert html.context["solutions"], "a paraphrased query finds solutions"
