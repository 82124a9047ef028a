"""Needs (Vorhaben): a municipality describes a project; the page shows ranked matches.

Members of the need's town shortlist or dismiss each match (POST, HTMX-enhanced), watch the
need for alerts and rate the proposals providers sent; everyone else who may see the need
sees the ranking read-only.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import require_municipality_member
from catalog.models import Solution

from ..access import (
    can_contact_providers,
    can_create_need,
    can_decide,
    can_edit_need,
    can_see_chronology,
    is_provider,
    need_for_editor,
    need_for_viewer,
    require_decider,
    sees_decisions,
)
from ..forms import NeedCloseForm, NeedForm
from ..models import Need, NeedDecision, SavedSearch
from ..need_matches import matches_for_need
from ..peers import peers_context
from ..workflows import (
    close_need,
    create_need,
    decide_on_solution,
    delete_need,
    reopen_need,
    update_need,
    watch_need,
)
from .challenges import proposals_context

DECISIONS = {
    "shortlisted": NeedDecision.Kind.SHORTLISTED,
    "dismissed": NeedDecision.Kind.DISMISSED,
    "reset": None,
}


def _need(user, pk):
    return need_for_viewer(user, pk, Need.objects.select_related("organisation__municipality"))


def _matches_context(request, need):
    """The ranking, the town's shortlist and its dismissed solutions (for members/office)."""
    fitting = [m for m in matches_for_need(need) if m.fits]
    results = [m for m in fitting if not m.excluded]
    decisions = []
    if sees_decisions(request.user, need):
        decisions = list(
            need.decisions.select_related("solution__provider").order_by("solution__title")
        )
    kinds = {d.solution_id: d.kind for d in decisions}
    for r in results:
        r.decision = kinds.get(r.solution.pk)
    dismissed = NeedDecision.Kind.DISMISSED
    return {
        "need": need,
        "results": [r for r in results if r.decision != dismissed],
        "any_fits": bool(results),
        "excluded_count": len(fitting) - len(results),
        "shortlist": [d for d in decisions if d.kind == NeedDecision.Kind.SHORTLISTED],
        "dismissed": [d for d in decisions if d.kind == dismissed],
        "can_decide": can_decide(request.user, need),
        "can_contact": can_contact_providers(request.user),
    }


def need_detail(request, pk):
    need = _need(request.user, pk)
    context = _matches_context(request, need)
    context.update(proposals_context(request, need))
    context.update(peers_context(need, context["results"]))
    context["can_see_chronology"] = can_see_chronology(request.user, need)
    context["can_edit"] = can_edit_need(request.user, need)
    context["watching"] = (
        context["can_decide"] and SavedSearch.objects.filter(user=request.user, need=need).exists()
    )
    context["is_provider"] = is_provider(request.user)
    return render(request, "matching/need_detail.html", context)


@require_POST
@login_required
def need_decide(request, pk, solution_pk):
    need = _need(request.user, pk)
    require_decider(request.user, need)
    solution = get_object_or_404(Solution.objects.published(), pk=solution_pk)
    decision = request.POST.get("decision")
    if decision not in DECISIONS:
        return redirect(need.get_absolute_url() + "#matches")
    before = need.decisions.filter(solution=solution).values_list("kind", flat=True).first()
    decide_on_solution(actor=request.user, need=need, solution=solution, kind=DECISIONS[decision])
    message = _decision_message(DECISIONS[decision], before) % {"title": solution.title}
    if request.htmx:
        # The status line outside the swapped list announces the result (WCAG 4.1.3).
        context = {**_matches_context(request, need), "status_message": message}
        return render(request, "matching/_partials/need_matches.html", context)
    messages.success(request, message)
    return redirect(need.get_absolute_url() + "#matches")


def _decision_message(kind, before):
    if kind == NeedDecision.Kind.SHORTLISTED:
        return _("“%(title)s” is now on the shortlist.")
    if kind == NeedDecision.Kind.DISMISSED:
        return _("“%(title)s” has been dismissed.")
    if before == NeedDecision.Kind.DISMISSED:
        return _("“%(title)s” is shown again.")
    return _("“%(title)s” has been removed from the shortlist.")


@require_POST
@login_required
def need_watch(request, pk):
    need = _need(request.user, pk)
    watch_need(actor=request.user, need=need)
    messages.success(request, _("You will get an e-mail when new matching solutions appear."))
    return redirect(need.get_absolute_url())


def need_list(request):
    needs = Need.objects.visible_to(request.user).select_related("organisation")[:100]
    return render(
        request,
        "matching/need_list.html",
        {"needs": needs, "can_create": can_create_need(request.user)},
    )


@login_required
def need_create(request):
    towns = require_municipality_member(request.user)
    form = NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        need = create_need(actor=request.user, organisation=towns[0], form=form)
        return redirect(need)
    return render(request, "matching/need_form.html", {"form": form})


@login_required
def need_edit(request, pk):
    need = need_for_editor(request.user, pk)
    form = NeedForm(request.POST or None, instance=need)
    if request.method == "POST" and form.is_valid():
        update_need(actor=request.user, need=need, form=form)
        messages.success(request, _("The need has been saved."))
        return redirect(need)
    return render(request, "matching/need_form.html", {"form": form, "need": need})


@login_required
def need_close(request, pk):
    need = need_for_editor(request.user, pk)
    if not need.is_open:
        return redirect(need)
    form = NeedCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        close_need(actor=request.user, need=need, **form.cleaned_data)
        messages.success(request, _("The need has been closed."))
        return redirect(need)
    return render(request, "matching/need_close.html", {"form": form, "need": need})


@require_POST
@login_required
def need_reopen(request, pk):
    need = need_for_editor(request.user, pk)
    if not need.is_open:
        reopen_need(actor=request.user, need=need)
        messages.success(request, _("The need is open again."))
    return redirect(need)


@login_required
def need_delete(request, pk):
    need = need_for_editor(request.user, pk)
    if request.method == "POST":
        delete_need(actor=request.user, need=need)
        messages.success(
            request, _("The need “%(title)s” has been deleted.") % {"title": need.title}
        )
        return redirect("matching:needs")
    return render(request, "matching/need_confirm_delete.html", {"need": need})
