from django.urls import path

from . import views, views_cockpit

app_name = "office"
urlpatterns = [
    path("geschaeftsstelle/", views.home, name="home"),
    path("geschaeftsstelle/statistik/", views_cockpit.cockpit, name="cockpit"),
    path(
        "geschaeftsstelle/statistik/<slug:slug>.csv", views_cockpit.cockpit_csv, name="cockpit-csv"
    ),
]
