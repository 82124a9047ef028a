from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from catalog.exchange import ExchangeError, import_catalog, load_file


class Command(BaseCommand):
    help = "Import providers and solutions in the exchange format (one transaction, idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--publish", action="store_true", help="publish new records at once")

    def handle(self, *args, **options):
        try:
            document = load_file(options["file"])
            total = len(document.get("providers") or []) + len(document.get("solutions") or [])
            with tqdm(total=total, desc="Import", unit="record", disable=None) as bar:
                result = import_catalog(document, publish=options["publish"], progress=bar.update)
        except (ExchangeError, OSError) as exc:
            raise CommandError(f"Import failed, nothing was changed: {exc}") from exc
        for kind in ("providers", "solutions"):
            self.stdout.write(
                f"{kind}: {result.created[kind]} created, {result.updated[kind]} updated, "
                f"{result.unchanged[kind]} unchanged"
            )
