"""A need's chronology (matching.chronology) lists the workshops its town attended: this source
is registered by EventsConfig.ready(), so matching does not import events."""

from django.utils import timezone
from django.utils.translation import gettext as _

from matching.chronology import Entry

from .models import Registration, Workshop


def workshop_entries(need):
    """The workshops on the need's topics that members of the town attended (or registered
    for, attendance not recorded)."""
    registrations = (
        Registration.objects.filter(
            organisation_id=need.organisation_id,
            status=Registration.Status.CONFIRMED,
            workshop__status__in=[Workshop.Status.PUBLISHED, Workshop.Status.DONE],
            workshop__topics__in=need.topics.all(),
            workshop__ends_at__lt=timezone.now(),
        )
        .exclude(attended=False)
        .select_related("workshop")
        .distinct()
        .order_by("workshop__starts_at", "pk")
    )
    by_workshop = {}
    for r in registrations:
        by_workshop.setdefault(r.workshop, []).append(r)
    entries = []
    for workshop, regs in by_workshop.items():
        attended = sum(1 for r in regs if r.attended)
        label = (
            _("Workshop attended")
            if attended
            else _("Workshop (registered, attendance not recorded)")
        )
        count = attended or len(regs)
        detail = (
            _("%(title)s — %(n)s person from your municipality")
            if count == 1
            else _("%(title)s — %(n)s people from your municipality")
        ) % {"title": workshop.title, "n": count}
        entries.append(Entry(workshop.starts_at, label, detail))
    return entries
