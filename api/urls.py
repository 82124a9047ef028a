from django.urls import include, path, re_path

from . import views, views_opendata
from .api import api

# The ninja API keeps its own top-level namespace "api-v1" (ninja reverses it absolutely),
# so it sits beside the app's namespace rather than inside it.
app_patterns = [
    re_path(r"^api/v1/.*$", views.api_not_found, name="not-found"),
    path("konto/api-tokens/", views.token_list, name="tokens"),
    path("konto/api-tokens/<int:pk>/widerrufen/", views.token_revoke, name="token-revoke"),
    path("opendata/", views_opendata.index, name="opendata"),
    path("opendata/<str:filename>", views_opendata.download, name="opendata-file"),
]
urlpatterns = [
    path("api/v1/", api.urls),
    path("", include((app_patterns, "api"))),
]
