from django.urls import path

from . import views, views_health

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("konto/benachrichtigungen/", views.notifications, name="notifications"),
    path("healthz", views_health.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
]
