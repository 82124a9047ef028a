"""The catalog search as one read: used by the search page and the API alike."""

from dataclasses import dataclass

from django.db.models import Count, Q

from catalog.models import Reference, Solution

from .filters import SolutionFilter, facet_counts
from .services import relevance

SORTS = ("relevance", "newest", "references")


@dataclass
class SearchResult:
    filterset: SolutionFilter
    ordered: object  # a queryset, or a list of pks when ranked by relevance
    sort: str
    text: str
    facets: dict

    @property
    def is_valid(self):
        return self.filterset.is_valid()

    @property
    def text_fallback(self):
        return getattr(self.filterset, "text_fallback", False)


def _ordered(results, sort, text):
    if sort == "relevance" and text:
        wanted = set(results.values_list("pk", flat=True))
        return [pk for pk in relevance(text) if pk in wanted], "relevance"
    if sort == "references":
        verified = Count("references", filter=Q(references__status__in=Reference.VERIFIED))
        ordered = results.annotate(verified=verified).order_by("-verified", "-published_at", "pk")
        return ordered, "references"
    return results.order_by("-published_at", "pk"), "newest"


def search_solutions(params, *, user=None):
    """Published solutions for the search parameters: filtered, ordered, with facet counts."""
    base = Solution.objects.published()
    cache = {}
    filterset = SolutionFilter(params, queryset=base, user=user, cache=cache)
    text = (params.get("q") or "").strip()
    sort = params.get("sort") or ""
    if sort not in SORTS:
        sort = "relevance" if text else "newest"
    results = filterset.qs.distinct() if filterset.is_valid() else base.none()
    ordered, sort = _ordered(results, sort, text)
    facets = facet_counts(params, base=base, user=user, cache=cache)
    return SearchResult(filterset, ordered, sort, text, facets)


def solutions_in_order(items, queryset=None):
    """The solutions for a slice of `ordered` (pks or objects), in that order."""
    pks = [item if isinstance(item, int) else item.pk for item in items]
    queryset = queryset if queryset is not None else Solution.objects.all()
    found = queryset.filter(pk__in=pks).in_bulk()
    return [found[pk] for pk in pks if pk in found]
