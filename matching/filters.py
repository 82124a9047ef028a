"""One FilterSet for the catalog search: the HTML page, the API and saved searches use it.

It defines and validates every search parameter (names, choices, limits, error messages).
It does not filter: matching.selectors.search_solutions filters, counts and orders on the
one search engine (the snapshot of matching.index), for the page, the API and alerts alike.
"""

import re
from decimal import Decimal

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catalog.models import Hosting, Maturity, PopulationBand, Solution, Standard, Topic

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


class SolutionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search words"), max_length=QUERY_MAX_LENGTH)
    topic = django_filters.ModelMultipleChoiceFilter(
        field_name="topics__slug",
        to_field_name="slug",
        queryset=Topic.objects.all(),
        label=_("Topics"),
    )
    maturity = django_filters.MultipleChoiceFilter(choices=Maturity.choices, label=_("Maturity"))
    deployment = django_filters.MultipleChoiceFilter(choices=DEPLOYMENT, label=_("Deployment"))
    standard = django_filters.ModelMultipleChoiceFilter(
        field_name="standards__slug",
        to_field_name="slug",
        queryset=Standard.objects.accepted(),
        label=_("Standards and interfaces"),
    )
    hosting = django_filters.MultipleChoiceFilter(
        choices=Hosting.choices, label=_("Hosting location")
    )
    oss = django_filters.BooleanFilter(label=_("Open source"))
    price = django_filters.MultipleChoiceFilter(
        choices=[(b[0], b[1]) for b in PRICE_BANDS], label=_("Price from")
    )
    size = django_filters.MultipleChoiceFilter(
        choices=PopulationBand.choices, label=_("Suited municipality size")
    )
    verified = django_filters.ChoiceFilter(choices=VERIFIED_CHOICES, label=_("Verified references"))
    startup = django_filters.BooleanFilter(field_name="provider__is_startup", label=_("Start-up"))
    district = DistrictFilter(label=_("Provider's district"))

    class Meta:
        model = Solution
        fields = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def filter_queryset(self, queryset):
        raise NotImplementedError(
            "The catalog search runs on one engine: matching.selectors.search_solutions."
        )


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
