"""Alerts for saved searches and watched needs: one daily digest per member, never repeated.

A solution counts as new for a saved search when it was published after the search was saved
and the search page finds it for the saved query (matching.selectors.search_solutions, the one
search engine); for a watched need when it is among the need's shown matches.
Every solution reported is recorded (AlertHit), so it is never sent again for that search, and
a member gets at most one digest per (Berlin) day; what is found later waits for the next day.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from catalog.models import Solution
from core.services import notify

from .models import AlertHit, Need, SavedSearch
from .need_matches import matches_for_need, refresh, shown
from .selectors import search_solutions, solutions_in_order

logger = logging.getLogger(__name__)


def _published_since(moment):
    return Solution.objects.published().filter(
        Q(published_at__gte=moment) | Q(published_at__isnull=True, created_at__gte=moment)
    )


def new_matches(saved):
    """Solutions published since `saved` was created that match it and were not reported yet."""
    candidates = _published_since(saved.created_at).exclude(pk__in=saved.hits.values("solution_id"))
    if saved.need_id and not saved.need.is_open:
        return []  # a closed need asks for nothing new
    if saved.need_id:
        ids = {m.solution.pk for m in shown(matches_for_need(saved.need, limit=50))}
        candidates = candidates.filter(pk__in=ids)
    else:
        # What the search page shows the owner for this query now, in its order (one search
        # engine): "in my district" means the district of the member's town.
        new = set(candidates.values_list("pk", flat=True))
        found = search_solutions(QueryDict(saved.query), user=saved.user)
        pks = [pk for pk in found.ordered if pk in new] if new else []
        return solutions_in_order(pks, Solution.objects.select_related("provider"))
    return list(candidates.distinct().select_related("provider").order_by("title", "pk"))


def _digest_body(found):
    lines = []
    for saved, solutions in found:
        lines.append(_("For “%(name)s”:") % {"name": saved.name})
        lines.extend(
            f"- {s.title} ({s.provider.name}): {settings.SITE_URL.rstrip('/')}"
            f"{s.get_absolute_url()}"
            for s in solutions
        )
        lines.append("")
    return "\n".join(lines).strip()


def send_digest_to(user, now):
    """Send `user` their digest of new matches, unless they already got one today."""
    today = timezone.localdate(now)
    with transaction.atomic():
        searches = list(
            SavedSearch.objects.select_for_update(of=("self",))
            .filter(user=user)
            .select_related("user", "need__organisation__municipality")
            .order_by("pk")
        )
        start_of_day = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
        if AlertHit.objects.filter(saved_search__user=user, sent_at__gte=start_of_day).exists():
            return 0
        found = [(s, new_matches(s)) for s in searches]
        found = [(s, solutions) for s, solutions in found if solutions]
        if not found:
            return 0
        hits = [
            AlertHit(saved_search=s, solution=sol, sent_at=now) for s, sols in found for sol in sols
        ]
        AlertHit.objects.bulk_create(hits)
        count = len({hit.solution_id for hit in hits})
        notify(
            [user],
            subject=ngettext("%(n)d new matching solution", "%(n)d new matching solutions", count)
            % {"n": count},
            body=_digest_body(found),
            url=reverse("matching:saved_searches"),
            kind="alert",
        )
        return 1


def send_all_digests(now=None):
    """One digest per member with new matches; returns the number of digests sent."""
    now = now or timezone.now()
    # Watched needs read their stored matches: bring outdated ones up to date here, in the
    # worker, so that a solution published today is in today's digest.
    watched = SavedSearch.objects.filter(need__status=Need.Status.OPEN).values_list("need_id")
    refresh(sorted({pk for (pk,) in watched}))
    users = get_user_model().objects.filter(saved_searches__isnull=False).distinct()
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user in users.order_by("pk"):
            try:
                sent += send_digest_to(user, now)
            except Exception:  # one member's broken search must not stop everyone's digest
                logger.exception("match digest failed", extra={"user_id": user.pk})
    return sent


@task()
def send_match_digests():
    """Background task (daily): e-mail and notify members about new matching solutions."""
    return send_all_digests()
