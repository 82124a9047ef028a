from django.urls import path

from . import views

app_name = "catalog"
# The list /loesungen/ belongs to matching; the provider's own pages come before <slug>.
urlpatterns = [
    path("anbieter/konto/", views.dashboard, name="dashboard"),
    path("anbieter/konto/anfragen/", views.dashboard, name="contact_requests"),
    path("anbieter/konto/profil/", views.profile_edit, name="profile_edit"),
    path("anbieter/konto/profil/status/", views.profile_transition, name="profile_transition"),
    path("anbieter/konto/standard/", views.standard_propose, name="standard_propose"),
    path("kontaktanfragen/", views.contact_requests_sent, name="contact_requests_sent"),
    path("anbieter/konto/loesungen/neu/", views.solution_create, name="solution_create"),
    path("anbieter/<slug:slug>/", views.provider_detail, name="provider"),
    path("loesungen/<slug:slug>/", views.solution_detail, name="solution"),
    path("loesungen/<slug:slug>/bearbeiten/", views.solution_edit, name="solution_edit"),
    path("loesungen/<slug:slug>/datei/<str:kind>/", views.solution_upload, name="solution_upload"),
    path(
        "loesungen/<slug:slug>/datei/<str:kind>/<int:pk>/",
        views.solution_file,
        name="solution_file",
    ),
    path(
        "loesungen/<slug:slug>/datei/<str:kind>/<int:pk>/loeschen/",
        views.solution_file_delete,
        name="solution_file_delete",
    ),
    path("loesungen/<slug:slug>/status/", views.solution_transition, name="solution_transition"),
    path("loesungen/<slug:slug>/referenz/", views.reference_claim, name="reference_claim"),
    path("referenzen/bestaetigen/", views.references_to_confirm, name="references_to_confirm"),
    path("loesungen/<slug:slug>/kontakt/", views.contact, name="contact"),
    path("geschaeftsstelle/moderation/", views.moderation_queue, name="moderation"),
    path("geschaeftsstelle/moderation/<str:kind>/<int:pk>/", views.moderate, name="moderate"),
    path("geschaeftsstelle/import/", views.import_upload, name="import"),
    path("geschaeftsstelle/vokabulare/", views.vocabularies, name="vocabularies"),
    path("geschaeftsstelle/vokabulare/handlungsfelder/neu/", views.topic_edit, name="topic_create"),
    path(
        "geschaeftsstelle/vokabulare/handlungsfelder/<int:pk>/", views.topic_edit, name="topic_edit"
    ),
    path(
        "geschaeftsstelle/vokabulare/handlungsfelder/<int:pk>/loeschen/",
        views.topic_delete,
        name="topic_delete",
    ),
]
