"""Public needs (Vorhaben): the challenges municipalities publish for providers."""

import datetime as dt
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from matching.models import Need

from ..core import paginate_by_pk
from ..schemas import page_of

router = Router(tags=["needs"])


class NeedOut(Schema):
    id: int
    title: str
    description: str
    topics: list[str]
    municipality: str
    ags: str | None
    budget_min: Decimal | None
    budget_max: Decimal | None
    time_frame: str
    hosting_de_required: bool
    population: int | None
    constraints: str
    status: str
    created_at: dt.datetime

    @staticmethod
    def resolve_topics(obj):
        return [t.slug for t in obj.topics.all()]

    @staticmethod
    def resolve_municipality(obj):
        return obj.organisation.name

    @staticmethod
    def resolve_ags(obj):
        register = obj.organisation.municipality
        return register.ags if register else None


NeedPage = page_of(NeedOut)


def public_needs():
    return (
        Need.objects.public()
        .select_related("organisation__municipality")
        .prefetch_related("topics")
    )


@router.get("/needs", response=NeedPage)
def list_needs(request, topic: str = "", cursor: str = "", limit: int = 20):
    """Public needs only; private needs never leave their municipality and the office."""
    qs = public_needs()
    if topic:
        qs = qs.filter(topics__slug=topic)
    items, next_cursor = paginate_by_pk(qs, cursor=cursor, limit=limit)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/needs/{need_id}", response=NeedOut)
def get_need(request, need_id: int):
    return get_object_or_404(public_needs(), pk=need_id)
