from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("loesungen/<slug:slug>/", views.solution_detail, name="solution"),
    path("anbieter/<slug:slug>/", views.provider_detail, name="provider"),
]
