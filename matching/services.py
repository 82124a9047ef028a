"""Matching of free text (a need, a query) to published solutions."""

from django.db.models import Count, Max, Q

from catalog.models import Reference, Solution

from .ranking import Doc, Index

_cache = {"key": None, "index": None}


def _published():
    return (
        Solution.objects.published()
        .prefetch_related("topics", "standards")
        .annotate(
            verified=Count(
                "references", filter=Q(references__status__in=Reference.VERIFIED), distinct=True
            )
        )
    )


def solution_doc(solution):
    tags = " ".join(
        [t.name for t in solution.topics.all()] + [s.name for s in solution.standards.all()]
    )
    return Doc(
        id=solution.external_id or solution.slug,
        fields={"title": solution.title, "summary": solution.summary, "tags": tags,
                "description": solution.description},
        language=solution.language,
        maturity=solution.maturity,
        verified_references=getattr(solution, "verified", 0),
    )  # fmt: skip


def current_index():
    """The in-memory index of published solutions, rebuilt when the catalog changed."""
    stats = Solution.objects.published().aggregate(
        n=Count("pk"), changed=Max("updated_at"), refs=Count("references")
    )
    key = (stats["n"], stats["changed"], stats["refs"])
    if _cache["key"] != key:
        _cache["index"] = Index([solution_doc(s) for s in _published()])
        _cache["key"] = key
    return _cache["index"]


def match_text(title, description="", limit=10):
    """Ranked solutions for a free text: [{"id": external id or slug, "score": float}]."""
    hits = current_index().search(f"{title} {description}", limit=limit)
    return [{"id": h.id, "score": h.score} for h in hits]


# Below this score a match is not shown as fitting. Calibrated on bench/matching-dev.json:
# 3 of its 4 needs without a relevant solution fall below, 32 of 33 first relevant hits stay above.
MATCH_THRESHOLD = 10.5

FIELD_LABELS = {"title": "title", "summary": "summary", "tags": "topics", "description": "text"}


def matches_for_need(need, limit=10):
    """Ranked published solutions for a need, each with the reasons for it."""
    index = current_index()
    hits = index.search(f"{need.title} {need.description}", limit=limit)
    by_id = {
        (s.external_id or s.slug): s
        for s in Solution.objects.published()
        .filter(Q(external_id__in=[h.id for h in hits]) | Q(slug__in=[h.id for h in hits]))
        .select_related("provider")
        .prefetch_related("topics", "references__municipality")
    }
    need_topics = set(need.topics.values_list("pk", flat=True))
    results = []
    for hit in hits:
        solution = by_id.get(hit.id)
        if solution is None:
            continue
        words = sorted({term for term, _field in hit.matched})
        verified = [r for r in solution.references.all() if r.is_verified]
        district = getattr(need.organisation.municipality, "district_ags", "")
        results.append(
            {
                "solution": solution,
                "score": hit.score,
                "fits": hit.score >= MATCH_THRESHOLD,
                "words": words[:12],
                "topics": [t for t in solution.topics.all() if t.pk in need_topics],
                "verified": verified,
                "verified_nearby": [
                    r for r in verified if district and r.municipality.district_ags == district
                ],
            }
        )
    return results
