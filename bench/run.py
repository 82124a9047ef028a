"""Matching benchmark (`make bench`): quality on the dev set, as a printed table.

Our method (compound splitting, thesaurus, German-English glossary, field weights, boosts,
pseudo-relevance feedback, hybrid with multilingual sentence embeddings) against a plain BM25
baseline (German Snowball stemming only) in the same run, with the two halves of our hybrid
on their own for comparison. Metrics: nDCG@10, Recall@5, MRR. Then the ranking on the needs with
a fit of the abstention dev set (`matching-dev-abstain.json`, 40 needs, 20 without any fitting
solution), and the table of the "fits" judgement on both dev sets (precision, coverage,
abstention; in-sample and cross-validated).
"""

import json
import math
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
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


DEV_SETS = ("matching-dev.json", "matching-dev-abstain.json")


def dev_sets():
    """The dev sets by file name (both on the same dev catalog)."""
    return {name: json.loads((ROOT / "bench" / name).read_text()) for name in DEV_SETS}


def catalog_of(bench):
    return json.loads((ROOT / "bench" / bench["catalog"]).read_text())


def ours_index(catalog=None):
    if catalog is None:
        catalog = catalog_of(dev_sets()[DEV_SETS[0]])
    return Index(load_docs(catalog), semantic=True)


def fits_table(index, sets):
    """Precision of "fits" among the top 10, coverage (needs with a relevant solution whose
    first relevant hit fits) and abstention (needs without one where nothing fits): in-sample
    with the rule in matching.services, and cross-validated (weights and cut-off refitted on
    4/5 of the needs of both sets, judged on the rest; bench/fits_calibration.py)."""
    from fits_calibration import TARGETS, crossval, judge, rates, rows_for

    from matching.services import fits

    rows_by_set, in_sample = {}, {}
    for name, bench in sets.items():
        rows_by_set[name] = rows_for(index, bench["needs"])
        flags = [[fits(h) for h in r[3]] for r in rows_by_set[name]]
        in_sample[name] = rates(judge([(r[0], r[1]) for r in rows_by_set[name]], flags))
    out_of_sample = crossval(rows_by_set)
    print()
    print("Fits judgement (top 10): in-sample with matching.services.fits / 5-fold cross-validated")
    print(f"{'dev set':<28}{'precision':>14}{'coverage':>14}{'abstention':>14}")
    for name in sets:
        cells = [
            f"{a:.2f} / {b:.2f}" for a, b in zip(in_sample[name], out_of_sample[name], strict=True)
        ]
        print(f"{name:<28}" + "".join(f"{c:>14}" for c in cells))
    print(
        f"{'targets':<28}" + "".join(f"{'≥ ' + format(TARGETS[key], '.2f'):>14}" for key in TARGETS)
    )


def main():
    sets = dev_sets()
    bench = sets[DEV_SETS[0]]
    catalog = catalog_of(bench)
    ours = ours_index(catalog)
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
    abstain = sets[DEV_SETS[1]]
    ndcg, rec, mrr = metrics(ours, abstain["needs"], feedback=True, hybrid=True)
    print(
        f"{DEV_SETS[1]} ({sum(1 for n in abstain['needs'] if n['relevant'])} of "
        f"{len(abstain['needs'])} needs with a fit), ours (hybrid): nDCG@10 {ndcg:.3f}  "
        f"Recall@5 {rec:.3f}  MRR {mrr:.3f}  (target nDCG@10 ≥ 0.85)"
    )
    fits_table(ours, sets)


if __name__ == "__main__":
    main()
