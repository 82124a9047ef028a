from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "partnerships"

    def ready(self):
        from catalog.services import register_upload_usage

        from .services import document_upload_usage

        register_upload_usage(document_upload_usage)
