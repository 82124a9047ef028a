from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"

    def ready(self):
        from . import (
            indexing,  # noqa: F401  (connects the index to catalog.signals)
            need_matches,  # noqa: F401  (refreshes stored matches on a new version)
        )
