from django.urls import path

from . import outcome_views, views

app_name = "explorations"
urlpatterns = [
    path("vorhaben/<int:pk>/markterkundung/", views.freeze_need, name="freeze_need"),
    path("markterkundungen/", views.exploration_list, name="list"),
    path("markterkundungen/neu/", views.freeze_search, name="freeze_search"),
    path("markterkundungen/<int:pk>/", views.exploration_detail, name="detail"),
    path("markterkundungen/<int:pk>/bewertung/", views.verdicts, name="verdicts"),
    path("markterkundungen/<int:pk>/vergabeweg/", views.route_input, name="route_input"),
    path("markterkundungen/<int:pk>/abschliessen/", views.close, name="close"),
    path("markterkundungen/<int:pk>/neue-fassung/", views.correct, name="correct"),
    path("markterkundungen/<int:pk>.pdf", views.export_pdf, name="pdf"),
    path("markterkundungen/<int:pk>.csv", views.export_csv, name="csv"),
    path("markterkundungen/<int:pk>.ods", views.export_ods, name="ods"),
    path("markterkundungen/<int:pk>.json", views.export_json, name="json"),
    path("vorhaben/<int:pk>/ergebnis/", outcome_views.outcome, name="outcome"),
    path(
        "vorhaben/<int:pk>/ergebnis/referenz/",
        outcome_views.confirm_reference,
        name="outcome_reference",
    ),
    path(
        "anbieter/konto/markterkundungen/",
        outcome_views.provider_outcomes,
        name="provider_outcomes",
    ),
]
