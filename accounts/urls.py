from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("konto/anbieter-registrieren/", views.create_provider, name="create_provider"),
    path("konto/kommune/", views.request_municipality, name="request_municipality"),
    path("konto/mitgliedschaften/anfragen/", views.pending, name="pending"),
    path("konto/mitgliedschaften/<int:pk>/entscheiden/", views.decide, name="decide"),
    path("konto/organisation/<slug:slug>/einladen/", views.invite, name="invite"),
    path("konto/einladung/<str:token>/", views.invitation, name="invitation"),
]
urlpatterns += [
    path("konto/meine-daten/", views.my_data, name="my_data"),
    path("konto/meine-daten/export/", views.my_data_export, name="my_data_export"),
    path("konto/meine-daten/loeschen/", views.erase_account, name="erase_account"),
    path("geschaeftsstelle/personen/", views.office_people, name="office_people"),
    path(
        "geschaeftsstelle/personen/<int:pk>/export/",
        views.office_person_export,
        name="office_person_export",
    ),
    path(
        "geschaeftsstelle/personen/<int:pk>/loeschen/",
        views.office_person_erase,
        name="office_person_erase",
    ),
]
