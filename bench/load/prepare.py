"""Load benchmark fixtures in the bench database (bench/load/run.py runs each step in the
server's environment):

- `python bench/load/prepare.py OUT.json USERS`: signed-in users, a workshop, needs, and the
  list of solution pages and searches the Locust users pick from (written as JSON); after
  migrate, demo_data and bench/datagen.py.
- `python bench/load/prepare.py --pending N`: at least N submitted solutions (copies of
  generated ones) wait in the office's moderation queue, for the catalog writes during the run.
- `python bench/load/prepare.py --drain`: runs every queued background task as the task worker
  would (demo_data and the fixtures leave index, match and mail tasks behind), waits for
  delayed ones, then publishes one search snapshot; prints what it did as JSON. Production
  mode then starts with an empty queue and loads that snapshot warm.
"""

import json
import os
import random
import secrets
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PASSWORD = "Lasttest-Passwort-2026"  # bench database only
PENDING_SLUG = "bench-load-freigabe-"  # submitted solutions the run publishes
DRAIN_LIMIT = 900  # seconds the drain may take before the run gives up
QUERIES = [
    "Parkplatz",
    "Leckage",
    "Hochwasser",
    "Baumkataster",
    "Bürgerservice",
    "Straßenbeleuchtung",
    "LoRaWAN",
    "Terminvereinbarung",
    "Abfall",
    "Waldbrand",
    "Beteiligung",
    "Kita",
    "Verkehrszählung",
    "Energie",
    "Ratsinformation",
    "Sensoren",
    "Schulweg",
    "Luftqualität",
    "Starkregen",
    "Tourismus",
    "Datenplattform",
    "Pflege",
    "Digitaler Zwilling",
    "E-Akte",
]
NEED_TEXTS = [
    ("Freie Parkplätze in der Innenstadt anzeigen", "Wir wollen den Parksuchverkehr senken."),
    ("Wasserverluste im Netz finden", "Unser Trinkwassernetz verliert zu viel Wasser."),
    ("Stadtbäume bei Trockenheit gießen", "Die Bäume leiden unter Hitze und Trockenheit."),
    ("Bürgeranliegen online annehmen", "Anträge sollen digital gestellt werden können."),
]


def users(n, kind_label, towns):
    from allauth.account.models import EmailAddress

    from accounts.models import Membership, Organisation, User

    emails = []
    for i in range(n):
        town = towns.pop()
        org = Organisation.objects.create(
            kind=Organisation.Kind.MUNICIPALITY,
            name=town.name,
            slug=f"bench-kommune-{town.ags}",
            municipality=town,
        )
        email = f"{kind_label}-{i + 1}@lasttest.invalid"
        user = User.objects.create_user(email=email, password=PASSWORD, name=f"Lasttest {i + 1}")
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        Membership.objects.create(
            user=user, organisation=org, role="admin", status=Membership.Status.ACTIVE
        )
        emails.append((email, org))
    return emails


def prepare(n_users):
    from django.db import transaction
    from django.utils import timezone

    from catalog.models import Solution, Standard, Topic
    from events.models import Workshop
    from matching.models import Need
    from municipalities.models import Municipality

    rng = random.Random(7)
    with transaction.atomic():
        towns = list(Municipality.objects.gemeinden().filter(organisation__isnull=True)[:100])
        need_users = users(n_users, "vorhaben", towns)
        workshop_users = users(n_users, "workshop", towns)
        needs = {}
        for email, org in need_users:
            needs[email] = []
            for title, text in rng.sample(NEED_TEXTS, 2):
                need = Need.objects.create(organisation=org, title=title, description=text)
                needs[email].append(need.pk)
        start = timezone.now() + timedelta(days=30)
        workshop = Workshop.objects.create(
            title="Lasttest-Werkstatt",
            slug="bench-lasttest-werkstatt",
            theme="Lasttest",
            starts_at=start,
            ends_at=start + timedelta(hours=3),
            registration_deadline=start - timedelta(days=1),
            capacity=n_users,
            status=Workshop.Status.PUBLISHED,
            video_link="https://video.example/lasttest",
        )
    slugs = list(Solution.objects.published().values_list("slug", flat=True))
    return {
        "password": PASSWORD,
        "need_users": needs,
        "workshop_users": [email for email, _org in workshop_users],
        "workshop": workshop.slug,
        "solutions": rng.sample(slugs, min(2000, len(slugs))),
        "queries": QUERIES,
        "topics": list(Topic.objects.values_list("slug", flat=True)),
        "standards": list(Standard.objects.accepted().values_list("slug", flat=True)[:20]),
        "topic_ids": list(Topic.objects.values_list("pk", flat=True)),
    }


def pending(n):
    """At least `n` submitted solutions in the moderation queue: copies of generated published
    ones (same provider, topics and standards), with a title and slug of their own."""
    from django.db import transaction

    from catalog.models import Solution, Status

    waiting = Solution.objects.filter(slug__startswith=PENDING_SLUG, status=Status.SUBMITTED)
    missing = n - waiting.count()
    if missing <= 0:
        return 0
    sources = list(
        Solution.objects.published()
        .filter(slug__startswith="bench-")
        .order_by("pk")
        .prefetch_related("topics", "standards")[:missing]
    )
    with transaction.atomic():
        for i, source in enumerate(sources):
            topics, standards = list(source.topics.all()), list(source.standards.all())
            copy = source
            copy.pk = None
            copy.slug = f"{PENDING_SLUG}{secrets.token_hex(4)}-{i}"
            copy.title = f"{source.title} (Lasttest-Freigabe {i + 1})"[:200]
            copy.external_id = None
            copy.status = Status.SUBMITTED
            copy.published_at = None
            copy.save()  # not published: no index task, no new version
            copy.topics.set(topics)
            copy.standards.set(standards)
    return len(sources)


def drain():
    """Run the queued tasks (the production task worker in batch mode) until none is left,
    waiting for delayed ones (a publish waits SEARCH_PUBLISH_DELAY), then publish once."""
    from django.core.management import call_command
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from matching import index

    queued = DBTaskResult.objects.filter(status=TaskResultStatus.READY)

    def run_all():
        started = time.monotonic()
        while queued.exists():
            if time.monotonic() - started > DRAIN_LIMIT:
                raise SystemExit(f"tasks still queued after {DRAIN_LIMIT} s")
            call_command("task_worker", "--batch", "--no-startup-delay", "--queue-name", "*")
            if queued.exists():
                time.sleep(0.5)  # delayed tasks (run_after in the future)
        return time.monotonic() - started

    before = dict(Counter(queued.values_list("task_path", flat=True)))
    drained = run_all()
    published = time.monotonic()
    snapshot = index.publish()
    publish_seconds = time.monotonic() - published
    # The new version queues the refresh of the stored need matches: run it now as well.
    after = dict(Counter(queued.values_list("task_path", flat=True)))
    drained += run_all()
    return {
        "queued": before,
        "queued_by_publish": after,
        "drain_seconds": round(drained, 1),
        "failed_tasks": DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count(),
        "version": snapshot.version,
        "solutions": len(snapshot.index),
        "publish_seconds": round(publish_seconds, 1),
    }


def main():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartregion.settings")
    import django

    django.setup()
    if sys.argv[1] == "--pending":
        print(json.dumps({"pending_created": pending(int(sys.argv[2]))}))
    elif sys.argv[1] == "--drain":
        print(json.dumps(drain()))
    else:
        out, n_users = Path(sys.argv[1]), int(sys.argv[2])
        out.write_text(json.dumps(prepare(n_users), indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
