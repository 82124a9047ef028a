"""API tokens: created and revoked by their owner under "Mein Konto"."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.access import is_member
from core.services import log_action

from .models import ApiToken, hash_secret


@transaction.atomic
def create_api_token(*, actor, organisation, name):
    """A token for `actor` acting for `organisation` (must be an active member).

    Returns (token, plaintext). The plaintext is never stored; only its hash is.
    """
    if not is_member(actor, organisation):
        raise PermissionDenied
    prefix, plaintext = ApiToken.generate()
    token = ApiToken.objects.create(
        user=actor,
        organisation=organisation,
        name=name,
        prefix=prefix,
        secret_hash=hash_secret(plaintext),
    )
    log_action(token, actor=actor, action="api.token.created")
    return token, plaintext


@transaction.atomic
def revoke_api_token(*, actor, token):
    """Only the owner revokes a token; revoking twice changes nothing."""
    if token.user_id != actor.pk:
        raise PermissionDenied
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log_action(token, actor=actor, action="api.token.revoked")
    return token


def authenticate_token(plaintext: str):
    """The active token for `plaintext`, or None."""
    parts = (plaintext or "").split("_")
    if len(parts) < 3 or parts[0] != "srm":
        return None
    token = (
        ApiToken.objects.active()
        .select_related("user", "organisation")
        .filter(prefix=parts[1], user__is_active=True)
        .first()
    )
    if token is None or not token.matches(plaintext):
        return None
    return token


def acting_organisation(token, *, kind):
    """The organisation a token may act for: its own, if the user is still an active member
    and the organisation is of `kind`. Anything else is a 403 with code `token_scope`."""
    from .core import ApiError

    if token is None or not getattr(token, "pk", None):
        from ninja.errors import AuthenticationError

        raise AuthenticationError
    organisation = token.organisation
    if organisation.kind != kind or not is_member(token.user, organisation):
        raise ApiError(403, "token_scope", f"This token does not act for a {kind} organisation.")
    return organisation
