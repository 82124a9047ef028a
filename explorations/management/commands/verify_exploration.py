from django.core.management.base import BaseCommand, CommandError

from explorations.integrity import verify


class Command(BaseCommand):
    help = "Recompute a market exploration record's SHA-256: exit 0 when intact, 1 when not."

    def add_arguments(self, parser):
        parser.add_argument("pk", type=int)

    def handle(self, *args, pk, **options):
        result = verify(pk)
        if result is None:
            raise CommandError(f"No market exploration record {pk}.", returncode=1)
        stored, computed = result
        if stored != computed:
            raise CommandError(
                f"Record {pk} has been changed: stored {stored}, computed {computed}.",
                returncode=1,
            )
        self.stdout.write(f"Record {pk} intact: SHA-256 {stored}")
