from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("loesungen/", views.search, name="search"),
    path("vorhaben/", views.need_list, name="needs"),
    path("vorhaben/neu/", views.need_create, name="need_create"),
    path("vorhaben/<int:pk>/", views.need_detail, name="need"),
]
