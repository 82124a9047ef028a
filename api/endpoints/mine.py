"""A provider's own solutions, with a token of that provider organisation."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.responses import Status as HttpStatus
from pydantic import Field

from accounts.models import Organisation
from catalog.models import Solution, Status, Topic
from catalog.services import update_solution_fields

from ..core import ApiError, TokenAuth, paginate_by_pk
from ..services import acting_organisation
from .catalog import SolutionOut, SolutionPage, solution_queryset

router = Router(tags=["my solutions"], auth=TokenAuth())


class SolutionIn(Schema):
    title: str = Field(min_length=3, max_length=200)
    summary: str = Field(min_length=1, max_length=300)
    topics: list[str] = Field(min_length=1)


class SolutionPatch(Schema):
    title: str | None = Field(None, min_length=3, max_length=200)
    summary: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = Field(None, max_length=20000)
    topics: list[str] | None = Field(None, min_length=1)
    maturity: str | None = None
    price_model: str | None = Field(None, max_length=300)
    language: str | None = None


def _provider_org(request):
    return acting_organisation(request.auth, kind=Organisation.Kind.PROVIDER)


def _own(request, slug):
    org = _provider_org(request)
    return get_object_or_404(
        solution_queryset(Solution.objects.filter(provider__organisation=org)), slug=slug
    )


def _topics(slugs):
    topics = list(Topic.objects.filter(slug__in=slugs))
    unknown = sorted(set(slugs) - {t.slug for t in topics})
    if unknown:
        raise ApiError(422, "unknown_topic", f"Unknown topics: {', '.join(unknown)}")
    return topics


def _reload(solution):
    return solution_queryset(Solution.objects.all()).get(pk=solution.pk)


@router.get("/my/solutions", response=SolutionPage)
def list_my_solutions(request, cursor: str = "", limit: int = 20):
    """All solutions of the token's provider organisation, whatever their status."""
    org = _provider_org(request)
    qs = solution_queryset(Solution.objects.filter(provider__organisation=org))
    items, next_cursor = paginate_by_pk(qs, cursor=cursor, limit=limit)
    return {"items": items, "next_cursor": next_cursor}


@router.post("/my/solutions", response={201: SolutionOut})
def create_my_solution(request, payload: SolutionIn):
    """A new draft solution; submit it for review with POST /my/solutions/{slug}/submit."""
    from catalog.services import create_draft_solution

    org = _provider_org(request)
    solution = create_draft_solution(
        provider_org=org,
        title=payload.title,
        summary=payload.summary,
        topics=_topics(payload.topics),
        actor=request.auth.user,
    )
    return HttpStatus(201, _reload(solution))


@router.get("/my/solutions/{slug}", response=SolutionOut)
def get_my_solution(request, slug: str):
    return _own(request, slug)


@router.patch("/my/solutions/{slug}", response=SolutionOut)
def update_my_solution(request, slug: str, payload: SolutionPatch):
    """Change fields of a draft (or a solution sent back with requested changes)."""
    solution = _own(request, slug)
    changes = payload.dict(exclude_unset=True)
    if "topics" in changes:
        changes["topics"] = _topics(changes["topics"])
    try:
        update_solution_fields(actor=request.auth.user, solution=solution, changes=changes)
    except DjangoValidationError as error:
        raise ApiError(422, "invalid", " ".join(error.messages)) from error
    return _reload(solution)


@router.post("/my/solutions/{slug}/submit", response=SolutionOut)
def submit_my_solution(request, slug: str):
    """Send a draft to the office for review."""
    from catalog.services import transition

    solution = _own(request, slug)
    try:
        transition(solution, Status.SUBMITTED, actor=request.auth.user)
    except DjangoValidationError as error:
        raise ApiError(409, "wrong_state", " ".join(error.messages)) from error
    except PermissionDenied:
        raise
    return _reload(solution)
