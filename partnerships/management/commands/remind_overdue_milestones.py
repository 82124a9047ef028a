from django.core.management.base import BaseCommand

from partnerships.tasks import remind_overdue_milestones


class Command(BaseCommand):
    help = (
        "Queue the reminder task for overdue milestones (run daily from cron; the task "
        "reminds each overdue milestone at most once a week)."
    )

    def handle(self, *args, **options):
        result = remind_overdue_milestones.enqueue()
        self.stdout.write(f"queued {result.id}")
