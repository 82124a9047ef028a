from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"

    def ready(self):
        from matching.chronology import register_entry_source

        from .chronology import workshop_entries

        register_entry_source(workshop_entries)
