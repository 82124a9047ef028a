from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"

    def ready(self):
        from . import indexing  # noqa: F401  (connects the index to catalog.signals)
