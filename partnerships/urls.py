from django.urls import path

from . import views, views_knowledge

app_name = "partnerships"
urlpatterns = [
    path("partnerschaften/", views.partnership_list, name="list"),
    path("partnerschaften/neu/", views.partnership_create, name="create"),
    path("partnerschaften/<int:pk>/", views.partnership_detail, name="detail"),
    path("partnerschaften/<int:pk>/bearbeiten/", views.partnership_edit, name="edit"),
    path("partnerschaften/<int:pk>/einladen/", views.invite, name="invite"),
    path("partnerschaften/<int:pk>/annehmen/", views.accept, name="accept"),
    path("partnerschaften/<int:pk>/ablehnen/", views.decline, name="decline"),
    path("partnerschaften/<int:pk>/budget/", views.budget_line_add, name="budget_add"),
    path(
        "partnerschaften/<int:pk>/budget/<int:line_pk>/entfernen/",
        views.budget_line_remove,
        name="budget_remove",
    ),
    path("partnerschaften/<int:pk>/kriterien/", views.criterion_add, name="criterion_add"),
    path(
        "partnerschaften/<int:pk>/kriterien/<int:criterion_pk>/bewertung/",
        views.criterion_score,
        name="criterion_score",
    ),
    path("partnerschaften/<int:pk>/etappen/", views.milestone_add, name="milestone_add"),
    path(
        "partnerschaften/<int:pk>/etappen/<int:milestone_pk>/<slug:action>/",
        views.milestone_action,
        name="milestone_action",
    ),
    path("partnerschaften/<int:pk>/phase/<slug:to>/", views.transition, name="transition"),
    path("partnerschaften/<int:pk>/dokumente/", views.document_upload, name="document_upload"),
    path(
        "partnerschaften/<int:pk>/dokumente/<int:version_pk>/",
        views.document_download,
        name="document_download",
    ),
    path(
        "partnerschaften/<int:pk>/wissenspaket/",
        views_knowledge.knowledge_pack,
        name="knowledge_pack",
    ),
    path(
        "partnerschaften/<int:pk>/wissenspaket.zip",
        views_knowledge.knowledge_pack_zip,
        name="knowledge_pack_zip",
    ),
    path("geschaeftsstelle/partnerschaften/", views.office_overview, name="office_overview"),
    path("geschaeftsstelle/schwellenwerte/", views.threshold_list, name="thresholds"),
    path("geschaeftsstelle/schwellenwerte/neu/", views.threshold_edit, name="threshold_create"),
    path("geschaeftsstelle/schwellenwerte/<int:pk>/", views.threshold_edit, name="threshold_edit"),
]
