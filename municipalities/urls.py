from django.urls import path

from . import views

app_name = "municipalities"
urlpatterns = [
    path("kommunen/", views.municipality_list, name="list"),
    path("kommunen/<str:ags>/", views.municipality_detail, name="detail"),
]
