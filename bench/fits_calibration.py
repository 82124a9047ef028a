"""Calibration of the "fits" rule (matching.services.fits) on the dev sets.

The rule is a logistic regression of relevance on three per-hit signals of the top ten
(standout, coverage, log rank), with the cut-off that maximises the weakest of the three
targets (precision / 0.90, coverage / 0.85, abstention / 0.80). `crossval` refits weights
and cut-off on k-1 folds of needs (stratified by set and by whether a need has a relevant
solution) and judges the held-out needs with them, so its figures are out-of-sample.
`python bench/fits_calibration.py` prints the weights fitted on all dev needs (scaled so that
standout has weight 1) — the constants in matching/services.py — and the cross-validated
figures.
"""

import math

import numpy as np

TARGETS = {"precision": 0.90, "coverage": 0.85, "abstention": 0.80}


def features(hit):
    return [hit.standout, hit.coverage, math.log1p(hit.rank)]


def judge(needs, flagged):
    """Counts (tp, fp, covered, needs with a fit, abstained, needs without) for needs given as
    (relevant dict, [hit ids of the top ten]) and flags per hit."""
    counts = np.zeros(6, int)
    for (relevant, ids), flags in zip(needs, flagged, strict=True):
        for hit_id, flag in zip(ids, flags, strict=True):
            if flag:
                counts[0 if hit_id in relevant else 1] += 1
        if relevant:
            counts[3] += 1
            first = next((k for k, hit_id in enumerate(ids) if hit_id in relevant), None)
            counts[2] += first is not None and bool(flags[first])
        else:
            counts[5] += 1
            counts[4] += not any(flags)
    return counts


def rates(counts):
    tp, fp, covered, with_fit, abstained, without = counts
    return (
        tp / (tp + fp) if tp + fp else 1.0,
        covered / with_fit if with_fit else 0.0,
        abstained / without if without else 0.0,
    )


def weakest(counts):
    precision, coverage, abstention = rates(counts)
    return min(
        precision / TARGETS["precision"],
        coverage / TARGETS["coverage"],
        abstention / TARGETS["abstention"],
    )


def _logistic(x, y, l2=1.0):
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    for _ in range(50):  # Newton steps, ridge-regularised
        p = 1 / (1 + np.exp(-xb @ w))
        hessian = xb.T @ (xb * (p * (1 - p))[:, None]) + l2 * np.eye(len(w))
        w -= np.linalg.solve(hessian, xb.T @ (p - y) + l2 * w)
    return w


def fit(rows):
    """rows: [(relevant, ids, X (10 × 3), hits)] → (weights on the raw features, cut-off)."""
    x = np.vstack([r[2] for r in rows])
    y = np.concatenate([[hit_id in r[0] for hit_id in r[1]] for r in rows]).astype(float)
    mean, spread = x.mean(0), x.std(0) + 1e-9
    w = _logistic((x - mean) / spread, y)
    weights = w[:-1] / spread
    bias = w[-1] - (mean / spread) @ w[:-1]
    scores = [r[2] @ weights + bias for r in rows]
    needs = [(r[0], r[1]) for r in rows]
    best = max(
        sorted(set(np.concatenate(scores))),
        key=lambda cut: weakest(judge(needs, [s >= cut for s in scores])),
    )
    return weights, best - bias


def crossval(rows_by_set, k=5, seeds=(0, 1, 2)):
    """Out-of-sample (precision, coverage, abstention) per set, pooled over seeds and folds."""
    totals = {name: np.zeros(6, int) for name in rows_by_set}
    for seed in seeds:
        rng = np.random.default_rng(seed)
        fold = {}
        for name, rows in rows_by_set.items():
            for has_fit in (True, False):
                members = [i for i, r in enumerate(rows) if bool(r[0]) == has_fit]
                for j, i in enumerate(rng.permutation(members)):
                    fold[name, int(i)] = j % k
        for f in range(k):
            train = [r for (name, i), g in fold.items() if g != f for r in [rows_by_set[name][i]]]
            weights, cut = fit(train)
            for (name, i), g in fold.items():
                if g == f:
                    relevant, ids, x, _hits = rows_by_set[name][i]
                    totals[name] += judge([(relevant, ids)], [x @ weights >= cut])
    return {name: rates(c) for name, c in totals.items()}


def rows_for(index, needs):
    rows = []
    for need in needs:
        text = f"{need['title']} {need['description']}"
        hits = index.search(text, limit=10, feedback=True, hybrid=True)
        rows.append(
            (need["relevant"], [h.id for h in hits], np.array([features(h) for h in hits]), hits)
        )
    return rows


if __name__ == "__main__":
    from run import dev_sets, ours_index

    index = ours_index()
    rows_by_set = {name: rows_for(index, bench["needs"]) for name, bench in dev_sets().items()}
    weights, cut = fit([r for rows in rows_by_set.values() for r in rows])
    print(
        f"fitted on all dev needs: standout + {weights[1] / weights[0]:.2f} × coverage "
        f"- {-weights[2] / weights[0]:.2f} × ln(1 + rank) ≥ {cut / weights[0]:.2f}"
    )
    for name, (p, c, a) in crossval(rows_by_set).items():
        print(f"{name}: cross-validated precision {p:.2f} coverage {c:.2f} abstention {a:.2f}")
