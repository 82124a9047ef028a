"""RFC 5545 calendars for workshops; times in UTC so DST changes cannot shift them."""

from datetime import UTC

from django.utils import timezone
from icalendar import Calendar, Event

from core.services import absolute_url


def _calendar():
    cal = Calendar()
    cal.add("prodid", "-//Smart Region Marktplatz//Veranstaltungen//DE")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    return cal


def _event(workshop, *, with_link=False):
    event = Event()
    event.add("uid", f"workshop-{workshop.pk}@smart-region-marktplatz")
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", workshop.starts_at.astimezone(UTC))
    event.add("dtend", workshop.ends_at.astimezone(UTC))
    event.add("summary", workshop.title)
    url = absolute_url(workshop.get_absolute_url())
    event.add("url", url)
    description = workshop.theme or workshop.title
    if with_link and workshop.video_link:
        description += f"\n{workshop.video_link}"
    event.add("description", f"{description}\n{url}")
    if workshop.address:
        event.add("location", workshop.address)
    if workshop.status == workshop.Status.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    return event


def workshop_ics(workshop, *, with_link=False) -> bytes:
    cal = _calendar()
    cal.add_component(_event(workshop, with_link=with_link))
    return cal.to_ical()


def feed_ics(workshops) -> bytes:
    cal = _calendar()
    cal.add("x-wr-calname", "Smart Region Veranstaltungen")
    for workshop in workshops:
        cal.add_component(_event(workshop))
    return cal.to_ical()
