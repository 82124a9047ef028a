from allauth.account.adapter import get_adapter as get_account_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .access import require_invitee, require_inviter, require_membership_decider
from .forms import (
    InvitationForm,
    MunicipalityRequestForm,
    ProviderOrganisationForm,
)
from .models import Invitation, Membership, Organisation
from .selectors import decidable_memberships


@login_required
def create_provider(request):
    form = ProviderOrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        org = services.create_provider_organisation(
            actor=request.user, name=form.cleaned_data["name"]
        )
        messages.success(request, _("Organisation “%(name)s” created.") % {"name": org.name})
        return redirect("dashboard:dashboard")
    return render(request, "accounts/form.html", {"form": form, "title": _("Register a provider")})


@login_required
def request_municipality(request):
    form = MunicipalityRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_municipality_membership(
                actor=request.user, municipality=form.cleaned_data["municipality"]
            )
        except ValidationError as exc:
            form.add_error("municipality", exc)
        else:
            messages.info(
                request, _("Your request was sent. You will be notified when it is decided.")
            )
            return redirect("dashboard:dashboard")
    return render(
        request, "accounts/form.html", {"form": form, "title": _("Act for a municipality")}
    )


@login_required
def pending(request):
    requests = decidable_memberships(request.user).select_related(
        "user", "organisation__municipality"
    )
    require_membership_decider(request.user)
    return render(request, "accounts/pending.html", {"requests": requests})


@login_required
@require_POST
def decide(request, pk):
    membership = get_object_or_404(Membership, pk=pk)
    try:
        services.decide_membership(
            actor=request.user,
            membership=membership,
            approve=request.POST.get("decision") == "approve",
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("accounts:pending")


@login_required
def invite(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    require_inviter(request.user, organisation)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.invite_member(actor=request.user, organisation=organisation, **form.cleaned_data)
        messages.success(request, _("Invitation sent."))
        return redirect("dashboard:dashboard")
    title = _("Invite someone to %(org)s") % {"org": organisation.name}
    return render(request, "accounts/form.html", {"form": form, "title": title})


def invitation(request, token):
    invitation = get_object_or_404(
        Invitation.objects.select_related("organisation"), token=token, accepted_at__isnull=True
    )
    if not request.user.is_authenticated:
        # The link reached this inbox: a sign-up with the address needs no confirmation mail
        # and replaces an unconfirmed account someone else opened with it (accounts/signup.py).
        get_account_adapter(request).stash_verified_email(request, invitation.email)
        return render(request, "accounts/invitation_anonymous.html", {"invitation": invitation})
    require_invitee(request.user, invitation)
    if request.method == "POST":
        services.accept_invitation(actor=request.user, invitation=invitation)
        messages.success(request, _("Welcome to %(org)s.") % {"org": invitation.organisation.name})
        return redirect("dashboard:dashboard")
    return render(request, "accounts/invitation.html", {"invitation": invitation})
