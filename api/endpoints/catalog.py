"""Published catalog: topics, providers, solutions. Contact persons are never exposed here."""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from catalog.models import ProviderProfile, Reference, Solution, Status, Topic

from ..core import ApiError, paginate_by_offset, paginate_by_pk
from ..schemas import page_of

router = Router(tags=["catalog"])


class TopicOut(Schema):
    slug: str
    name: str
    name_en: str


class ProviderRef(Schema):
    slug: str
    name: str


class ProviderOut(Schema):
    slug: str
    name: str
    short_text: str
    description: str
    city: str
    postal_code: str
    website: str
    founded: int | None
    employees: int | None
    size_band: str
    is_startup: bool
    is_hodt_member: bool
    published_solutions: int


class ReferenceOut(Schema):
    """A town of the register (ags set; verified once it confirmed), or a place outside it
    that the provider states (stated, ags null, never verified)."""

    municipality: str
    ags: str | None
    state: str
    country: str
    stated: bool
    year: int | None
    verified: bool

    @staticmethod
    def resolve_municipality(obj):
        return obj.municipality.name if obj.municipality_id else obj.place_name

    @staticmethod
    def resolve_ags(obj):
        return obj.municipality.ags if obj.municipality_id else None

    @staticmethod
    def resolve_state(obj):
        return "Hessen" if obj.municipality_id else obj.state  # the register is Hessen's

    @staticmethod
    def resolve_country(obj):
        return "Deutschland" if obj.municipality_id else obj.country

    @staticmethod
    def resolve_stated(obj):
        return obj.is_stated

    @staticmethod
    def resolve_verified(obj):
        return obj.is_verified


class SolutionOut(Schema):
    slug: str
    external_id: str | None
    title: str
    summary: str
    description: str
    provider: ProviderRef
    topics: list[str]
    maturity: str
    deployment: list[str]
    standards: list[str]
    hosting: str
    oss_license: str
    dpa_available: bool
    price_model: str
    price_min: Decimal | None
    price_max: Decimal | None
    population_bands: list[str]
    language: str
    status: str
    published_at: dt.datetime | None
    references: list[ReferenceOut]

    @staticmethod
    def resolve_topics(obj):
        return [t.slug for t in obj.topics.all()]

    @staticmethod
    def resolve_standards(obj):
        return [s.name for s in obj.standards.all()]

    @staticmethod
    def resolve_references(obj):
        # Rejected claims are never shown.
        return [r for r in obj.references.all() if r.status != Reference.Status.REJECTED]


TopicPage = page_of(TopicOut)
ProviderPage = page_of(ProviderOut)
SolutionPage = page_of(SolutionOut)


def solution_queryset(queryset):
    """Everything a SolutionOut needs, in a fixed number of queries."""
    return queryset.select_related("provider").prefetch_related(
        "topics",
        "standards",
        Prefetch("references", queryset=Reference.objects.select_related("municipality")),
    )


def published_providers():
    return ProviderProfile.objects.published().annotate(
        published_solutions=Count("solutions", filter=Q(solutions__status=Status.PUBLISHED))
    )


@router.get("/topics", response=list[TopicOut])
def list_topics(request):
    """The Handlungsfelder (office-managed vocabulary)."""
    return Topic.objects.order_by("position", "name")


@router.get("/providers", response=ProviderPage)
def list_providers(request, cursor: str = "", limit: int = 20):
    """Published provider profiles."""
    items, next_cursor = paginate_by_pk(published_providers(), cursor=cursor, limit=limit)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/providers/{slug}", response=ProviderOut)
def get_provider(request, slug: str):
    return get_object_or_404(published_providers(), slug=slug)


class FacetValue(Schema):
    value: str
    label: str
    count: int
    selected: bool


SolutionSearchPage = page_of(
    SolutionOut, facets=(dict[str, list[FacetValue]], ...), sort=(str, ...)
)


@router.get("/solutions", response=SolutionSearchPage)
def list_solutions(
    request,
    q: str = "",
    topic: list[str] = Query([]),  # noqa: B008 - ninja declares query lists this way
    maturity: list[str] = Query([]),  # noqa: B008
    deployment: list[str] = Query([]),  # noqa: B008
    standard: list[str] = Query([]),  # noqa: B008
    hosting: list[str] = Query([]),  # noqa: B008
    oss: bool | None = None,
    price: list[str] = Query([]),  # noqa: B008
    size: list[str] = Query([]),  # noqa: B008
    verified: str = "",
    startup: bool | None = None,
    district: list[str] = Query([]),  # noqa: B008
    sort: str = "",
    cursor: str = "",
    limit: int = 20,
):
    """Published solutions with the search page's filters, sorts and facet counts (the same
    FilterSet and the same code as /loesungen/). Each facet value is counted under every other
    active filter. Sort: relevance (default with q), newest (default without), references.
    """
    from matching.selectors import search_solutions, solutions_in_order

    params = request.GET.copy()
    for key in ("cursor", "limit"):
        params.pop(key, None)
    found = search_solutions(params, user=request.user)
    if not found.is_valid:
        raise ApiError(422, "validation_error", found.filterset.errors.get_json_data())
    items, next_cursor = paginate_by_offset(found.ordered, cursor=cursor, limit=limit)
    items = solutions_in_order(items, solution_queryset(Solution.objects.all()))
    if q:
        from matching.searchlog import record_search

        record_search(q, len(found.ordered), source="api", request=request)
    facets = {
        name: [{**v, "label": str(v["label"])} for v in values]
        for name, values in found.facets.items()
    }
    return {"items": items, "next_cursor": next_cursor, "facets": facets, "sort": found.sort}


@router.get("/solutions/{slug}", response=SolutionOut)
def get_solution(request, slug: str):
    """A published solution (drafts and submitted ones are 404 here; see /my/solutions)."""
    return get_object_or_404(solution_queryset(Solution.objects.published()), slug=slug)
