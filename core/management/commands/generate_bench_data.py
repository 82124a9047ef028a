"""Generated providers and solutions for benchmarks (bench/datagen.py). Never in production."""

from django.core.management.base import BaseCommand, CommandError

from bench.datagen import AlreadyGenerated, generate


class Command(BaseCommand):
    help = "Generate published providers and solutions for benchmarks (refuses to run twice)."

    def add_arguments(self, parser):
        parser.add_argument("--solutions", type=int, default=20000)
        parser.add_argument("--providers", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--no-index", action="store_true", help="skip the index rebuild")

    def handle(self, *args, **options):
        try:
            counts = generate(
                options["solutions"],
                options["providers"],
                options["seed"],
                progress=options["verbosity"] > 0,
                build_index=not options["no_index"],
            )
        except (AlreadyGenerated, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(", ".join(f"{key}: {value}" for key, value in counts.items()))
