"""Loads the demo data of every app, in dependency order. Running it twice changes nothing.

Each app that has demo data provides `<app>/demo.py` with a function `load(stdout)`.
"""

from importlib import import_module

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

DEMO_APPS = ["municipalities", "accounts", "catalog", "matching", "events", "partnerships"]


class Command(BaseCommand):
    help = "Load the demo data (idempotent). Local use only: the passwords are public."

    def handle(self, *args, **options):
        modules = []
        for app in DEMO_APPS:
            try:
                modules.append(import_module(f"{app}.demo"))
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
        # Demo notifications would flood the console with e-mails: keep them in memory.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            for module in modules:
                self.stdout.write(f"Demo data: {module.__name__.split('.')[0]}")
                with transaction.atomic():
                    module.load(self.stdout)
        # Index updates run as background tasks; for the demo, build the index at once.
        call_command("rebuild_index", "--no-progress", stdout=self.stdout)
        for module in modules:
            if hasattr(module, "print_logins"):
                module.print_logins(self.stdout)
