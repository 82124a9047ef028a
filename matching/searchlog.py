"""The search log hook: the search page and the API call `record_search` after each search."""

import hashlib
import logging

from django.core.cache import cache
from django.db import DatabaseError
from django.utils import timezone

from core.net import client_ip
from core.text import fold

from .models import SearchLog

logger = logging.getLogger(__name__)


def normalise_query(query: str) -> str:
    return " ".join(fold(query).split())[:200]


def visitor_of(request):
    """Who searched, for counting each visitor once: the user, else the client address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_ip(request)}"


def _first_today(visitor, folded):
    """True the first time a visitor searches these words today (a hashed key in the cache
    for a day: neither the address nor the user is stored with the search)."""
    day = timezone.localdate().isoformat()
    digest = hashlib.sha256(f"{visitor}|{folded}|{day}".encode()).hexdigest()
    return cache.add(f"searchlog:{digest}", 1, timeout=24 * 3600)


def record_search(query: str, result_count: int, *, source: str = "web", request=None):
    """Log a free-text search; empty queries (pure facet browsing) are not logged.

    With the request, a visitor's repeats of the same words on the same day are logged once,
    so one client cannot push a term up the office's "searches without results".
    Never lets a logging failure break the search itself.
    """
    query = " ".join((query or "").split())[:200]
    if not query:
        return None
    if request is not None and not _first_today(visitor_of(request), normalise_query(query)):
        return None
    try:
        return SearchLog.objects.create(
            query=query,
            query_folded=normalise_query(query),
            result_count=max(0, int(result_count)),
            source=source,
        )
    except DatabaseError:
        logger.exception("search log write failed", extra={"query": query})
        return None
