"""The Django admin signs in through allauth only: its login throttle and second factor apply.

Django's own admin login form would check the password without either (a side door to the
office's superuser accounts), so `/admin/login/` only forwards to allauth's login, and an
account with an authenticator needs a session in which that second factor was used.
"""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def second_factor_used(request):
    """True unless the user has an authenticator that this session has not seen used."""
    user = request.user
    if not is_mfa_enabled(user):
        return True
    return any(r.get("method") == "mfa" for r in get_authentication_records(request, user))


class AdminSite(admin.AdminSite):
    def has_permission(self, request):
        return super().has_permission(request) and second_factor_used(request)

    def login(self, request, extra_context=None):
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("admin:index", current_app=self.name)
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(next_url, reverse("account_login"))
        if self.has_permission(request):
            return redirect(next_url)
        if user.is_active and user.is_staff:
            # Signed in with the password alone: ask for the second factor first.
            return redirect_to_login(next_url, reverse("mfa_reauthenticate"))
        raise PermissionDenied
