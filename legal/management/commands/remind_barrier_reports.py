from django.core.management.base import BaseCommand

from legal.tasks import remind_barrier_reports


class Command(BaseCommand):
    help = (
        "Queue the daily barrier-report task (run daily from cron): reminds the office of "
        "overdue reports at most once a week each and deletes answered reports after "
        "RETENTION_BARRIER_REPORT_MONTHS."
    )

    def handle(self, *args, **options):
        result = remind_barrier_reports.enqueue()
        self.stdout.write(f"queued {result.id}")
