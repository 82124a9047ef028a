"""One FilterSet for the register: the HTML list (and any export or API that wants it)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Municipality


def landkreis_choices():
    return list(Municipality.objects.landkreise().order_by("name").values_list("ags", "name"))


class MunicipalityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        label=_("Name or AGS"),
        help_text=_("Umlauts may be written as ae, oe, ue and ß as ss; digits search the key."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kind = django_filters.ChoiceFilter(
        choices=Municipality.Kind.choices, label=_("Kind"), empty_label=_("All kinds")
    )
    district = django_filters.ChoiceFilter(
        field_name="district_ags",
        choices=(),  # filled per request in __init__, so validation and rendering share them
        label=_("Landkreis"),
        empty_label=_("All Landkreise"),
    )

    class Meta:
        model = Municipality
        fields = ["q", "kind", "district"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["district"].extra["choices"] = landkreis_choices()

    def filter_q(self, queryset, name, value):
        return queryset.search(value)
