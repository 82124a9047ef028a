"""System checks of the settings the open-data export is built from."""

import datetime as dt
import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def _is_loopback(host):
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    """Production needs a public https SITE_URL: every open-data IRI, download URL and e-mail
    link is built from it, and a harvester cannot fetch 127.0.0.1."""
    if settings.DEBUG:
        return []
    url = urlsplit(settings.SITE_URL)
    if url.scheme != "https" or not url.hostname or _is_loopback(url.hostname):
        return [
            Error(
                f"SITE_URL is {settings.SITE_URL!r}; production needs the public https address "
                "of the site.",
                hint="Set SITE_URL, e.g. SITE_URL=https://marktplatz.example.org (README, "
                "Configuration). Open-data IRIs, download URLs and e-mail links are built from it.",
                id="api.E001",
            )
        ]
    return []


@register()
def check_opendata_issued(app_configs, **kwargs):
    if not settings.OPENDATA_ISSUED:
        return []
    try:
        dt.date.fromisoformat(settings.OPENDATA_ISSUED)
    except ValueError:
        return [
            Error(
                f"OPENDATA_ISSUED is {settings.OPENDATA_ISSUED!r}, not a date.",
                hint="Use YYYY-MM-DD: the day this instance first published its open data.",
                id="api.E002",
            )
        ]
    return []
