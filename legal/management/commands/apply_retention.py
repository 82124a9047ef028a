from django.core.management.base import BaseCommand

from legal.retention import apply_retention, apply_retention_task


class Command(BaseCommand):
    help = (
        "Apply the retention periods (RETENTION_* settings): reduce the search log, delete old "
        "contact requests, notifications and unconfirmed accounts, warn and remove inactive "
        "accounts. Run daily; --dry-run only lists what is due."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what is due; change nothing."
        )
        parser.add_argument(
            "--queue", action="store_true", help="Queue the task for the worker (from cron)."
        )

    def handle(self, *args, dry_run=False, queue=False, **options):
        if queue:
            result = apply_retention_task.enqueue()
            self.stdout.write(f"queued {result.id}")
            return
        if dry_run:
            self.stdout.write("Dry run: nothing is changed.")
        for result in apply_retention(dry_run=dry_run):
            self.stdout.write(f"- {result.text}")
