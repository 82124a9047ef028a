"""The search log hook: the search page and the API call `record_search` after each search."""

import logging

from django.db import DatabaseError

from core.text import fold

from .models import SearchLog

logger = logging.getLogger(__name__)


def normalise_query(query: str) -> str:
    return " ".join(fold(query).split())[:200]


def record_search(query: str, result_count: int, *, source: str = "web"):
    """Log a free-text search; empty queries (pure facet browsing) are not logged.

    Never lets a logging failure break the search itself.
    """
    query = " ".join((query or "").split())[:200]
    if not query:
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
