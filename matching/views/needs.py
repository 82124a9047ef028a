"""Needs (Vorhaben): a municipality describes a project; the page shows ranked matches."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from accounts.access import is_municipality_member, organisations_of
from accounts.models import Organisation
from core.services import log_action

from ..forms import NeedForm
from ..models import Need
from ..services import matches_for_need


def need_detail(request, pk):
    need = get_object_or_404(
        Need.objects.visible_to(request.user).select_related("organisation__municipality"), pk=pk
    )
    results = matches_for_need(need)
    return render(
        request,
        "matching/need_detail.html",
        {
            "need": need,
            "results": results,
            "any_fits": any(r["fits"] for r in results),
            "can_edit": need.organisation_id in [o.pk for o in organisations_of(request.user)],
        },
    )


def need_list(request):
    needs = Need.objects.visible_to(request.user).select_related("organisation")[:100]
    return render(
        request,
        "matching/need_list.html",
        {"needs": needs, "can_create": is_municipality_member(request.user)},
    )


@login_required
def need_create(request):
    towns = organisations_of(request.user, Organisation.Kind.MUNICIPALITY)
    if not towns:
        raise PermissionDenied
    form = NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        need = form.save(commit=False)
        need.organisation, need.author = towns[0], request.user
        need.save()
        form.save_m2m()
        log_action(need, actor=request.user, action="create", to_state=need.visibility)
        return redirect(need)
    return render(request, "matching/need_form.html", {"form": form})
