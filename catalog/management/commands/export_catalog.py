import json

from django.core.management.base import BaseCommand

from catalog.exchange import export_catalog


class Command(BaseCommand):
    help = "Export the published catalog in the exchange format."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        document = export_catalog()
        with open(options["file"], "w", encoding="utf-8") as fh:
            json.dump(document, fh, ensure_ascii=False, indent=1)
        self.stdout.write(f"{len(document['solutions'])} solutions written to {options['file']}")
