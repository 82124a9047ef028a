"""Attendance: the office marks who attended a workshop that took place (audited)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.models import AuditEntry
from events import services
from events.models import Registration, Workshop

from .factories import WorkshopFactory, past

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(workshop, municipality_user, other_municipality_user, town_member):
    """A workshop in the past: two confirmed participants, one waiting, one cancelled."""
    workshop.capacity = 2
    workshop.save()
    first = services.register(actor=municipality_user, workshop=workshop)
    second = services.register(actor=other_municipality_user, workshop=workshop)
    waiting = services.register(actor=town_member(), workshop=workshop)
    gone = town_member()
    services.cancel_registration(
        actor=gone, registration=services.register(actor=gone, workshop=workshop)
    )
    assert waiting.status == Registration.Status.WAITING
    return past(workshop), first, second, waiting


def _url(workshop):
    return reverse("events:attendance", args=[workshop.slug])


def test_office_records_attendance_and_it_is_audited(held, office_user, client_for):
    workshop, first, second, waiting = held
    response = client_for(office_user).post(_url(workshop), {"attended": [str(first.pk)]})
    assert response.status_code == 302
    first.refresh_from_db(), second.refresh_from_db(), waiting.refresh_from_db()
    assert (first.attended, second.attended, waiting.attended) == (True, False, None)
    entry = AuditEntry.objects.get(
        action="events.workshop.attendance_recorded", object_id=str(workshop.pk)
    )
    assert entry.actor == office_user
    assert entry.changes == {"attended": [first.pk], "present": 1, "absent": 1}


def test_saving_again_corrects_the_record(held, office_user):
    workshop, first, second, _waiting = held
    services.record_attendance(actor=office_user, workshop=workshop, attended_ids=[first.pk])
    services.record_attendance(actor=office_user, workshop=workshop, attended_ids=[second.pk])
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.attended, second.attended) == (False, True)
    assert AuditEntry.objects.filter(action="events.workshop.attendance_recorded").count() == 2


@pytest.mark.parametrize(
    "role",
    ["outsider", "provider_user", "other_provider_user", "municipality_user",
     "other_municipality_user"],
)  # fmt: skip
def test_only_the_office_records_attendance(role, held, request, client_for):
    workshop, first, *_ = held
    user = request.getfixturevalue(role)
    assert client_for(user).post(_url(workshop), {"attended": [first.pk]}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.record_attendance(actor=user, workshop=workshop, attended_ids=[first.pk])
    first.refresh_from_db()
    assert first.attended is None
    assert not AuditEntry.objects.filter(action="events.workshop.attendance_recorded").exists()


def test_presenter_cannot_record_attendance(accepted_slot, held, provider_user, client_for):
    workshop, first, *_ = held
    assert client_for(provider_user).post(_url(workshop), {"attended": [first.pk]}).status_code == (
        403
    )


def test_anonymous_goes_to_login_and_get_is_not_allowed(held, client, client_for, office_user):
    workshop, first, *_ = held
    response = client.post(_url(workshop), {"attended": [first.pk]})
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    assert client_for(office_user).get(_url(workshop)).status_code == 405


def test_not_before_the_workshop_started(workshop, municipality_user, office_user, client_for):
    registration = services.register(actor=municipality_user, workshop=workshop)
    with pytest.raises(ValidationError):
        services.record_attendance(
            actor=office_user, workshop=workshop, attended_ids=[registration.pk]
        )
    response = client_for(office_user).post(
        _url(workshop), {"attended": [registration.pk]}, follow=True
    )
    assert "sobald die Veranstaltung begonnen hat" in response.content.decode()
    registration.refresh_from_db()
    assert registration.attended is None


def test_not_for_a_cancelled_workshop(held, office_user):
    workshop, first, *_ = held
    Workshop.objects.filter(pk=workshop.pk).update(status=Workshop.Status.CANCELLED)
    with pytest.raises(ValidationError):
        services.record_attendance(actor=office_user, workshop=workshop, attended_ids=[first.pk])


def test_waiting_or_foreign_registrations_are_refused(held, office_user, municipality_user):
    workshop, first, _second, waiting = held
    other = services.register(actor=municipality_user, workshop=WorkshopFactory())
    for bad in (waiting.pk, other.pk):
        with pytest.raises(ValidationError):
            services.record_attendance(
                actor=office_user, workshop=workshop, attended_ids=[first.pk, bad]
            )
    first.refresh_from_db()
    assert first.attended is None


def test_registration_list_has_labelled_checkboxes(held, office_user, client_for):
    workshop, first, second, waiting = held
    services.record_attendance(actor=office_user, workshop=workshop, attended_ids=[first.pk])
    html = client_for(office_user).get(reverse("events:manage_detail", args=[workshop.slug]))
    html = html.content.decode()
    assert f'action="{_url(workshop)}"' in html
    assert f'id="attended-{first.pk}" checked' in html
    assert f'id="attended-{second.pk}">' in html
    assert f'for="attended-{first.pk}"' in html
    assert f'id="attended-{waiting.pk}"' not in html  # only confirmed seats can be ticked


def test_upcoming_workshop_has_no_attendance_form(workshop, office_user, client_for):
    html = client_for(office_user).get(reverse("events:manage_detail", args=[workshop.slug]))
    assert reverse("events:attendance", args=[workshop.slug]) not in html.content.decode()


@pytest.mark.parametrize("rows", [2, 20])
def test_registration_list_query_count_constant(
    rows, workshop, office_user, town_member, client_for, django_assert_num_queries
):
    workshop.capacity = 100
    workshop.save()
    ids = [services.register(actor=town_member(), workshop=workshop).pk for _ in range(rows)]
    past(workshop)
    services.record_attendance(actor=office_user, workshop=workshop, attended_ids=ids[::2])
    with django_assert_num_queries(22):
        response = client_for(office_user).get(
            reverse("events:manage_detail", args=[workshop.slug])
        )
    assert response.status_code == 200


def test_participant_csv_has_the_attendance(held, office_user, client_for):
    import csv
    import io

    from django.utils import timezone

    workshop, first, second, waiting = held
    services.record_attendance(actor=office_user, workshop=workshop, attended_ids=[first.pk])
    first.user.name = "=2+3 Muster"  # names come from users
    first.user.save()
    response = client_for(office_user).get(reverse("events:participants_csv", args=[workshop.slug]))
    assert response["Content-Disposition"] == (
        f'attachment; filename="{workshop.slug}-teilnehmende.csv"'
    )
    assert response.content.startswith("\ufeffName;E-Mail;".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    by_mail = {row[1]: row[-1] for row in rows[1:]}
    assert rows[0][-1] == "Teilgenommen"
    registered = timezone.localtime(first.created_at).strftime("%d.%m.%Y %H:%M")
    assert [row[:5:4] for row in rows[1:] if row[1] == first.user.email] == [
        ["'=2+3 Muster", registered]
    ]
    assert by_mail[first.user.email] == "ja"
    assert by_mail[second.user.email] == "nein"
    assert by_mail[waiting.user.email] == ""
