from datetime import timedelta

import factory
from django.utils import timezone

from events.models import Workshop


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    title = factory.Sequence(lambda n: f"Workshop {n}")
    theme = "Wasser, Forst, Klimaschutz"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    registration_deadline = factory.LazyAttribute(lambda o: o.starts_at - timedelta(days=1))
    format = Workshop.Format.ONLINE
    video_link = "https://video.example.org/raum-geheim"
    capacity = 2
    audience = Workshop.Audience.MUNICIPALITIES
    status = Workshop.Status.PUBLISHED


def past(workshop):
    """Move a workshop into the past (creation-time checks have passed already)."""
    start = timezone.now() - timedelta(days=3)
    Workshop.objects.filter(pk=workshop.pk).update(
        starts_at=start, ends_at=start + timedelta(hours=3), registration_deadline=start
    )
    workshop.refresh_from_db()
    return workshop
