from django.core.management.base import BaseCommand

from matching.alerts import send_match_digests


class Command(BaseCommand):
    help = "Queue the daily digest of new matches for saved searches and needs (run from cron)."

    def handle(self, *args, **options):
        result = send_match_digests.enqueue()
        self.stdout.write(f"queued {result.id}")
