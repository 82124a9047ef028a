from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from .filters import MunicipalityFilter
from .models import Municipality
from .sections import render_detail_sections

PAGE_SIZE = 25


def municipality_list(request):
    register = MunicipalityFilter(request.GET, queryset=Municipality.objects.register_order())
    page = Paginator(register.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filter": register, "page": page}
    if request.htmx:
        return render(request, "municipalities/_partials/results.html", context)
    return render(request, "municipalities/municipality_list.html", context)


def municipality_detail(request, ags):
    municipality = get_object_or_404(Municipality, ags=ags)
    Kind = Municipality.Kind
    parents = {
        m.kind: m
        for m in Municipality.objects.filter(
            Q(kind=Kind.LANDKREIS, ags=municipality.district_ags)
            | Q(kind=Kind.REGIERUNGSBEZIRK, name=municipality.region)
        ).exclude(pk=municipality.pk)
    }
    if municipality.kind == Kind.LANDKREIS:
        members = Municipality.objects.in_district(municipality.ags)
    elif municipality.kind == Kind.REGIERUNGSBEZIRK:
        members = Municipality.objects.in_region(municipality.name)
    else:
        members = None
    context = {
        "municipality": municipality,
        "landkreis": parents.get(Kind.LANDKREIS),
        "regierungsbezirk": parents.get(Kind.REGIERUNGSBEZIRK),
        "members": members,
        "sections": render_detail_sections(request, municipality),
    }
    return render(request, "municipalities/municipality_detail.html", context)
