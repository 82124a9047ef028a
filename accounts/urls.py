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
