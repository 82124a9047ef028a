from django.core.management.base import BaseCommand

from events.tasks import send_workshop_reminders


class Command(BaseCommand):
    help = "Queue the reminder task for workshops starting within a day (run hourly from cron)."

    def handle(self, *args, **options):
        result = send_workshop_reminders.enqueue()
        self.stdout.write(f"queued {result.id}")
