"""The REST API at /api/v1/ (django-ninja). Docs at /api/v1/docs, schema at /api/v1/openapi.json."""

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from .core import RateLimit, TokenAuth, install_error_handlers
from .endpoints import account, catalog, match, mine, municipalities, needs, workshops


class AccessibleSwagger(Swagger):
    """Swagger UI with `lang` and readable badge colours (api/templates/api/swagger.html)."""

    template = "api/swagger.html"


api = NinjaAPI(
    title="Smart Region Marktplatz API",
    version="1",
    description=(
        "Read the published catalog, public needs and workshops; manage your own solutions "
        "with a personal API token (`Authorization: Bearer srm_…`, created under Mein Konto). "
        "Lists use cursor pagination (`next_cursor`). Errors are JSON `{code, detail}`."
    ),
    urls_namespace="api-v1",
    docs=AccessibleSwagger(settings={"persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
    auth=TokenAuth(optional=True),
    throttle=[RateLimit()],
)
install_error_handlers(api)

api.add_router("/", account.router)
api.add_router("/", municipalities.router)
api.add_router("/", catalog.router)
api.add_router("/", mine.router)
api.add_router("/", needs.router)
api.add_router("/", workshops.router)
api.add_router("/", match.router)
