"""{% similar_solutions solution as related %}: the solution page's "Similar solutions".

Lives in matching so that catalog (below matching) renders them without importing matching.
"""

from django import template
from django.db.models import Q

from catalog.models import Solution

from ..services import match_text

register = template.Library()

SIMILAR = 4


@register.simple_tag
def similar_solutions(solution, limit=SIMILAR):
    """Published solutions like this one, ranked by need matching's hybrid similarity
    (matching.services.match_text: BM25F and embeddings) with the solution's own text as the
    query; itself left out. Uses the index matching keeps in memory; three queries."""
    hits = match_text(solution.title, f"{solution.summary} {solution.description}", limit + 1)
    keys = [h["id"] for h in hits]
    if not keys:
        return []
    found = (
        Solution.objects.published()
        .filter(Q(external_id__in=keys) | Q(slug__in=keys))
        .exclude(pk=solution.pk)
        .select_related("provider")
    )
    order = {key: n for n, key in enumerate(keys)}
    return sorted(found, key=lambda s: order.get(s.external_id or s.slug, len(keys)))[:limit]
