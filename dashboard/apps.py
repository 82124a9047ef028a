from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """ "Mein Bereich" (/konto/): the signed-in person's work from every domain, per role.

    Sits on top of the app graph beside api and office: it reads from every app, no app
    imports it.
    """

    name = "dashboard"
