"""The catalog search as one read: used by the search page and the API alike.

Validation and the meaning of every parameter come from the FilterSet (matching.filters);
filtering, counting and ordering run on one snapshot of the search state (matching.index: the
facet engine and the ranking index), so a search costs a handful of small queries whatever the
catalog size. Saved-search alerts use this function too.
"""

from dataclasses import dataclass
from functools import reduce
from operator import and_

from catalog.models import Solution

from . import index as search_index
from .filters import (
    FACETS,
    PRICE_BANDS,
    VERIFIED_CHOICES,
    SolutionFilter,
    user_district,
)
from .services import relevance, text_match
from .suggest import did_you_mean

SORTS = ("relevance", "newest", "references")


@dataclass
class SearchResult:
    filterset: SolutionFilter
    ordered: object  # solution pks in the chosen order (a list or a lazy MaskSequence)
    sort: str
    text: str
    facets: dict
    text_fallback: object = False  # "none" or "few" solutions hold every word (text_match)
    verified_counts: dict = None  # solution pk → number of verified references
    suggestion: str | None = None  # the query with misspelt words corrected ("Meinten Sie")

    @property
    def is_valid(self):
        return self.filterset.is_valid()


def _chosen(data):
    """The chosen values per facet, as the strings the engine knows."""
    chosen = {}
    for facet in FACETS:
        value = data.get(facet)
        if facet in ("topic", "standard"):
            values = [obj.slug for obj in value or []]
        elif facet in ("oss", "startup"):
            values = [] if value is None else ["true" if value else "false"]
        elif facet == "verified":
            values = [value] if value else []
        else:
            values = list(value or [])
        chosen[facet] = values
    return chosen


def _vocabularies(engine, district):
    from catalog.models import Hosting, Maturity, PopulationBand, topic_label

    verified = list(VERIFIED_CHOICES[:2]) + ([VERIFIED_CHOICES[2]] if district else [])
    return {
        "topic": [(slug, topic_label(name, name_en)) for slug, name, name_en in engine.topics],
        "maturity": list(Maturity.choices),
        "deployment": list(Solution.DEPLOYMENT_CHOICES),
        "standard": engine.standards,
        "hosting": list(Hosting.choices),
        "oss": [("true", _label("oss"))],
        "price": [(b[0], b[1]) for b in PRICE_BANDS],
        "size": list(PopulationBand.choices),
        "verified": verified,
        "startup": [("true", _label("startup"))],
        "district": engine.districts,
    }


def _label(facet):
    from django.utils.translation import gettext as _

    return _("Open-source licence") if facet == "oss" else _("Start-ups only")


def search_solutions(params, *, user=None):
    """Published solutions for the search parameters: filtered, ordered, with facet counts.

    Every facet value's count is the number of results the user gets by choosing it, i.e.
    it is counted under all other active filters.
    """
    filterset = SolutionFilter(params, queryset=Solution.objects.published(), user=user)
    valid = filterset.is_valid()
    # Invalid parameters (e.g. a query over QUERY_MAX_LENGTH) are neither analysed nor logged.
    text = (params.get("q") or "").strip() if valid else ""
    sort = params.get("sort") or ""
    if sort not in SORTS or (sort == "relevance" and not text):
        sort = "relevance" if text else "newest"
    snapshot = search_index.current()  # the published version, read once per search
    engine = snapshot.engine
    district = user_district(user) if user is not None else ""
    chosen = _chosen(filterset.form.cleaned_data) if valid else dict.fromkeys(FACETS, [])
    text_mask, fallback, suggestion = engine.all, False, None
    index = snapshot.index if valid and text else None
    if index is not None:
        pks, fallback = text_match(text, index)
        suggestion = did_you_mean(text, index)
        if pks is not None:
            text_mask = engine.mask_of_pks(pks)
        elif sort == "relevance":  # only stop words: nothing to rank by
            sort = "newest"
    masks = {f: engine.facet_mask(f, chosen[f], district) for f in FACETS}
    total = reduce(and_, masks.values(), text_mask) if valid else 0
    facets = {}
    for facet, vocabulary in _vocabularies(engine, district).items():
        others = reduce(and_, (m for f, m in masks.items() if f != facet), text_mask)
        selected = set(chosen[facet])
        facets[facet] = [
            {
                "value": value,
                "label": label,
                "count": (others & engine.value_mask(facet, value, district)).bit_count(),
                "selected": value in selected,
            }
            for value, label in vocabulary
        ]
    if sort == "relevance":
        ordered = relevance(text, keep=set(engine.pks_in(total)), index=index)
    elif sort == "references":
        with_refs = engine.pks_in(total & engine.value_mask("verified", "any"))
        ordered = engine.newest(
            total, sorted(with_refs, key=lambda pk: -engine.verified_counts[pk])
        )
    else:
        ordered = engine.newest(total)
    return SearchResult(
        filterset, ordered, sort, text, facets, fallback, engine.verified_counts, suggestion
    )


def solutions_in_order(items, queryset=None):
    """The solutions for a slice of `ordered` (pks or objects), in that order."""
    pks = [item if isinstance(item, int) else item.pk for item in items]
    queryset = queryset if queryset is not None else Solution.objects.all()
    found = queryset.filter(pk__in=pks).in_bulk()
    return [found[pk] for pk in pks if pk in found]
