"""Extra data the journeys need on top of `manage.py demo_data` (idempotent).

Runs inside the live server's environment (`manage.py shell -c`), before gunicorn starts:
the browser tests themselves never touch the ORM.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import Membership, Organisation, User
from catalog.models import Topic
from events.models import Workshop
from matching.models import ThesaurusEntry
from municipalities.models import Municipality
from partnerships.models import Partnership

from .support import DEMO_PASSWORD

SECOND_TOWN_USER = "kommune@fulda.e2e.example"
SMALL_WORKSHOP = "e2e-sensorik-sprechstunde"  # capacity 1: the second person waits
# In the initiation stage the partnership page shows all its small forms at once (invite,
# budget, criterion, milestone, document): the HTML check needs one such page.
INITIATION_PARTNERSHIP = "Straßenbeleuchtung nach Bedarf (E2E)"


def _town_member(email: str, name: str, ags: str, town_name: str) -> User:
    municipality = Municipality.objects.get(ags=ags)
    town = Organisation.objects.filter(municipality=municipality).first()
    if town is None:
        town = Organisation.objects.create(
            kind=Organisation.Kind.MUNICIPALITY,
            slug=f"e2e-{ags}",
            name=town_name,
            municipality=municipality,
        )
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email=email, password=DEMO_PASSWORD, name=name
    )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    Membership.objects.get_or_create(
        user=user,
        organisation=town,
        defaults={"role": Membership.Role.EDITOR, "status": Membership.Status.ACTIVE},
    )
    return user


def _small_workshop() -> Workshop:
    starts = (timezone.localtime() + timedelta(days=14)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )
    workshop, created = Workshop.objects.get_or_create(
        slug=SMALL_WORKSHOP,
        defaults={
            "title": "Sprechstunde Umweltsensorik",
            "theme": "Pegel, Bodenfeuchte und Luftqualität messen",
            "description": "Eine kleine Runde: ein Platz, Fragen vorab willkommen.",
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=1),
            "registration_deadline": starts - timedelta(days=1),
            "format": Workshop.Format.ONLINE,
            "video_link": "https://video.demo.smarte-region.de/sprechstunde",
            "capacity": 1,
            "status": Workshop.Status.PUBLISHED,
        },
    )
    if created:
        workshop.topics.set(Topic.objects.filter(slug__in=["umwelt-klima", "wasser"]))
    return workshop


def _initiation_partnership() -> Partnership:
    town = Organisation.objects.get(slug="bad-hersfeld")
    partnership, _ = Partnership.objects.get_or_create(
        title=INITIATION_PARTNERSHIP,
        defaults={"municipality": town, "problem": "Straßenlaternen brennen die ganze Nacht."},
    )
    return partnership


def _inactive_thesaurus_group() -> None:
    """A row in the office's thesaurus table (its 390 px reflow check); inactive, so it does
    not change any search result."""
    ThesaurusEntry.objects.get_or_create(
        words="Straßenlaterne, Leuchte, Straßenbeleuchtung", defaults={"active": False}
    )


def load() -> None:
    _town_member(SECOND_TOWN_USER, "Frieda Fulda", "06631009", "Fulda")
    _small_workshop()
    _initiation_partnership()
    _inactive_thesaurus_group()
