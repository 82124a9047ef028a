from ninja import Router, Schema

from ..core import TokenAuth

router = Router(tags=["account"])


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str


class MeOut(Schema):
    email: str
    token: str
    organisation: OrganisationOut


@router.get("/me", response=MeOut, auth=TokenAuth())
def me(request):
    """Who the token acts for: its user and its one organisation."""
    token = request.auth
    return {"email": token.user.email, "token": token.name, "organisation": token.organisation}
