import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from core.schedule import start, tick


class Command(BaseCommand):
    help = "Queue the scheduled tasks at their times (retention, digests, reminders); runs forever."

    def handle(self, *args, **options):
        schedule = start(timezone.now())
        for job, due in schedule.items():
            self.stdout.write(f"{job.name}: next at {timezone.localtime(due):%Y-%m-%d %H:%M}")
        while True:
            for name in tick(schedule, timezone.now()):
                self.stdout.write(f"queued {name}")
            close_old_connections()
            time.sleep(30)
