from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("loesungen/", views.search, name="search"),
    path("vorhaben/<int:pk>/", views.need_detail, name="need"),
]
