"""One FilterSet for the catalog search: the HTML page, the API and saved searches use it.

It defines and validates every search parameter and filters in SQL (saved-search alerts use
that). The page and the API count and filter with the in-memory engine in matching.facets;
tests check that both give the same results.
"""

import re
from decimal import Decimal

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Hosting, Maturity, PopulationBand, Reference, Solution, Standard, Topic

from . import fulltext

DEPLOYMENT = Solution.DEPLOYMENT_CHOICES
SIZE_FIELDS = {
    "lt5k": "size_lt5k",
    "5k-20k": "size_5k_20k",
    "20k-100k": "size_20k_100k",
    "gt100k": "size_gt100k",
}
PRICE_BANDS = [  # indicative price "from", in euro
    ("lt1k", _("under 1,000 €"), None, Decimal(1000)),
    ("1k-10k", _("1,000–10,000 €"), Decimal(1000), Decimal(10000)),
    ("10k-50k", _("10,000–50,000 €"), Decimal(10000), Decimal(50000)),
    ("gt50k", _("over 50,000 €"), Decimal(50000), None),
]
VERIFIED_CHOICES = [
    ("any", _("anywhere")),
    ("hessen", _("in Hessen")),
    ("district", _("in my district")),
]
SORT_CHOICES = [
    ("relevance", _("Relevance")),
    ("newest", _("Newest")),
    ("references", _("Most verified references")),
]
HESSEN_AGS_PREFIX = "06"
# Longer queries are refused (a search box query is a few words; analysis cost grows with it).
QUERY_MAX_LENGTH = 200


def _price_q(band):
    _slug, _label, low, high = next(b for b in PRICE_BANDS if b[0] == band)
    q = Q(price_min__isnull=False)
    if low is not None:
        q &= Q(price_min__gte=low)
    if high is not None:
        q &= Q(price_min__lt=high)
    return q


def _verified_refs(**filters):
    return Reference.objects.verified().filter(solution=OuterRef("pk"), **filters)


def user_district(user):
    """The district key of the user's (first) municipality, for the "in my district" filter."""
    from accounts.access import organisations_of
    from accounts.models import Organisation

    if user is None:  # a FilterSet used without a request user has no district
        return ""
    for organisation in organisations_of(user, Organisation.Kind.MUNICIPALITY):
        municipality = getattr(organisation, "municipality", None)
        if municipality and municipality.district_ags:
            return municipality.district_ags
    return ""


def _any_of(queryset, conditions):
    q = Q()
    for condition in conditions:
        q |= condition
    return queryset.filter(q) if conditions else queryset


class DistrictKeysField(forms.Field):
    """District keys (five digits) without a query for the choices on every search."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = [v for v in (value or []) if v]
        if any(not re.fullmatch(r"\d{5}", v) for v in values):
            raise ValidationError(_("Unknown district key."), code="invalid")
        return values


class DistrictFilter(django_filters.Filter):
    field_class = DistrictKeysField

    def filter(self, qs, value):
        return qs.filter(provider__municipality__district_ags__in=value) if value else qs


def text_condition(value):
    """(subquery of matching ids or None, whether only some words matched) for a query."""
    from .services import query_groups

    groups = query_groups(value)
    ids = fulltext.matching_ids(groups, require_all=True)
    if ids is None or len(groups) < 2:
        return ids, False
    if Solution.objects.published().filter(pk__in=ids).exists():
        return ids, False
    return fulltext.matching_ids(groups, require_all=False), True


class SolutionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_text", label=_("Search words"), max_length=QUERY_MAX_LENGTH
    )
    topic = django_filters.ModelMultipleChoiceFilter(
        field_name="topics__slug",
        to_field_name="slug",
        queryset=Topic.objects.all(),
        label=_("Topics"),
    )
    maturity = django_filters.MultipleChoiceFilter(choices=Maturity.choices, label=_("Maturity"))
    deployment = django_filters.MultipleChoiceFilter(
        choices=DEPLOYMENT, method="filter_deployment", label=_("Deployment")
    )
    standard = django_filters.ModelMultipleChoiceFilter(
        field_name="standards__slug",
        to_field_name="slug",
        queryset=Standard.objects.accepted(),
        label=_("Standards and interfaces"),
    )
    hosting = django_filters.MultipleChoiceFilter(
        choices=Hosting.choices, label=_("Hosting location")
    )
    oss = django_filters.BooleanFilter(method="filter_oss", label=_("Open source"))
    price = django_filters.MultipleChoiceFilter(
        choices=[(b[0], b[1]) for b in PRICE_BANDS], method="filter_price", label=_("Price from")
    )
    size = django_filters.MultipleChoiceFilter(
        choices=PopulationBand.choices, method="filter_size", label=_("Suited municipality size")
    )
    verified = django_filters.ChoiceFilter(
        choices=VERIFIED_CHOICES, method="filter_verified", label=_("Verified references")
    )
    startup = django_filters.BooleanFilter(field_name="provider__is_startup", label=_("Start-up"))
    district = DistrictFilter(label=_("Provider's district"))

    class Meta:
        model = Solution
        fields = []

    def __init__(self, *args, user=None, cache=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # Shared by the FilterSets of one request (results and facets): the text is analysed
        # and looked up once.
        self.cache = cache if cache is not None else {}

    def filter_text(self, queryset, name, value):
        if value not in self.cache:
            self.cache[value] = text_condition(value)
        ids, fallback = self.cache[value]
        self.text_fallback = fallback  # no solution matched every word: any word counts
        return queryset if ids is None else queryset.filter(pk__in=ids)

    def filter_deployment(self, queryset, name, value):
        return _any_of(queryset, [Q(**{f"deploy_{code}": True}) for code in value])

    def filter_oss(self, queryset, name, value):
        return queryset.exclude(oss_license="") if value else queryset.filter(oss_license="")

    def filter_price(self, queryset, name, value):
        return _any_of(queryset, [_price_q(band) for band in value])

    def filter_size(self, queryset, name, value):
        return _any_of(queryset, [Q(**{SIZE_FIELDS[band]: True}) for band in value])

    def filter_verified(self, queryset, name, value):
        if value == "any":
            return queryset.filter(Exists(_verified_refs()))
        if value == "hessen":
            return queryset.filter(
                Exists(_verified_refs(municipality__ags__startswith=HESSEN_AGS_PREFIX))
            )
        district = user_district(self.user)
        if not district:
            return queryset.none()
        return queryset.filter(Exists(_verified_refs(municipality__district_ags=district)))


def district_choices():
    from municipalities.models import Municipality

    return list(
        Municipality.objects.exclude(district_ags="")
        .order_by("district_ags")
        .values_list("district_ags", "district")
        .distinct()
    )


FACETS = ["topic", "maturity", "deployment", "standard", "hosting", "oss", "price", "size",
          "verified", "startup", "district"]  # fmt: skip
