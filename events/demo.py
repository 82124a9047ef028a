"""Demo workshops: the past "Wasser, Forst, Klimaschutz" and an upcoming one (by slug)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import Organisation, User
from catalog.models import Solution, Topic

from .models import Material, ProgrammeSlot, Question, QuestionVote, Registration, Workshop

BERLIN = ZoneInfo("Europe/Berlin")
# A minimal valid one-page PDF so the slides download works in the demo.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
QUESTIONS = [
    "Wie erkennen wir Trockenstress im Stadtwald frühzeitig, ohne jeden Bestand abzugehen?",
    "Welche Pegelsensoren halten Hochwasser stand und wer wartet sie?",
    "Wie verbinden wir Starkregen-Warnungen mit unserer Bauhof-Einsatzplanung?",
]


def _easter(year):
    """Easter Sunday (Gregorian calendar, anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 (the algorithm's name)
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def hessen_holidays(year):
    """Public holidays in Hessen, plus the days between Christmas and New Year when town
    halls are mostly closed."""
    easter = _easter(year)
    days = {date(year, 1, 1), date(year, 5, 1), date(year, 10, 3)}
    days |= {easter + timedelta(days=n) for n in (-2, 1, 39, 50, 60)}
    days |= {date(year, 12, 24) + timedelta(days=n) for n in range(8)}
    return days


def is_working_day(day):
    return day.weekday() < 5 and day not in hessen_holidays(day.year)


def workshop_day(earliest):
    """The first Tuesday, Wednesday or Thursday from `earliest` that is a working day and
    leaves two working days before it for the registration deadline."""
    day = earliest
    while not (day.weekday() in (1, 2, 3) and is_working_day(day)):
        day += timedelta(days=1)
    return day


def deadline_before(day, working_days=2):
    """Noon of the working day `working_days` working days before `day`."""
    while working_days:
        day -= timedelta(days=1)
        if is_working_day(day):
            working_days -= 1
    return datetime(day.year, day.month, day.day, 12, 0, tzinfo=BERLIN)


def _workshop(slug, **fields):
    topics = fields.pop("topics")
    workshop, created = Workshop.objects.get_or_create(slug=slug, defaults=fields)
    if created:
        workshop.topics.set(Topic.objects.filter(slug__in=topics))
    return workshop, created


def _solutions(topic_slugs, count):
    solutions = list(
        Solution.objects.published()
        .filter(topics__slug__in=topic_slugs)
        .select_related("provider")
        .distinct()
        .order_by("pk")[:count]
    )
    return solutions or list(Solution.objects.published().select_related("provider")[:count])


def _programme(workshop, solutions, first_start):
    start = first_start
    for solution in solutions:
        ProgrammeSlot.objects.get_or_create(
            workshop=workshop,
            solution=solution,
            defaults={
                "provider": solution.provider,
                "abstract": f"{solution.title}: {solution.summary}"[:500],
                "status": ProgrammeSlot.Status.ACCEPTED,
                "starts_at": start,
                "ends_at": start + timedelta(minutes=25),
            },
        )
        start += timedelta(minutes=30)


def load(stdout):
    town_user = User.objects.filter(email="kommune@demo.smarte-region.de").first()
    town = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY, slug="bad-hersfeld")
    town = town.first() or (town_user and town_user.memberships.first().organisation)

    start = datetime(2026, 9, 17, 10, 0, tzinfo=BERLIN)
    fair, fair_created = _workshop(
        "wasser-forst-klimaschutz",
        title="Wasser, Forst, Klimaschutz",
        theme="Klimafolgen vor Ort: Wasser, Wald und Starkregen",
        description=(
            "Die erste **virtuelle Messe** der Smarten Region: Anbieter zeigen Lösungen für "
            "Wassermanagement, Waldmonitoring und Klimaanpassung, Kommunen bringen ihre Fragen "
            "aus der Praxis mit."
        ),
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        registration_deadline=start - timedelta(days=2),
        format=Workshop.Format.ONLINE,
        video_link="https://video.demo.smarte-region.de/wasser-forst-klimaschutz",
        capacity=60,
        status=Workshop.Status.DONE,
        recording_url="https://video.demo.smarte-region.de/aufzeichnung/wfk",
        topics=["wasser", "forst-landwirtschaft", "umwelt-klima"],
    )
    _programme(fair, _solutions(["wasser", "forst-landwirtschaft", "umwelt-klima"], 3), start)
    if town_user:
        Registration.objects.get_or_create(
            workshop=fair,
            user=town_user,
            defaults={"organisation": town, "status": Registration.Status.CONFIRMED,
                      "created_at": start - timedelta(days=10)},
        )  # fmt: skip
        for i, text in enumerate(QUESTIONS):
            question, _created = Question.objects.get_or_create(
                workshop=fair, text=text,
                defaults={"author": town_user, "organisation": town, "anonymous": i == 2},
            )  # fmt: skip
        office_user = User.objects.filter(email="geschaeftsstelle@demo.smarte-region.de").first()
        if office_user:
            first = Question.objects.get(workshop=fair, text=QUESTIONS[0])
            QuestionVote.objects.get_or_create(question=first, user=office_user)
    if not fair.materials.filter(title="Folien der Anbieter").exists():
        Material.objects.create(
            workshop=fair,
            title="Folien der Anbieter",
            file=ContentFile(DEMO_PDF, name="wasser-forst-klimaschutz-folien.pdf"),
            published=False,
        )
    Material.objects.get_or_create(
        workshop=fair,
        title="Aufzeichnung",
        defaults={"url": fair.recording_url, "published": True},
    )

    day = workshop_day(timezone.localdate() + timedelta(days=21))
    next_start = datetime(day.year, day.month, day.day, 10, 0, tzinfo=BERLIN)
    upcoming, upcoming_created = _workshop(
        "mobilitaet-im-laendlichen-raum",
        title="Mobilität im ländlichen Raum",
        theme="Parken, Rufbus und Radverkehr smart steuern",
        description="Anbieter stellen Lösungen für Parkraum, On-Demand-Verkehr und Radwege vor.",
        starts_at=next_start,
        ends_at=next_start + timedelta(hours=2, minutes=30),
        registration_deadline=deadline_before(day),
        format=Workshop.Format.HYBRID,
        video_link="https://video.demo.smarte-region.de/mobilitaet",
        address="Stadthalle Bad Hersfeld, Am Kurpark 1, 36251 Bad Hersfeld",
        capacity=40,
        status=Workshop.Status.PUBLISHED,
        topics=["mobilitaet"],
    )
    _programme(upcoming, _solutions(["mobilitaet"], 2), next_start + timedelta(minutes=15))
    stdout.write(
        f"  events: {'created' if fair_created else 'kept'} “{fair.title}”, "
        f"{'created' if upcoming_created else 'kept'} “{upcoming.title}”"
    )
