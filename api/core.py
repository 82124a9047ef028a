"""Shared API machinery: token auth, rate limits, JSON errors with a stable code, cursors."""

import base64
import binascii
import json
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle
from pydantic import BaseModel

from core.net import client_ip

from .services import authenticate_token

# Requests per minute. Overridable in settings (tests use small numbers).
DEFAULT_RATE_LIMITS = {"ip": 120, "token": 600}


class Anonymous:
    """request.auth on public endpoints when no token was sent."""

    organisation = None
    user = None

    def __bool__(self):
        return True


ANONYMOUS = Anonymous()


def reject_nul_bytes(request):
    """NUL characters cannot be stored or compared in PostgreSQL text; refuse them up front
    (runs first for every operation, from the auth step)."""
    body = request.body if request.method in ("POST", "PUT", "PATCH") else b""
    if (
        "\x00" in request.path
        or any("\x00" in v for values in request.GET.lists() for v in values[1])
        or b"\x00" in body
        or b"\\u0000" in body
    ):
        raise ApiError(400, "bad_request", "NUL characters are not allowed.")


class TokenAuth(HttpBearer):
    """`Authorization: Bearer srm_…`. A wrong or revoked token is always 401.

    With `optional=True` a request without any Authorization header passes as ANONYMOUS.
    """

    def __init__(self, optional=False):
        self.optional = optional
        super().__init__()

    def __call__(self, request):
        reject_nul_bytes(request)
        header = request.headers.get("Authorization", "")
        if not header:
            if self.optional:
                return ANONYMOUS
            raise AuthenticationError
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "bearer":
            raise AuthenticationError
        return self.authenticate(request, value.strip())

    def authenticate(self, request, token):
        found = authenticate_token(token)
        if found is None:
            raise AuthenticationError
        found.touch()
        return found


class RateLimit(BaseThrottle):
    """Fixed one-minute windows in the cache: per token when one is used, else per client IP
    (core.net.client_ip: X-Forwarded-For only as far as TRUSTED_PROXY_HOPS says).

    Atomic with cache.add + incr, so it holds across processes on Redis.
    """

    window = 60

    def allow_request(self, request):
        token = getattr(request, "auth", None)
        if token is not None and getattr(token, "pk", None):
            kind, ident = "token", str(token.pk)
        else:
            kind, ident = "ip", client_ip(request)
        limits = {**DEFAULT_RATE_LIMITS, **getattr(settings, "API_RATE_LIMITS", {})}
        now = time.time()
        bucket = int(now // self.window)
        self._wait = self.window - (now % self.window)
        key = f"api-rl:{kind}:{ident}:{bucket}"
        cache.add(key, 0, timeout=self.window + 5)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=self.window + 5)
            count = 1
        return count <= limits[kind]

    def wait(self):
        return getattr(self, "_wait", self.window)


def error_response(status, code, detail):
    return JsonResponse({"code": code, "detail": detail}, status=status)


STATUS_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "validation_error",
    429: "rate_limited",
}


class ApiError(HttpError):
    """An error with an explicit stable code, e.g. ApiError(409, "wrong_state", "…")."""

    def __init__(self, status_code, code, detail):
        super().__init__(status_code, detail if isinstance(detail, str) else code)
        self.code = code
        self.detail = detail


def install_error_handlers(api):
    @api.exception_handler(ValidationError)
    def validation_error(request, exc):
        errors = [
            {"loc": list(e.get("loc", [])), "msg": str(e.get("msg", "")), "type": e.get("type")}
            for e in exc.errors
        ]
        return error_response(422, "validation_error", errors)

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        return error_response(429, "rate_limited", "Too many requests, slow down.")

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request, exc):
        response = error_response(401, "not_authenticated", "A valid API token is required.")
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        code = getattr(exc, "code", None) or STATUS_CODES.get(exc.status_code, "error")
        return error_response(exc.status_code, code, getattr(exc, "detail", str(exc)))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return error_response(404, "not_found", "Not found.")

    @api.exception_handler(PermissionDenied)
    def permission_denied(request, exc):
        return error_response(403, "permission_denied", "You may not do this.")


class Cursor:
    """Opaque keyset cursor: base64 of a JSON list of the last row's ordering values."""

    @staticmethod
    def encode(values) -> str:
        raw = json.dumps(values, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @staticmethod
    def decode(cursor: str):
        try:
            padded = cursor + "=" * (-len(cursor) % 4)
            values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
            raise ApiError(400, "invalid_cursor", "The cursor is not valid.") from exc
        if not isinstance(values, list):
            raise ApiError(400, "invalid_cursor", "The cursor is not valid.")
        return values


MAX_LIMIT = 100


def paginate_by_pk(queryset, *, cursor=None, limit=20):
    """Keyset pagination by primary key (stable under inserts): (items, next_cursor)."""
    limit = max(1, min(limit, MAX_LIMIT))
    queryset = queryset.order_by("pk")
    if cursor:
        values = Cursor.decode(cursor)
        if len(values) != 1 or not isinstance(values[0], int):
            raise ApiError(400, "invalid_cursor", "The cursor is not valid.")
        queryset = queryset.filter(pk__gt=values[0])
    items = list(queryset[: limit + 1])
    next_cursor = Cursor.encode([items[limit - 1].pk]) if len(items) > limit else None
    return items[:limit], next_cursor


def paginate_by_offset(items_or_qs, *, cursor=None, limit=20):
    """For relevance-ranked results, where keyset is impossible: the cursor carries an offset."""
    limit = max(1, min(limit, MAX_LIMIT))
    offset = 0
    if cursor:
        values = Cursor.decode(cursor)
        if len(values) != 2 or values[0] != "o" or not isinstance(values[1], int):
            raise ApiError(400, "invalid_cursor", "The cursor is not valid.")
        offset = max(0, values[1])
    page = list(items_or_qs[offset : offset + limit + 1])
    next_cursor = Cursor.encode(["o", offset + limit]) if len(page) > limit else None
    return page[:limit], next_cursor


class ErrorOut(BaseModel):
    code: str
    detail: object
