from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"

    def ready(self):
        from catalog.services import register_upload_usage
        from matching.chronology import register_entry_source

        from .chronology import workshop_entries
        from .services import material_upload_usage

        register_entry_source(workshop_entries)
        register_upload_usage(material_upload_usage)
