import json

from django.core.management.base import BaseCommand

from matching.services import match_text


class Command(BaseCommand):
    help = "Rank published solutions for a free-text need (stable evaluation interface)."

    def add_arguments(self, parser):
        parser.add_argument("--title", required=True)
        parser.add_argument("--text", default="")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--json", action="store_true", help="print JSON (the default)")

    def handle(self, *args, **options):
        results = [
            {"id": hit["id"], "score": hit["score"]}
            for hit in match_text(options["title"], options["text"], options["limit"])
        ]
        self.stdout.write(json.dumps({"results": results}, ensure_ascii=False))
