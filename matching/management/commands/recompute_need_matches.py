from django.core.management.base import BaseCommand
from tqdm import tqdm

from matching.need_matches import refresh


class Command(BaseCommand):
    help = (
        "Rank every need (open and closed) against the current search index and store its "
        "matches; --stale: only needs without stored matches and open needs with outdated "
        "ones (as the task worker does)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale", action="store_true", help="only missing and outdated (as the worker does)"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, stale=False, no_progress=False, **options):
        bar = tqdm(unit=" needs", disable=no_progress, file=self.stderr)

        def progress(done, total):
            bar.total = total
            bar.update(done - bar.n)

        count = refresh(everything=not stale, progress=progress)
        bar.close()
        self.stdout.write(f"Stored the matches of {count} need{'' if count == 1 else 's'}.")
