from urllib.parse import urlencode

from allauth.account.adapter import get_adapter as get_account_adapter
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import data_rights, services
from .access import is_office, is_org_admin, organisations_of, require_office
from .forms import (
    EraseAccountForm,
    InvitationForm,
    MunicipalityRequestForm,
    OfficeDataRequestForm,
    PersonLookupForm,
    ProviderOrganisationForm,
)
from .models import Invitation, Membership, Organisation, User
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
    if not (
        is_office(request.user)
        or any(is_org_admin(request.user, o) for o in organisations_of(request.user))
    ):
        raise PermissionDenied
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
    if not (is_org_admin(request.user, organisation) or is_office(request.user)):
        raise PermissionDenied
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
    if request.user.email.lower() != invitation.email.lower():
        raise PermissionDenied
    if request.method == "POST":
        services.accept_invitation(actor=request.user, invitation=invitation)
        messages.success(request, _("Welcome to %(org)s.") % {"org": invitation.organisation.name})
        return redirect("dashboard:dashboard")
    return render(request, "accounts/invitation.html", {"invitation": invitation})


# --- data rights (Art. 15, 17, 20 GDPR): accounts.data_rights holds the rules ---


def _zip_response(content, person):
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="meine-daten-{person.pk}-{stamp}.zip"'
    return response


@login_required
def my_data(request):
    return render(request, "accounts/my_data.html")


@login_required
def my_data_export(request):
    content = data_rights.export_personal_data(actor=request.user, person=request.user)
    return _zip_response(content, request.user)


@login_required
def erase_account(request):
    form = EraseAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data_rights.erase_person(
                actor=request.user, person=request.user, password=form.cleaned_data["password"]
            )
        except ValidationError as exc:
            form.add_error("password" if exc.code == "wrong_password" else None, exc)
        else:
            logout(request)
            messages.success(request, _("Your account and your personal data have been deleted."))
            return redirect("core:home")
    return render(request, "accounts/erase_account.html", {"form": form})


@login_required
def office_people(request):
    require_office(request.user)
    form = PersonLookupForm(request.GET or None)
    person = None
    if form.is_valid():
        person = User.objects.filter(
            email__iexact=form.cleaned_data["email"], erased_at__isnull=True
        ).first()
    return render(
        request,
        "accounts/office_people.html",
        {
            "form": form,
            "person": person,
            "memberships": person.memberships.select_related("organisation") if person else [],
            "request_form": OfficeDataRequestForm(),
        },
    )


def _person_for_office(request, pk):
    require_office(request.user)
    return get_object_or_404(User, pk=pk, erased_at__isnull=True)


@login_required
@require_POST
def office_person_export(request, pk):
    person = _person_for_office(request, pk)
    form = OfficeDataRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please note the request (who asked, when and how)."))
        return redirect(f"{reverse('accounts:office_people')}?{urlencode({'email': person.email})}")
    content = data_rights.export_personal_data(
        actor=request.user, person=person, reason=form.cleaned_data["reason"]
    )
    return _zip_response(content, person)


@login_required
def office_person_erase(request, pk):
    person = _person_for_office(request, pk)
    form = OfficeDataRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data_rights.erase_person(
                actor=request.user, person=person, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The account and its personal data have been deleted."))
            return redirect("accounts:office_people")
    return render(request, "accounts/office_person_erase.html", {"form": form, "person": person})
