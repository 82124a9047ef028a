from django.urls import path, register_converter

from . import views, views_data_rights
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
# Data rights (Art. 15, 17, 20 GDPR), the paths they had under accounts.
urlpatterns += [
    path("konto/meine-daten/", views_data_rights.my_data, name="my_data"),
    path("konto/meine-daten/export/", views_data_rights.my_data_export, name="my_data_export"),
    path("konto/meine-daten/loeschen/", views_data_rights.erase_account, name="erase_account"),
    path("geschaeftsstelle/personen/", views_data_rights.office_people, name="office_people"),
    path(
        "geschaeftsstelle/personen/<int:pk>/export/",
        views_data_rights.office_person_export,
        name="office_person_export",
    ),
    path(
        "geschaeftsstelle/personen/<int:pk>/loeschen/",
        views_data_rights.office_person_erase,
        name="office_person_erase",
    ),
]
