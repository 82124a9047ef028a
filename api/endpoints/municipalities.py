from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError  # noqa: F401

from municipalities.models import Municipality

from ..core import paginate_by_pk
from ..schemas import page_of

router = Router(tags=["municipalities"])


class MunicipalityOut(Schema):
    ags: str
    name: str
    kind: str
    district_ags: str
    district: str
    region: str
    population: int
    population_date: str
    lat: float | None
    lon: float | None

    @staticmethod
    def resolve_population_date(obj):
        return obj.population_date.isoformat()


MunicipalityPage = page_of(MunicipalityOut)


@router.get("/municipalities", response=MunicipalityPage)
def list_municipalities(
    request,
    q: str = "",
    kind: Municipality.Kind | None = None,
    district_ags: str = "",
    cursor: str = "",
    limit: int = 50,
):
    """The Hessian municipality register. `q` matches names (umlaut-insensitive) or AGS prefixes."""
    qs = Municipality.objects.search(q)
    if kind:
        qs = qs.filter(kind=kind)
    if district_ags:
        qs = qs.filter(district_ags=district_ags)
    items, next_cursor = paginate_by_pk(qs, cursor=cursor, limit=limit)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/municipalities/{ags}", response=MunicipalityOut)
def get_municipality(request, ags: str):
    return get_object_or_404(Municipality, ags=ags)
