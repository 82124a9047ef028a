from django.conf import settings
from django.contrib import admin
from django.urls import include, path

# Each app defines its own full German paths (see docs/architecture.md, "URL map").
urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("konto/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("municipalities.urls")),
    path("", include("catalog.urls")),
    path("", include("matching.urls")),
    path("", include("events.urls")),
    path("", include("partnerships.urls")),
    path("", include("api.urls")),
    path("", include("legal.urls")),
    path("", include("explorations.urls")),
    path("", include("office.urls")),
    path("", include("dashboard.urls")),
    path("", include("core.urls")),
]

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static("/media/public/", document_root=settings.MEDIA_ROOT / "public")
