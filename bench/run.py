"""Matching benchmark (`make bench`): quality on the dev set, as a printed table.

Our method (compound splitting, thesaurus, German-English glossary, field weights, boosts,
pseudo-relevance feedback, hybrid with multilingual sentence embeddings) against a plain BM25
baseline (German Snowball stemming only) in the same run, with the two halves of our hybrid
on their own for comparison. Metrics: nDCG@10, Recall@5, MRR.
"""

import json
import math
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartregion.settings")

import django  # noqa: E402

django.setup()

from matching.ranking import Doc, Index  # noqa: E402


def load_docs(catalog):
    from importlib import import_module

    names = {
        slug: name
        for slug, name, _en in import_module("catalog.migrations.0002_seed_topics").TOPICS
    }
    docs = []
    for s in catalog["solutions"]:
        tags = " ".join([names.get(t, t) for t in s.get("topics", [])] + s.get("standards", []))
        docs.append(
            Doc(
                id=s["id"],
                fields={"title": s["title"], "summary": s["summary"], "tags": tags,
                        "description": s.get("description", "")},
                language=s.get("language", "de"),
                maturity=s.get("maturity", "market_ready"),
            )
        )  # fmt: skip
    return docs


def metrics(index, needs, feedback, hybrid=False):
    ndcg = recall = mrr = 0.0
    judged = [n for n in needs if n["relevant"]]
    for need in judged:
        text = f"{need['title']} {need['description']}"
        hits = [h.id for h in index.search(text, limit=10, feedback=feedback, hybrid=hybrid)]
        rel = need["relevant"]
        dcg = sum((2 ** rel.get(h, 0) - 1) / math.log2(i + 2) for i, h in enumerate(hits))
        ideal = sorted(rel.values(), reverse=True)[:10]
        idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
        ndcg += dcg / idcg
        recall += len([h for h in hits[:5] if h in rel]) / len(rel)
        mrr += next((1 / (i + 1) for i, h in enumerate(hits) if h in rel), 0)
    n = len(judged)
    return ndcg / n, recall / n, mrr / n


def main():
    bench = json.loads((ROOT / "bench" / "matching-dev.json").read_text())
    catalog = json.loads((ROOT / "bench" / bench["catalog"]).read_text())
    ours = Index(load_docs(catalog), semantic=True)
    baseline = Index(
        load_docs(catalog), compounds=False, thesaurus=False, glossary=False, boosts=False
    )
    semantic_only = Index(load_docs(catalog), semantic=True)
    semantic_only.postings = {}  # no word matches: ranked by the embeddings alone
    rows = [
        ("ours (hybrid)", *metrics(ours, bench["needs"], feedback=True, hybrid=True)),
        ("BM25 baseline", *metrics(baseline, bench["needs"], feedback=False)),
        ("ours lexical", *metrics(ours, bench["needs"], feedback=True)),
        ("embeddings", *metrics(semantic_only, bench["needs"], feedback=False, hybrid=True)),
    ]
    print(
        f"Matching quality on {len(bench['needs'])} dev needs "
        f"({sum(1 for n in bench['needs'] if n['relevant'])} with relevant solutions)"
    )
    print(f"{'method':<16}{'nDCG@10':>10}{'Recall@5':>10}{'MRR':>8}")
    for name, ndcg, rec, mrr in rows:
        print(f"{name:<16}{ndcg:>10.3f}{rec:>10.3f}{mrr:>8.3f}")
    print(
        f"ratio nDCG@10 ours / baseline: {rows[0][1] / rows[1][1]:.2f}  (targets: ≥ 0.85, ≥ 1.25)"
    )


if __name__ == "__main__":
    main()
