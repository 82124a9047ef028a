"""Data rights pages (Art. 15, 17, 20 GDPR): a person's own data and the office's people page.
The rules are in legal.data_rights; these views moved here from accounts (#17 item 4)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import require_office
from accounts.forms import EraseAccountForm, OfficeDataRequestForm, PersonLookupForm
from accounts.models import User

from . import data_rights


def _zip_response(content, person):
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="meine-daten-{person.pk}-{stamp}.zip"'
    return response


@login_required
def my_data(request):
    return render(request, "legal/my_data.html")


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
    return render(request, "legal/erase_account.html", {"form": form})


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
        "legal/office_people.html",
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
        return redirect(f"{reverse('legal:office_people')}?{urlencode({'email': person.email})}")
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
            return redirect("legal:office_people")
    return render(request, "legal/office_person_erase.html", {"form": form, "person": person})
