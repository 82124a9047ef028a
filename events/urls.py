from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("veranstaltungen/", views.workshop_list, name="list"),
    path("veranstaltungen/feed.ics", views.feed, name="feed"),
    path("veranstaltungen/verwalten/", views.manage, name="manage"),
    path("veranstaltungen/verwalten/neu/", views.edit, name="create"),
    path("veranstaltungen/verwalten/<slug:slug>/", views.manage_detail, name="manage_detail"),
    path("veranstaltungen/verwalten/<slug:slug>/bearbeiten/", views.edit, name="edit"),
    path("veranstaltungen/verwalten/<slug:slug>/status/", views.transition, name="transition"),
    path(
        "veranstaltungen/verwalten/<slug:slug>/beitraege/<int:slot_pk>/",
        views.decide_slot,
        name="decide_slot",
    ),
    path(
        "veranstaltungen/verwalten/<slug:slug>/anwesenheit/",
        views.attendance,
        name="attendance",
    ),
    path(
        "veranstaltungen/verwalten/<slug:slug>/teilnehmende.csv",
        views.participants_csv,
        name="participants_csv",
    ),
    path(
        "veranstaltungen/abmelden/<uuid:token>/",
        views.cancel_registration,
        name="cancel_registration",
    ),  # fmt: skip
    path("veranstaltungen/<slug:slug>/", views.workshop_detail, name="detail"),
    path("veranstaltungen/<slug:slug>/kalender.ics", views.workshop_ics_view, name="ics"),
    path("veranstaltungen/<slug:slug>/anmelden/", views.register, name="register"),
    path("veranstaltungen/<slug:slug>/beitrag/", views.apply_slot, name="apply"),
    path("veranstaltungen/<slug:slug>/fragen/", views.ask, name="ask"),
    path("veranstaltungen/<slug:slug>/fragen/<int:pk>/stimme/", views.upvote, name="upvote"),
    path(
        "veranstaltungen/<slug:slug>/fragen/<int:pk>/moderieren/",
        views.moderate_question,
        name="moderate_question",
    ),  # fmt: skip
    path(
        "veranstaltungen/<slug:slug>/fragen/<int:pk>/vorhaben/",
        views.question_to_need,
        name="question_to_need",
    ),  # fmt: skip
    path("veranstaltungen/<slug:slug>/material/neu/", views.add_material, name="add_material"),
    path("veranstaltungen/<slug:slug>/material/<int:pk>/", views.material, name="material"),
    path("veranstaltungen/<slug:slug>/feedback/", views.feedback, name="feedback"),
    path("veranstaltungen/<slug:slug>/kontakt/<int:slot_pk>/", views.contact, name="contact"),
]
