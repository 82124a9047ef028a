from django.core.management.base import BaseCommand

from matching.compounds import TABLES, build_model, model_dir


class Command(BaseCommand):
    help = "Convert the compound-splitting model into compact tries (run once per install)."

    def add_arguments(self, parser):
        parser.add_argument("--if-missing", action="store_true", help="keep an existing model")

    def handle(self, *args, if_missing=False, **options):
        target = model_dir()
        if if_missing and all((target / f"{n}.marisa").exists() for n in TABLES):
            self.stdout.write(f"Compound model present: {target}")
            return
        self.stdout.write(f"Compound model written to {build_model(target)}")
