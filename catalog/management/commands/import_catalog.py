from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from catalog.exchange import ExchangeError, import_catalog, load_file


def _count(document, key):
    records = document.get(key) if isinstance(document, dict) else None
    return len(records) if isinstance(records, list) else 0


class Command(BaseCommand):
    help = "Import providers and solutions in the exchange format (one transaction, idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--publish", action="store_true", help="publish new records at once")

    def handle(self, *args, **options):
        try:
            document = load_file(options["file"])
            total = _count(document, "providers") + _count(document, "solutions")
            with tqdm(total=total, desc="Import", unit="record", disable=None) as bar:
                result = import_catalog(document, publish=options["publish"], progress=bar.update)
        except (ExchangeError, OSError) as exc:
            raise CommandError(
                _("Import failed, nothing was changed: %(error)s") % {"error": exc}
            ) from exc
        for kind in ("providers", "solutions"):
            self.stdout.write(
                f"{kind}: {result.created[kind]} created, {result.updated[kind]} updated, "
                f"{result.unchanged[kind]} unchanged"
            )
