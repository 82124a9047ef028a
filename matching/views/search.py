"""The catalog search page /loesungen/."""

from django.core.paginator import Paginator
from django.shortcuts import render

from catalog.models import Solution

from ..filters import SolutionFilter, topic_counts


def search(request):
    base = Solution.objects.published()
    filterset = SolutionFilter(request.GET, queryset=base)
    results = filterset.qs.distinct()
    # Topic counts honour every other active filter, but not the topic filter itself.
    without_topic = request.GET.copy()
    without_topic.pop("topic", None)
    facet_qs = SolutionFilter(without_topic, queryset=base).qs
    page = Paginator(
        results.select_related("provider").prefetch_related("topics").order_by("-published_at"),
        20,
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "topics": topic_counts(facet_qs),
        "selected_topics": request.GET.getlist("topic"),
        "querystring": query.urlencode(),
    }
    template = "matching/_partials/results.html" if request.htmx else "matching/search.html"
    return render(request, template, context)
