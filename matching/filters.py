"""One FilterSet for the catalog search: the HTML page and the API use the same one."""

import django_filters
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Maturity, Solution, Topic


class SolutionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label=_("Search"))
    topic = django_filters.ModelMultipleChoiceFilter(
        field_name="topics__slug",
        to_field_name="slug",
        queryset=Topic.objects.all(),
        label=_("Topics"),
    )
    maturity = django_filters.MultipleChoiceFilter(choices=Maturity.choices, label=_("Maturity"))
    startup = django_filters.BooleanFilter(field_name="provider__is_startup", label=_("Start-up"))

    class Meta:
        model = Solution
        fields = ["q", "topic", "maturity", "startup"]

    def filter_text(self, queryset, name, value):
        # Every word must occur in title, summary or description (case-insensitive).
        for word in value.split()[:10]:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(description__icontains=word)
            )
        return queryset


def topic_counts(queryset):
    """Facet counts: how many of the filtered solutions carry each topic."""
    counts = dict(
        queryset.order_by()
        .values("topics__slug")
        .annotate(n=Count("pk", distinct=True))
        .values_list("topics__slug", "n")
    )
    return [(t, counts.get(t.slug, 0)) for t in Topic.objects.all()]
