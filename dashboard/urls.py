from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("konto/", views.dashboard, name="dashboard"),
]
