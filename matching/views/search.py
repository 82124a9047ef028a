"""The catalog search page /loesungen/: full text, facets, sorting; the state lives in the URL."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render

from catalog.models import Solution, Topic
from matching.searchlog import record_search

from ..access import search_need_prompt
from ..filters import FACETS, SORT_CHOICES, user_district
from ..selectors import search_solutions, solutions_in_order

PAGE_SIZE = 20
LONG_FACETS = {"standard", "district"}  # only values with hits (or selected) are listed


def _facet_groups(filterset, facets, has_district):
    groups = []
    for name in FACETS:
        values = facets[name]
        if name in LONG_FACETS:
            values = [v for v in values if v["count"] or v["selected"]]
        if name == "verified" and not has_district:
            values = [v for v in values if v["value"] != "district"]
        if values:
            kind = "radio" if name == "verified" else "checkbox"
            groups.append({"name": name, "label": filterset.filters[name].label,
                           "values": values, "kind": kind})  # fmt: skip
    return groups


def search(request):
    found = search_solutions(request.GET, user=request.user)
    page = Paginator(found.ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    if found.text and page.number == 1:
        record_search(found.text, page.paginator.count, source="web", request=request)
    cards = (
        Solution.objects.select_related("provider")
        .only("pk", "slug", "title", "summary", "maturity", "provider__name")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.only("pk", "name", "name_en")))
    )
    solutions = solutions_in_order(page.object_list, cards)
    for solution in solutions:  # counted by the facet engine already
        solution.verified_count = found.verified_counts.get(solution.pk, 0)
    default_sort = "relevance" if found.text else "newest"
    query = request.GET.copy()
    query.pop("page", None)
    suggested = None
    if found.suggestion:
        suggested = query.copy()
        suggested["q"] = found.suggestion
    context = {
        "filter": found.filterset,
        "page": page,
        "solutions": solutions,
        "facet_groups": _facet_groups(
            found.filterset, found.facets, bool(user_district(request.user))
        ),
        # The order the page chose by itself goes back as "" (automatic): a query typed next
        # is ranked by relevance, not by the "newest" that the page without a query showed.
        "sort": found.sort,
        "sort_field": "" if found.sort == default_sort else found.sort,
        "sort_choices": [
            ("" if value == default_sort else value, label)
            for value, label in SORT_CHOICES
            if found.text or value != "relevance"
        ],
        "text": found.text,
        "text_fallback": found.text_fallback,
        "querystring": query.urlencode(),
        "suggestion": found.suggestion,
        "suggestion_query": suggested.urlencode() if suggested else "",
        # Nothing found: a town describes its need instead, anyone else learns how to.
        "describe_need": search_need_prompt(request.user),
    }
    template = "matching/_partials/search_area.html" if request.htmx else "matching/search.html"
    return render(request, template, context)
