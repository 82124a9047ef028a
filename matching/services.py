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
