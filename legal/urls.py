from django.urls import path, register_converter

from . import views
from .models import Page


class LegalPageConverter:
    """Only the six legal pages, so these paths never shadow another app's."""

    regex = "|".join(Page.values)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(LegalPageConverter, "legalpage")

app_name = "legal"
urlpatterns = [
    path("<legalpage:page>/", views.page, name="page"),
    path("<legalpage:page>/fassungen/", views.versions, name="versions"),
    path("<legalpage:page>/fassungen/<int:number>/", views.version, name="version"),
    path("barrierefreiheit/barriere-melden/", views.report_barrier, name="report_barrier"),
    path("gebaerdensprache/video/<int:pk>/", views.sign_language_video, name="video"),
    path("gebaerdensprache/untertitel/<int:pk>/", views.sign_language_captions, name="captions"),
    path("geschaeftsstelle/rechtstexte/", views.office_index, name="office"),
    path("geschaeftsstelle/rechtstexte/angaben/", views.edit_settings, name="settings"),
    path("geschaeftsstelle/rechtstexte/dgs-video/", views.upload_video, name="upload_video"),
    path("geschaeftsstelle/rechtstexte/<legalpage:page>/", views.edit_page, name="edit"),
    path("geschaeftsstelle/verarbeitungsverzeichnis/", views.record, name="record"),
    path("geschaeftsstelle/barrieremeldungen/", views.reports, name="reports"),
    path("geschaeftsstelle/barrieremeldungen/<int:pk>/", views.report, name="report"),
]
