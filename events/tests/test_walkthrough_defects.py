"""Defects a new user met on the workshop pages (issue 16, walkthrough December 2026)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import MunicipalityOrgFactory, member_of
from catalog.tests.factories import ProviderProfileFactory, SolutionFactory
from events import services
from events.models import Question

from .factories import WorkshopFactory, past

pytestmark = pytest.mark.django_db


def accepted_slots(workshop, provider_user, office_user, provider_org, count):
    profile = ProviderProfileFactory(organisation=provider_org)
    for n in range(count):
        slot = services.apply_for_slot(
            actor=provider_user,
            workshop=workshop,
            solution=SolutionFactory(provider=profile, title=f"Lösung {n}"),
            abstract="Vortrag",
        )
        services.decide_slot(actor=office_user, slot=slot, accept=True)


def manage_row(page, title):
    row = re.search(rf"<tr><th scope=\"row\"><a [^>]*>{title}</a></th>(.*?)</tr>", page, re.S)
    return re.findall(r"<td>(.*?)</td>", row.group(1))


def test_manage_counts_each_registration_once_however_many_slots(
    provider_user, provider_org, office_user, municipality_user, client_for
):
    workshop = WorkshopFactory(title="Mobilität im ländlichen Raum", capacity=40)
    accepted_slots(workshop, provider_user, office_user, provider_org, count=3)
    services.register(actor=municipality_user, workshop=workshop)
    page = client_for(office_user).get(reverse("events:manage")).content.decode()
    registered, waiting, applications = manage_row(page, "Mobilität im ländlichen Raum")[2:]
    assert (registered, waiting, applications) == ("1 / 40", "0", "0")


def test_confirmation_links_to_the_workshop_not_to_the_cancel_page(municipality_user, client_for):
    workshop = WorkshopFactory(title="Sensorik im Wald")
    registration = services.register(actor=municipality_user, workshop=workshop)
    page = client_for(municipality_user).get(reverse("core:notifications")).content.decode()
    assert f'href="{workshop.get_absolute_url()}"' in page
    assert registration.get_cancel_url() not in page
    # the workshop page it opens offers the cancel link
    detail = client_for(municipality_user).get(workshop.get_absolute_url()).content.decode()
    assert f'href="{registration.get_cancel_url()}"' in detail


def test_confirmation_email_says_where_to_cancel(
    municipality_user, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(title="Sensorik im Wald")
    with django_capture_on_commit_callbacks(execute=True):
        services.register(actor=municipality_user, workshop=workshop)
    (message,) = mail.outbox
    assert "können sich dort abmelden" in message.body
    assert message.body.rstrip().endswith(workshop.get_absolute_url())
    assert "/abmelden/" not in message.body


def test_questions_are_numbered_per_workshop(municipality_user, office_user, client_for):
    other = WorkshopFactory()
    services.register(actor=municipality_user, workshop=other)
    for text in ("Erste", "Zweite", "Dritte"):
        services.ask_question(actor=municipality_user, workshop=other, text=text)
    workshop = WorkshopFactory()
    services.register(actor=municipality_user, workshop=workshop)
    services.ask_question(actor=municipality_user, workshop=workshop, text="Die einzige Frage")
    page = client_for(municipality_user).get(workshop.get_absolute_url()).content.decode()
    assert re.findall(r"Frage Nr\. (\d+)", page) == ["1"]
    page = client_for(municipality_user).get(other.get_absolute_url()).content.decode()
    assert re.findall(r"Frage Nr\. (\d+)", page) == ["1", "2", "3"]


def test_office_merges_by_the_number_shown(municipality_user, office_user, client_for):
    workshop = WorkshopFactory(capacity=5)
    second_town = member_of(MunicipalityOrgFactory())
    for user in (municipality_user, second_town):
        services.register(actor=user, workshop=workshop)
    first = services.ask_question(actor=municipality_user, workshop=workshop, text="Kosten?")
    second = services.ask_question(actor=second_town, workshop=workshop, text="Preis?")
    client_for(office_user).post(
        reverse("events:moderate_question", args=[workshop.slug, second.pk]),
        {"action": "merge", "into": "1"},
    )
    second.refresh_from_db()
    assert second.merged_into == first
    response = client_for(office_user).post(
        reverse("events:moderate_question", args=[workshop.slug, first.pk]),
        {"action": "merge", "into": "7"},
    )
    assert response.status_code == 404
    assert Question.objects.get(pk=first.pk).merged_into is None


def test_past_workshop_shows_no_free_seats(municipality_user, client_for):
    workshop = WorkshopFactory(capacity=60)
    services.register(actor=municipality_user, workshop=workshop)
    page = client_for(municipality_user).get(workshop.get_absolute_url()).content.decode()
    assert "Freie Plätze</dt><dd>59 / 60</dd>" in page
    past(workshop)
    page = client_for(municipality_user).get(workshop.get_absolute_url()).content.decode()
    assert "Freie Plätze" not in page


def test_holidays_in_hessen():
    from datetime import date

    from events.demo import hessen_holidays

    days = hessen_holidays(2026)
    assert {date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 14), date(2026, 6, 4)} <= days
    assert {date(2026, 12, 25), date(2026, 12, 31), date(2026, 10, 3)} <= days
    assert date(2026, 4, 7) not in days and date(2026, 12, 23) not in days


@pytest.mark.parametrize(
    ("earliest", "expected_day", "expected_deadline"),
    [
        ("2026-12-27", "2027-01-05", "2026-12-23"),  # the walkthrough's Christmas case
        ("2026-12-06", "2026-12-08", "2026-12-04"),  # Sunday → Tuesday, deadline Friday
        ("2026-06-04", "2026-06-09", "2026-06-05"),  # Fronleichnam (Thu) → next Tuesday
    ],
)
def test_demo_workshop_and_deadline_on_working_days(earliest, expected_day, expected_deadline):
    from datetime import date

    from events.demo import deadline_before, workshop_day

    day = workshop_day(date.fromisoformat(earliest))
    assert day.isoformat() == expected_day
    deadline = deadline_before(day)
    assert (deadline.date().isoformat(), deadline.hour) == (expected_deadline, 12)


def test_demo_upcoming_workshop_is_on_a_working_day(db):
    import io

    from events import demo
    from events.models import Workshop

    demo.load(io.StringIO())
    upcoming = Workshop.objects.get(slug="mobilitaet-im-laendlichen-raum")
    start = upcoming.starts_at.astimezone(demo.BERLIN)
    deadline = upcoming.registration_deadline.astimezone(demo.BERLIN)
    assert start.weekday() in (1, 2, 3) and demo.is_working_day(start.date())
    assert demo.is_working_day(deadline.date()) and deadline < start
    assert upcoming.registration_open
