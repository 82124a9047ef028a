"""Workshops of the virtual fair: published, done or cancelled ones (never drafts).

The video link is for registered participants only and therefore not part of the API.
"""

import datetime as dt

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from events.models import Registration, Workshop

from ..core import paginate_by_pk
from ..schemas import page_of

router = Router(tags=["workshops"])


class WorkshopOut(Schema):
    slug: str
    title: str
    theme: str
    description: str
    topics: list[str]
    starts_at: dt.datetime
    ends_at: dt.datetime
    format: str
    address: str
    capacity: int
    registration_deadline: dt.datetime
    audience: str
    status: str
    confirmed_registrations: int

    @staticmethod
    def resolve_topics(obj):
        return [t.slug for t in obj.topics.all()]


WorkshopPage = page_of(WorkshopOut)


def public_workshops():
    return (
        Workshop.objects.filter(
            status__in=[Workshop.Status.PUBLISHED, Workshop.Status.DONE, Workshop.Status.CANCELLED]
        )
        .annotate(
            confirmed_registrations=Count(
                "registrations",
                filter=Q(registrations__status=Registration.Status.CONFIRMED),
                distinct=True,
            )
        )
        .prefetch_related("topics")
    )


@router.get("/workshops", response=WorkshopPage)
def list_workshops(request, upcoming: bool = False, cursor: str = "", limit: int = 20):
    """Public workshops; `upcoming=true` leaves out those that have ended."""
    from django.utils import timezone

    qs = public_workshops()
    if upcoming:
        qs = qs.filter(ends_at__gte=timezone.now())
    items, next_cursor = paginate_by_pk(qs, cursor=cursor, limit=limit)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/workshops/{slug}", response=WorkshopOut)
def get_workshop(request, slug: str):
    return get_object_or_404(public_workshops(), slug=slug)
