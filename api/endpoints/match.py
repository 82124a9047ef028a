"""POST /api/v1/match: the evaluation interface (same as `manage.py match --json`)."""

from ninja import Router, Schema
from pydantic import Field

router = Router(tags=["matching"])


class MatchIn(Schema):
    # The limits of a need's title and description: matching cost grows with the text.
    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=4000)
    limit: int = Field(10, ge=1, le=100)


class MatchHit(Schema):
    id: str
    score: float


class MatchOut(Schema):
    results: list[MatchHit]


@router.post("/match", response=MatchOut)
def match(request, payload: MatchIn):
    """Ranked published solutions for a free text: `id` is the external id or the slug."""
    from matching.services import match_text

    return {"results": match_text(payload.title, payload.description, limit=payload.limit)}
