import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import AuditEntry, Notification
from events import services
from events.models import Question, Registration, Workshop
from matching.models import Need

from .factories import WorkshopFactory, past

pytestmark = pytest.mark.django_db(transaction=False)


def test_capacity_then_waiting_list_then_promotion(
    workshop, town_member, django_capture_on_commit_callbacks
):
    a, b, c = town_member(), town_member(), town_member()
    with django_capture_on_commit_callbacks(execute=True):
        ra = services.register(actor=a, workshop=workshop)
        rb = services.register(actor=b, workshop=workshop)
        rc = services.register(actor=c, workshop=workshop)
    assert [ra.status, rb.status, rc.status] == ["confirmed", "confirmed", "waiting"]
    confirmation = next(m for m in mail.outbox if m.to == [a.email])
    assert confirmation.attachments[0][0] == "veranstaltung.ics"
    # the link opens the workshop page (which offers the cancel link), not the cancel page
    assert confirmation.body.endswith(f"/veranstaltungen/{workshop.slug}/")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.cancel_registration(actor=a, registration=ra)
    assert promoted.pk == rc.pk
    rc.refresh_from_db()
    assert rc.status == Registration.Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [[c.email]]
    assert workshop.registrations.filter(status="confirmed").count() == 2


def test_cancelling_a_waiting_registration_promotes_nobody(workshop, town_member):
    a, b, c = town_member(), town_member(), town_member()
    services.register(actor=a, workshop=workshop)
    services.register(actor=b, workshop=workshop)
    rc = services.register(actor=c, workshop=workshop)
    assert services.cancel_registration(actor=c, registration=rc) is None
    assert workshop.registrations.filter(status="confirmed").count() == 2


def test_only_owner_or_office_cancels(workshop, municipality_user, other_municipality_user):
    reg = services.register(actor=municipality_user, workshop=workshop)
    with pytest.raises(PermissionDenied):
        services.cancel_registration(actor=other_municipality_user, registration=reg)


def test_deadline_enforced(municipality_user):
    workshop = WorkshopFactory(registration_deadline=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError):
        services.register(actor=municipality_user, workshop=workshop)
    assert not workshop.registrations.exists()


def test_draft_not_open(municipality_user):
    workshop = WorkshopFactory(status=Workshop.Status.DRAFT)
    with pytest.raises(ValidationError):
        services.register(actor=municipality_user, workshop=workshop)


def test_audience_municipalities_only(workshop, provider_user, outsider, municipality_user):
    for user in (provider_user, outsider):
        with pytest.raises(PermissionDenied):
            services.register(actor=user, workshop=workshop)
    open_workshop = WorkshopFactory(audience=Workshop.Audience.SIGNED_IN)
    assert services.register(actor=outsider, workshop=open_workshop).status == "confirmed"


def test_state_machine(workshop, office_user, municipality_user):
    with pytest.raises(PermissionDenied):
        services.complete_workshop(actor=municipality_user, workshop=workshop)
    services.complete_workshop(actor=office_user, workshop=workshop)
    with pytest.raises(ValidationError):
        services.publish_workshop(actor=office_user, workshop=workshop)
    entry = AuditEntry.objects.get(action="events.workshop.status_changed")
    assert (entry.from_state, entry.to_state) == ("published", "done")


def test_cancel_workshop_notifies_everybody_registered(
    workshop, office_user, town_member, django_capture_on_commit_callbacks
):
    people = [town_member() for _ in range(3)]  # two confirmed, one waiting
    for person in people:
        services.register(actor=person, workshop=workshop)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_workshop(actor=office_user, workshop=workshop, comment="Krankheit")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert all("Krankheit" in m.body for m in mail.outbox)
    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.CANCELLED


def test_programme_only_own_published_solutions(workshop, solution, other_provider_user):
    with pytest.raises(PermissionDenied):
        services.apply_for_slot(
            actor=other_provider_user, workshop=workshop, solution=solution, abstract="x"
        )


def test_programme_draft_solution_refused(workshop, solution, provider_user):
    solution.status = "draft"
    solution.save()
    with pytest.raises(ValidationError):
        services.apply_for_slot(
            actor=provider_user, workshop=workshop, solution=solution, abstract="x"
        )


def test_only_office_decides_slots(workshop, solution, provider_user):
    slot = services.apply_for_slot(
        actor=provider_user, workshop=workshop, solution=solution, abstract="x"
    )
    with pytest.raises(PermissionDenied):
        services.decide_slot(actor=provider_user, slot=slot, accept=True)


def _registered_question(workshop, user, **kw):
    services.register(actor=user, workshop=workshop)
    return services.ask_question(actor=user, workshop=workshop, text="Wie messen wir Pegel?", **kw)


def test_questions_need_registration(workshop, municipality_user):
    with pytest.raises(PermissionDenied):
        services.ask_question(actor=municipality_user, workshop=workshop, text="?")


def test_one_vote_per_user(workshop, municipality_user, other_municipality_user):
    q = _registered_question(workshop, municipality_user)
    services.register(actor=other_municipality_user, workshop=workshop)
    assert services.upvote_question(actor=other_municipality_user, question=q) is True
    assert services.upvote_question(actor=other_municipality_user, question=q) is False
    assert q.votes.count() == 1
    with pytest.raises(PermissionDenied):
        services.upvote_question(actor=municipality_user, question=q)


def test_merge_moves_votes_and_hides(
    workshop, municipality_user, other_municipality_user, office_user
):
    q1 = _registered_question(workshop, municipality_user)
    services.register(actor=other_municipality_user, workshop=workshop)
    q2 = services.ask_question(actor=other_municipality_user, workshop=workshop, text="Pegel?")
    services.upvote_question(actor=municipality_user, question=q2)
    services.merge_question(actor=office_user, question=q2, into=q1)
    q2.refresh_from_db()
    assert q2.hidden and q2.merged_into == q1
    assert list(q1.votes.values_list("user_id", flat=True)) == [municipality_user.pk]
    with pytest.raises(PermissionDenied):
        services.hide_question(actor=municipality_user, question=q1)


def test_question_to_need_after_workshop(workshop, municipality_user, municipality_org):
    workshop.topics.set([])
    q = _registered_question(workshop, municipality_user)
    with pytest.raises(ValidationError):
        services.convert_question_to_need(actor=municipality_user, question=q)
    past(workshop)
    need = services.convert_question_to_need(actor=municipality_user, question=q)
    assert isinstance(need, Need)
    assert need.organisation == municipality_org
    assert need.author == municipality_user
    assert "Wie messen wir Pegel?" in need.description
    # one click only: a second conversion returns the same need
    assert services.convert_question_to_need(actor=municipality_user, question=q) == need
    assert Need.objects.count() == 1
    assert Question.objects.get(pk=q.pk).need == need


def test_question_to_need_not_for_other_towns(workshop, municipality_user, other_municipality_user):
    q = _registered_question(workshop, municipality_user)
    past(workshop)
    with pytest.raises(PermissionDenied):
        services.convert_question_to_need(actor=other_municipality_user, question=q)


def test_reminders_once_per_registration(municipality_user, django_capture_on_commit_callbacks):
    soon = WorkshopFactory(starts_at=timezone.now() + timedelta(hours=20))
    WorkshopFactory(starts_at=timezone.now() + timedelta(days=5))
    Registration.objects.create(workshop=soon, user=municipality_user, status="confirmed")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders() == 1
        assert services.send_due_reminders() == 0
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(user=municipality_user, kind="workshop").count() == 1


def test_reminder_command_runs_task(municipality_user, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    soon = WorkshopFactory(starts_at=timezone.now() + timedelta(hours=2))
    reg = Registration.objects.create(workshop=soon, user=municipality_user, status="confirmed")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_workshop_reminders", stdout=io.StringIO())
    reg.refresh_from_db()
    assert reg.reminder_sent_at is not None


def test_feedback_once_per_participant(workshop, municipality_user, outsider):
    services.register(actor=municipality_user, workshop=workshop)
    with pytest.raises(ValidationError):
        services.give_feedback(actor=municipality_user, workshop=workshop, rating=5)
    past(workshop)
    services.give_feedback(actor=municipality_user, workshop=workshop, rating=5)
    services.give_feedback(actor=municipality_user, workshop=workshop, rating=3, text="gut")
    assert workshop.feedback.get().rating == 3
    with pytest.raises(PermissionDenied):
        services.give_feedback(actor=outsider, workshop=workshop, rating=1)


def test_contact_presenter_creates_contact_request(accepted_slot, municipality_user, provider_user):
    from catalog.models import ContactRequest

    request = services.contact_presenter(
        actor=municipality_user, slot=accepted_slot, message="Hallo"
    )
    assert ContactRequest.objects.get() == request
    assert request.solution == accepted_slot.solution
    with pytest.raises(PermissionDenied):
        services.contact_presenter(actor=provider_user, slot=accepted_slot, message="x")


def test_material_must_be_pdf_by_content(workshop, office_user, outsider):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("folien.pdf", b"not really a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.add_material(actor=office_user, workshop=workshop, title="Folien", file=fake)
    real = SimpleUploadedFile(
        "folien.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "application/pdf"
    )
    material = services.add_material(
        actor=office_user, workshop=workshop, title="Folien", file=real
    )
    assert material.file.name.endswith(".pdf")
    with pytest.raises(PermissionDenied):
        services.add_material(actor=outsider, workshop=workshop, title="x", url="https://a.example")


def test_raising_capacity_promotes_waiting(workshop, office_user, town_member):
    from events.forms import WorkshopForm

    people = [town_member() for _ in range(4)]
    for person in people:
        services.register(actor=person, workshop=workshop)
    data = WorkshopForm(instance=workshop).initial
    data["topics"] = []
    data["capacity"] = 3
    form = WorkshopForm({k: v for k, v in data.items() if v is not None}, instance=workshop)
    assert form.is_valid(), form.errors
    services.save_workshop(actor=office_user, form=form)
    statuses = [Registration.objects.get(user=p).status for p in people]
    assert statuses == ["confirmed", "confirmed", "confirmed", "waiting"]
