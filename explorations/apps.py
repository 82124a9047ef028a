from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExplorationsConfig(AppConfig):
    name = "explorations"
    verbose_name = _("Market explorations")
