"""Load benchmark fixtures in the bench database: signed-in users, a workshop, needs, and the
list of solution pages and searches the Locust users pick from (written as JSON).

Run by bench/load/run.py after migrate, demo_data and generate_bench_data, in the server's
environment: `python bench/load/prepare.py OUT.json USERS`.
"""

import json
import os
import random
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PASSWORD = "Lasttest-Passwort-2026"  # bench database only
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


def main():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartregion.settings")
    import django

    django.setup()
    out, n_users = Path(sys.argv[1]), int(sys.argv[2])
    out.write_text(json.dumps(prepare(n_users), indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
