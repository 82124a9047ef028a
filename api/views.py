from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .core import error_response
from .forms import ApiTokenForm
from .models import ApiToken
from .services import create_api_token, revoke_api_token


@csrf_exempt
def api_not_found(request):
    """Unknown paths under /api/v1/ answer in JSON like the API does."""
    return error_response(404, "not_found", "No such API endpoint.")


@login_required
def token_list(request):
    """Mein Konto → API tokens. A new token's secret is shown once, in the POST response."""
    created = None
    form = ApiTokenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        token, plaintext = create_api_token(
            actor=request.user,
            organisation=form.cleaned_data["organisation"],
            name=form.cleaned_data["name"],
        )
        created = {"token": token, "plaintext": plaintext}
        form = ApiTokenForm(user=request.user)
    tokens = ApiToken.objects.of_user(request.user).select_related("organisation")
    return render(
        request,
        "api/token_list.html",
        {"form": form, "tokens": tokens, "created": created},
        status=201 if created else 200,
    )


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken.objects.of_user(request.user), pk=pk)
    revoke_api_token(actor=request.user, token=token)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("api:tokens")
