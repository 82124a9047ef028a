from django.core.management.base import BaseCommand, CommandError

from matching.glossary import build, glossary_path, source_path


class Command(BaseCommand):
    help = "Build the German-English glossary from Debian's trans-de-en (run once per install)."

    def add_arguments(self, parser):
        parser.add_argument("--if-missing", action="store_true", help="keep an existing glossary")
        parser.add_argument(
            "--source", help=f"dictionary file in Ding format (default: {source_path()})"
        )

    def handle(self, *args, if_missing=False, source=None, **options):
        target = glossary_path()
        if if_missing and target.exists():
            self.stdout.write(f"Glossary present: {target}")
            return
        source = source or source_path()
        try:
            path, count = build(source, target)
        except FileNotFoundError as error:
            raise CommandError(
                f"Dictionary not found: {source} (install the Debian package trans-de-en)"
            ) from error
        self.stdout.write(f"Glossary written to {path}: {count} German words")
