"""The outcome of a need: the town records it (and confirms an award in operation as a
reference); providers read what they were told."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from matching.access import can_decide, need_for_viewer, require_decider, require_provider
from matching.models import Need

from . import outcomes
from .access import require_outcome_viewer
from .outcome_forms import NoticesForm, OutcomeForm
from .outcome_models import NeedOutcome


def _need(user, pk):
    need = need_for_viewer(
        user, pk, Need.objects.select_related("organisation__municipality", "outcome__reference")
    )
    require_outcome_viewer(user, need)
    return need


@login_required
def outcome(request, pk):
    need = _need(request.user, pk)
    recorded = getattr(need, "outcome", None)
    if recorded is not None:
        notices = recorded.notices.select_related("provider").order_by("provider__name")
        return render(
            request,
            "explorations/outcome_detail.html",
            {
                "need": need,
                "outcome": recorded,
                "notices": notices,
                "can_decide": can_decide(request.user, need),
            },
        )
    require_decider(request.user, need)
    considered = outcomes.considered_providers(need)
    solutions = [s for item in considered for s in item.solutions]
    form = OutcomeForm(request.POST or None, solutions=solutions)
    notices = NoticesForm(request.POST or None, considered=considered, prefix="anbieter")
    if request.method == "POST" and form.is_valid() and notices.is_valid():
        data = form.cleaned_data
        solution = data["solution"] if data["kind"] == NeedOutcome.Kind.AWARD else None
        chosen = solution.provider_id if solution else None
        if data["kind"] != NeedOutcome.Kind.AWARD or notices.require_reasons(chosen):
            try:
                outcomes.record_outcome(
                    actor=request.user,
                    need=need,
                    kind=data["kind"],
                    solution=solution,
                    contractor=data["contractor"] if solution is None else "",
                    net_value=data["net_value"],
                    contract_date=data["contract_date"],
                    term=data["term"],
                    reason=data["reason"],
                    provider_reasons=notices.reasons(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "The outcome has been recorded; %(n)s provider has been told.",
                        "The outcome has been recorded; %(n)s providers have been told.",
                        len(considered),
                    )
                    % {"n": len(considered)},
                )
                if data["kind"] == NeedOutcome.Kind.NO_SOLUTION:
                    query = urlencode({"need": need.pk})
                    return redirect(f"{reverse('partnerships:create')}?{query}")
                return redirect("explorations:outcome", pk=need.pk)
    return render(
        request,
        "explorations/outcome_form.html",
        {"need": need, "form": form, "notices": notices, "considered": considered},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def confirm_reference(request, pk):
    need = _need(request.user, pk)
    require_decider(request.user, need)
    recorded = getattr(need, "outcome", None)
    if recorded is None:
        return redirect("explorations:outcome", pk=need.pk)
    try:
        reference = outcomes.confirm_award_reference(actor=request.user, outcome=recorded)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("Your town is now shown as a verified reference of “%(title)s”.")
            % {"title": reference.solution.title},
        )
    return redirect("explorations:outcome", pk=need.pk)


@login_required
def provider_outcomes(request):
    profiles = require_provider(request.user)
    considered, awards = outcomes.provider_record(profiles)
    return render(
        request,
        "explorations/provider_outcomes.html",
        {
            "notices": outcomes.notices_for(profiles),
            "considered": considered,
            "awards": awards,
        },
    )
