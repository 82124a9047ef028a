"""Challenges: providers see the public needs their solutions match and send a proposal;
the town sees the proposals on the need page and rates them."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from catalog.models import Solution

from ..access import (
    need_for_viewer,
    own_provider_profiles,
    public_need,
    require_decider,
    require_provider,
    sees_decisions,
)
from ..models import Proposal
from ..workflows import challenges_for, rate_proposal, submit_proposal


class ProposalForm(forms.Form):
    solution = forms.ModelChoiceField(
        label=gettext_lazy("Your solution"), queryset=Solution.objects.none()
    )
    text = forms.CharField(
        label=gettext_lazy("Your proposal"),
        help_text=gettext_lazy("A few sentences: how your solution helps with this need."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, profiles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["solution"].queryset = Solution.objects.published().filter(
            provider__in=profiles
        )


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=gettext_lazy("Rating (1 = not helpful, 5 = very helpful)"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment for the provider"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def proposals_context(request, need):
    """Proposals on the need page: all of them for the town and the office, a provider its own."""
    proposals = Proposal.objects.filter(need=need).select_related("provider", "solution")
    profiles = own_provider_profiles(request.user)
    return {
        "proposals": list(proposals) if sees_decisions(request.user, need) else [],
        "own_proposal": proposals.filter(provider__in=profiles).first() if profiles else None,
    }


@login_required
def challenge_list(request):
    profiles = require_provider(request.user)
    return render(request, "matching/challenge_list.html", {"challenges": challenges_for(profiles)})


@login_required
def proposal_edit(request, pk):
    need = public_need(pk)
    profiles = require_provider(request.user)
    existing = Proposal.objects.filter(need=need, provider__in=profiles).first()
    initial = {"solution": existing.solution_id, "text": existing.text} if existing else None
    form = ProposalForm(request.POST or None, initial=initial, profiles=profiles)
    if request.method == "POST" and form.is_valid():
        submit_proposal(actor=request.user, need=need, **form.cleaned_data)
        messages.success(request, _("Your proposal has been sent to the municipality."))
        return redirect("matching:challenges")
    return render(
        request,
        "matching/proposal_form.html",
        {"need": need, "form": form, "existing": existing},
    )


@require_POST
@login_required
def proposal_rate(request, pk, proposal_pk):
    need = need_for_viewer(request.user, pk)
    require_decider(request.user, need)
    proposal = get_object_or_404(need.proposals.select_related("provider"), pk=proposal_pk)
    form = RatingForm(request.POST)
    if form.is_valid():
        rate_proposal(actor=request.user, proposal=proposal, **form.cleaned_data)
        messages.success(request, _("Thank you, the provider has been informed."))
    else:
        messages.error(request, _("Choose a rating from 1 to 5."))
    return redirect(need.get_absolute_url() + "#proposals")
