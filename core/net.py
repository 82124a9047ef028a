"""The client's network address, the same way everywhere (login throttles, API rate limits).

Behind `TRUSTED_PROXY_HOPS` reverse proxies that each append the address they saw to
`X-Forwarded-For`, the client is the entry that many places from the right; anything further
left was written by the client itself and is ignored. With 0 hops (development, or gunicorn
reached directly) the socket peer `REMOTE_ADDR` is the client and the header is ignored.
"""

import ipaddress

from django.conf import settings


def _clean(value):
    value = (value or "").strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.5:51234"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request):
    """The client address as the trusted proxies saw it ("unknown" if there is none)."""
    hops = getattr(settings, "TRUSTED_PROXY_HOPS", 0)
    remote = _clean(request.META.get("REMOTE_ADDR"))
    if hops > 0:
        entries = [e for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if e.strip()]
        if len(entries) >= hops:
            return _clean(entries[-hops]) or remote or "unknown"
    return remote or "unknown"
