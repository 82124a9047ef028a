from django.apps import AppConfig


class OfficeConfig(AppConfig):
    """The office's own area (Geschäftsstelle): its home page with one card per section and
    the cockpit (statistics as SVG charts and CSV, `stats.py`, `svg.py`).

    Sits on top of the app graph: it links into every app, no app imports it.
    """

    name = "office"
