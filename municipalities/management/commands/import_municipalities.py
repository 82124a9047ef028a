"""Import the Hessian municipality register: `manage.py import_municipalities [FILE]`."""

from functools import partial

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from municipalities.services import DEFAULT_REGISTER_FILE, RegisterImportError, import_register

MAX_ERRORS_SHOWN = 20


class Command(BaseCommand):
    help = (
        "Import the municipality register CSV (default: the shipped Destatis extract). "
        "Idempotent; a malformed row stops the import and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DEFAULT_REGISTER_FILE))
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, file, no_progress, **options):
        progress = None
        if not no_progress:
            progress = partial(
                tqdm, desc=_("Municipality register"), unit=_("rows"), file=self.stderr._out
            )
        try:
            result = import_register(path=file, progress=progress)
        except RegisterImportError as exc:
            lines = [str(e) for e in exc.errors[:MAX_ERRORS_SHOWN]]
            if len(exc.errors) > MAX_ERRORS_SHOWN:
                lines.append(
                    _("… and %(count)d more errors.")
                    % {"count": len(exc.errors) - MAX_ERRORS_SHOWN}
                )
            raise CommandError(
                _("%(file)s: nothing was imported.") % {"file": file} + "\n" + "\n".join(lines)
            ) from exc
        summary = result.summary()
        kinds = ", ".join(f"{kind}: {count}" for kind, count in sorted(result.kinds.items()))
        self.stdout.write(self.style.SUCCESS(summary) + f" ({kinds})")
        if not result.changed:
            self.stdout.write(_("The register was already up to date; nothing changed."))
