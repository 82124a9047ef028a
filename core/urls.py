from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("geschaeftsstelle/", views.office_home, name="office"),
    path("konto/benachrichtigungen/", views.notifications, name="notifications"),
]
