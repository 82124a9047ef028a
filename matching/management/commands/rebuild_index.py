from django.core.management.base import BaseCommand
from tqdm import tqdm

from matching.indexing import rebuild


class Command(BaseCommand):
    help = "Re-index every published solution and publish one new search snapshot."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, no_progress=False, **options):
        bar = tqdm(unit=" solutions", disable=no_progress, file=self.stderr)

        def progress(done, total):
            bar.total = total
            bar.update(done - bar.n)

        count = rebuild(progress)
        bar.close()
        self.stdout.write(f"Indexed {count} published solutions.")
