from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("loesungen/", views.search, name="search"),
    path("vorhaben/", views.need_list, name="needs"),
    path("vorhaben/neu/", views.need_create, name="need_create"),
    path("vorhaben/<int:pk>/", views.need_detail, name="need"),
    path("vorhaben/<int:pk>/bearbeiten/", views.need_edit, name="need_edit"),
    path("vorhaben/<int:pk>/abschliessen/", views.need_close, name="need_close"),
    path("vorhaben/<int:pk>/wieder-oeffnen/", views.need_reopen, name="need_reopen"),
    path("vorhaben/<int:pk>/loeschen/", views.need_delete, name="need_delete"),
    path("vorhaben/<int:pk>/chronik/", views.need_chronology, name="need_chronology"),
    path(
        "vorhaben/<int:pk>/chronik.odt",
        views.need_chronology,
        {"fmt": "odt"},
        name="need_chronology_odt",
    ),
    path(
        "vorhaben/<int:pk>/chronik.pdf",
        views.need_chronology,
        {"fmt": "pdf"},
        name="need_chronology_pdf",
    ),
    # Town workflows (shortlist, watch, rate), challenges, saved searches, office thesaurus.
    path(
        "vorhaben/<int:pk>/loesungen/<int:solution_pk>/",
        views.need_decide,
        name="need_decide",
    ),
    path("vorhaben/<int:pk>/beobachten/", views.need_watch, name="need_watch"),
    path("vorhaben/<int:pk>/vorschlag/", views.proposal_edit, name="proposal"),
    path(
        "vorhaben/<int:pk>/vorschlaege/<int:proposal_pk>/bewertung/",
        views.proposal_rate,
        name="proposal_rate",
    ),
    path("herausforderungen/", views.challenge_list, name="challenges"),
    path("konto/suchen/", views.saved_search_list, name="saved_searches"),
    path("konto/suchen/speichern/", views.saved_search_create, name="saved_search_create"),
    path("konto/suchen/<int:pk>/loeschen/", views.saved_search_delete, name="saved_search_delete"),
    path("geschaeftsstelle/thesaurus/", views.thesaurus, name="thesaurus"),
    path("geschaeftsstelle/thesaurus/<int:pk>/", views.thesaurus, name="thesaurus_edit"),
]
