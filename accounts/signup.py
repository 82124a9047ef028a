"""Sign-up that an unproven claim on an e-mail address cannot block (e-mail squatting).

allauth treats an address as taken as soon as any row holds it, verified or not. Here:
- an unverified secondary address on someone else's account never blocks a sign-up: it is
  removed and the new account confirms the address the usual way;
- an account that was never confirmed and never used (the same kind the retention task
  deletes after 30 days) is replaced only when this session proved the address, i.e. came
  through an invitation link sent to it. Without that proof it stays, so nobody can take over
  a sign-up that its owner is about to confirm.
"""

import logging

from allauth.account.adapter import get_adapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.models import EmailAddress
from allauth.core import context
from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


def unproven_claims(email, *, proven):
    """(addresses, accounts) that hold `email` without proof and may be released, or None
    when something holds it for real."""
    addresses = list(EmailAddress.objects.filter(email__iexact=email))
    if any(address.verified for address in addresses):
        return None
    accounts = list(get_user_model().objects.filter(email__iexact=email))
    for account in accounts:
        used = account.last_login or account.is_staff or account.is_superuser
        if not proven or used or EmailAddress.objects.filter(user=account, verified=True):
            return None
    owners = {account.pk for account in accounts}
    return [a for a in addresses if a.user_id not in owners], accounts


@transaction.atomic
def release(addresses, accounts):
    for address in addresses:
        logger.info("unverified address released", extra={"user_id": address.user_id})
        address.delete()
    for account in accounts:
        logger.info("unconfirmed account replaced", extra={"user_id": account.pk})
        account.delete()


class SignupForm(AllauthSignupForm):
    """allauth's sign-up plus who the person is: name, function and (optional) phone, which the
    office reads when the person asks to act for a municipality."""

    name = forms.CharField(
        label=_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    function = forms.CharField(
        label=_("Your function"),
        max_length=150,
        help_text=_("For example: Hauptamt, Bürgermeisterin, IT-Leitung, Geschäftsführer."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=40,
        required=False,
        help_text=_("Lets the office call you back about a membership request."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    claims = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        first = ["email", "name", "function", "phone"]
        self.fields = {
            **{key: self.fields[key] for key in first},
            **{key: field for key, field in self.fields.items() if key not in first},
        }

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_function(self):
        return " ".join(self.cleaned_data["function"].split())

    def clean_phone(self):
        return " ".join(self.cleaned_data["phone"].split())

    def custom_signup(self, request, user):
        user.name = self.cleaned_data["name"]
        user.function = self.cleaned_data["function"]
        user.phone = self.cleaned_data["phone"]
        user.save(update_fields=["name", "function", "phone"])
        super().custom_signup(request, user)

    def validate_unique_email(self, value):
        email = super().validate_unique_email(value)
        if self.account_already_exists:
            proven = get_adapter().is_email_verified(context.request, email)
            self.claims = unproven_claims(email, proven=proven)
            if self.claims is not None:
                self.account_already_exists = False
        return email

    def save(self, request):
        with transaction.atomic():
            if self.claims is not None:
                release(*self.claims)
            return super().save(request)
