"""`manage.py recover_tasks`: fail (and retry, if idempotent) tasks whose worker died."""

from django.core.management.base import BaseCommand

from core.worker import recover_stale_tasks


class Command(BaseCommand):
    help = "Tasks RUNNING longer than --minutes (TASK_STALE_MINUTES) count as failed; "
    "idempotent ones are queued again."

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=None)

    def handle(self, *args, minutes=None, **options):
        count = recover_stale_tasks(minutes)
        self.stdout.write(f"Recovered {count} lost tasks.")
