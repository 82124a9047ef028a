"""Towns with the same need (Bedarfsbündelung): on a need page, the public needs of other
towns in the same Handlungsfelder, and the towns that already use a fitting solution.

Rules (docs/search.md, "Ähnliche Vorhaben"):
- a similar need is a *public* need of another organisation that shares at least one topic
  (Handlungsfeld) with this need; most shared topics first, then the newest. Private needs
  never take part, so they are neither listed nor counted. Stored data only: two queries,
  no ranking on the request.
- a town that uses a fitting solution has a *verified* reference on one of the need's fitting
  matches (already loaded with the matches); nearest first by the distance between the
  register's coordinates, towns without coordinates after them, the need's district first.
"""

import math
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch

from catalog.models import Topic

from .models import Need

MAX_SIMILAR = 5
MAX_TOWNS = 10


@dataclass
class TownUsing:
    """A town with verified references on fitting solutions of the need."""

    municipality: object
    distance_km: float | None
    same_district: bool
    solutions: list = field(default_factory=list)


def similar_needs(need, limit=MAX_SIMILAR):
    """Public needs of other organisations sharing topics with `need`, each with `.shared`
    (the count) and `.shared_topics` (the shared Topic rows)."""
    # By pk from the through table: a filter on `needs` would share the prefetch's join.
    own_topics = Topic.objects.filter(
        pk__in=Need.topics.through.objects.filter(need_id=need.pk).values("topic_id")
    )
    return list(
        Need.objects.public()
        .exclude(organisation_id=need.organisation_id)
        .filter(topics__in=own_topics.values("pk"))
        .annotate(shared=Count("topics", distinct=True))
        .order_by("-shared", "-created_at", "-pk")
        .select_related("organisation__municipality")
        .prefetch_related(
            Prefetch("topics", queryset=own_topics.order_by("name"), to_attr="shared_topics")
        )[:limit]
    )


def distance_km(a, b):
    """Great-circle distance between two register entries; None without coordinates."""
    if a is None or b is None or None in (a.lat, a.lon, b.lat, b.lon):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, map(float, (a.lat, a.lon, b.lat, b.lon)))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def towns_using(need, matches, limit=MAX_TOWNS):
    """Towns (other than the need's own) with a verified reference on one of `matches`
    (NeedMatch of fitting solutions), nearest first."""
    home = getattr(need.organisation, "municipality", None)
    district = home.district_ags if home else ""
    towns = {}
    for match in matches:
        for reference in match.verified:
            town = reference.municipality
            if home is not None and town.pk == home.pk:
                continue
            if town.pk not in towns:
                towns[town.pk] = TownUsing(
                    municipality=town,
                    distance_km=distance_km(home, town),
                    same_district=bool(district) and town.district_ags == district,
                )
            if match.solution not in towns[town.pk].solutions:
                towns[town.pk].solutions.append(match.solution)
    return sorted(
        towns.values(),
        key=lambda t: (
            t.distance_km is None,
            t.distance_km or 0.0,
            not t.same_district,
            t.municipality.name,
        ),
    )[:limit]


def peers_context(need, matches):
    """The two sections of the need page: `similar_needs` and `towns_using`."""
    return {"similar_needs": similar_needs(need), "towns_using": towns_using(need, matches)}
