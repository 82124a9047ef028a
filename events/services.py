"""Everything that changes workshop state: transitions, programme, registrations, questions."""

from pathlib import Path

import filetype
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import (
    is_member,
    is_municipality_member,
    is_office,
    organisations_of,
    require_office,
)
from accounts.models import Membership, Organisation
from catalog.models import ProviderProfile
from catalog.services import check_upload_quota, send_contact_request, stored_size
from core import transitions
from core.services import log_action, notify

from .access import can_ask, can_register, is_insider, is_presenter, presenting_provider
from .ics import workshop_ics
from .models import (
    Feedback,
    Material,
    ProgrammeSlot,
    Question,
    QuestionVote,
    Registration,
    Workshop,
)

# The workshop's state machine: (from, to) → who may (the office, checked in _transition).
TRANSITIONS = {
    (Workshop.Status.DRAFT, Workshop.Status.PUBLISHED): None,
    (Workshop.Status.DRAFT, Workshop.Status.CANCELLED): None,
    (Workshop.Status.PUBLISHED, Workshop.Status.CANCELLED): None,
    (Workshop.Status.PUBLISHED, Workshop.Status.DONE): None,
}


def _locked(workshop):
    return Workshop.objects.select_for_update().get(pk=workshop.pk)


def _transition(*, actor, workshop, to_status, comment=""):
    require_office(actor)
    workshop = _locked(workshop)
    transitions.allowed(
        TRANSITIONS,
        workshop.status,
        to_status,
        message=_("This change of status is not possible."),
    )
    transitions.move(
        workshop, to_status, actor=actor, action="events.workshop.status_changed", comment=comment
    )
    return workshop


@transaction.atomic
def publish_workshop(*, actor, workshop):
    """Office only; a draft becomes visible and open for registration."""
    return _transition(actor=actor, workshop=workshop, to_status=Workshop.Status.PUBLISHED)


@transaction.atomic
def complete_workshop(*, actor, workshop):
    """Office only; marks a published workshop as done (materials and feedback follow)."""
    return _transition(actor=actor, workshop=workshop, to_status=Workshop.Status.DONE)


@transaction.atomic
def cancel_workshop(*, actor, workshop, comment=""):
    """Office only; everybody registered or waiting is notified."""
    workshop = _transition(
        actor=actor, workshop=workshop, to_status=Workshop.Status.CANCELLED, comment=comment
    )
    users = [
        r.user
        for r in workshop.registrations.exclude(
            status=Registration.Status.CANCELLED
        ).select_related("user")
    ]
    notify(
        users,
        subject=_("Cancelled: %(title)s") % {"title": workshop.title},
        body=_("Unfortunately the workshop “%(title)s” on %(date)s has been cancelled.")
        % {"title": workshop.title, "date": _local(workshop.starts_at)}
        + (f"\n\n{comment}" if comment else ""),
        url=workshop.get_absolute_url(),
        kind="workshop",
    )
    return workshop


@transaction.atomic
def save_workshop(*, actor, form):
    """Office only; creates a draft or updates the details (the status never changes here).
    Raising the capacity moves people up from the waiting list."""
    require_office(actor)
    created = form.instance.pk is None
    if not created:
        _locked(form.instance)
    workshop = form.save()
    while not created and _promote_first_waiting(workshop):
        pass
    log_action(
        workshop,
        actor=actor,
        action="events.workshop.created" if created else "events.workshop.edited",
        changes={"fields": form.changed_data},
    )
    return workshop


def _local(dt):
    return timezone.localtime(dt).strftime("%d.%m.%Y %H:%M")


# Programme


@transaction.atomic
def apply_for_slot(*, actor, workshop, solution, abstract):
    """A member of the providing organisation offers a talk about one of its published solutions."""
    if not is_member(actor, solution.provider.organisation):
        raise PermissionDenied
    if not solution.is_published:
        raise ValidationError(_("Only published solutions can be presented."))
    if workshop.status != Workshop.Status.PUBLISHED or workshop.is_past:
        raise ValidationError(_("This workshop does not accept applications."))
    slot, created = ProgrammeSlot.objects.get_or_create(
        workshop=workshop,
        solution=solution,
        defaults={"provider": solution.provider, "applicant": actor, "abstract": abstract},
    )
    if not created:
        raise ValidationError(_("This solution has already been proposed for the workshop."))
    log_action(slot, actor=actor, action="events.slot.applied", to_state=slot.status)
    return slot


@transaction.atomic
def decide_slot(*, actor, slot, accept, starts_at=None, ends_at=None):
    """Office only; accepting puts the talk on the agenda (with its times)."""
    require_office(actor)
    slot = ProgrammeSlot.objects.select_for_update().get(pk=slot.pk)
    from_status = slot.status
    slot.status = ProgrammeSlot.Status.ACCEPTED if accept else ProgrammeSlot.Status.DECLINED
    slot.starts_at, slot.ends_at = (starts_at, ends_at) if accept else (None, None)
    slot.save(update_fields=["status", "starts_at", "ends_at"])
    log_action(
        slot,
        actor=actor,
        action="events.slot.decided",
        from_state=from_status,
        to_state=slot.status,
    )
    notify(
        [slot.applicant],
        subject=_("Your talk at “%(title)s”: %(status)s")
        % {"title": slot.workshop.title, "status": slot.get_status_display()},
        url=slot.workshop.get_absolute_url(),
        kind="workshop",
    )
    return slot


# Registration


def _confirmation(registration):
    workshop = registration.workshop
    notify(
        [registration.user],
        subject=_("Registration confirmed: %(title)s") % {"title": workshop.title},
        body=_(
            "You are registered for “%(title)s” on %(date)s. The workshop page has all "
            "details and lets you cancel."
        )
        % {"title": workshop.title, "date": _local(workshop.starts_at)},
        url=workshop.get_absolute_url(),
        kind="workshop",
        attachments=[
            ("veranstaltung.ics", workshop_ics(workshop, with_link=True), "text/calendar")
        ],
    )


@transaction.atomic
def register(*, actor, workshop):
    """Confirmed while seats are free, else on the waiting list. The workshop row is locked
    so concurrent registrations never exceed the capacity."""
    workshop = _locked(workshop)
    if not can_register(actor, workshop):
        raise PermissionDenied
    if not workshop.registration_open:
        raise ValidationError(_("Registration for this workshop is closed."))
    existing = workshop.registrations.filter(user=actor).first()
    if existing and existing.status != Registration.Status.CANCELLED:
        return existing
    confirmed = workshop.registrations.filter(status=Registration.Status.CONFIRMED).count()
    status = (
        Registration.Status.CONFIRMED
        if confirmed < workshop.capacity
        else Registration.Status.WAITING
    )
    towns = organisations_of(actor, Organisation.Kind.MUNICIPALITY) or organisations_of(actor)
    registration = existing or Registration(workshop=workshop, user=actor)
    registration.status = status
    registration.organisation = towns[0] if towns else None
    registration.created_at = timezone.now()
    registration.save()
    log_action(registration, actor=actor, action="events.registration.created", to_state=status)
    if status == Registration.Status.CONFIRMED:
        _confirmation(registration)
    else:
        notify(
            [actor],
            subject=_("Waiting list: %(title)s") % {"title": workshop.title},
            body=_("The workshop is full. We will e-mail you as soon as a seat becomes free."),
            url=workshop.get_absolute_url(),
            kind="workshop",
        )
    return registration


@transaction.atomic
def cancel_registration(*, actor, registration):
    """The participant (or the office) cancels; the first person waiting moves up."""
    workshop = _locked(registration.workshop)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.user_id != actor.pk and not is_office(actor):
        raise PermissionDenied
    if registration.status == Registration.Status.CANCELLED:
        return None
    was_confirmed = registration.status == Registration.Status.CONFIRMED
    from_status = registration.status
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status"])
    log_action(
        registration, actor=actor, action="events.registration.cancelled", from_state=from_status
    )
    if was_confirmed:
        return _promote_first_waiting(workshop)
    return None


def _promote_first_waiting(workshop):
    confirmed = workshop.registrations.filter(status=Registration.Status.CONFIRMED).count()
    if confirmed >= workshop.capacity:
        return None
    first = (
        workshop.registrations.select_for_update()
        .filter(status=Registration.Status.WAITING)
        .order_by("created_at", "pk")
        .first()
    )
    if first is None:
        return None
    first.status = Registration.Status.CONFIRMED
    first.save(update_fields=["status"])
    log_action(
        first,
        actor=None,
        action="events.registration.promoted",
        from_state="waiting",
        to_state=first.status,
    )
    _confirmation(first)
    return first


# Questions


@transaction.atomic
def ask_question(*, actor, workshop, text, anonymous=False):
    """Registered municipality members ask in advance."""
    if not can_ask(actor, workshop):
        raise PermissionDenied
    towns = organisations_of(actor, Organisation.Kind.MUNICIPALITY)
    question = Question.objects.create(
        workshop=workshop, author=actor, organisation=towns[0], text=text, anonymous=anonymous
    )
    log_action(question, actor=actor, action="events.question.asked")
    return question


@transaction.atomic
def upvote_question(*, actor, question):
    """One vote per user; voting twice changes nothing."""
    if not is_insider(actor, question.workshop) or question.author_id == actor.pk:
        raise PermissionDenied
    try:
        with transaction.atomic():
            QuestionVote.objects.create(question=question, user=actor)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def hide_question(*, actor, question, hidden=True):
    require_office(actor)
    question.hidden = hidden
    question.save(update_fields=["hidden"])
    log_action(
        question,
        actor=actor,
        action="events.question.hidden" if hidden else "events.question.shown",
    )
    return question


@transaction.atomic
def merge_question(*, actor, question, into):
    """Office only; the merged question is hidden and its votes move to `into`."""
    require_office(actor)
    if question.pk == into.pk or question.workshop_id != into.workshop_id:
        raise ValidationError(_("Questions can only be merged within the same workshop."))
    voters = set(into.votes.values_list("user_id", flat=True))
    for vote in question.votes.exclude(user_id__in=voters):
        QuestionVote.objects.create(question=into, user_id=vote.user_id)
    question.votes.all().delete()
    question.merged_into = into
    question.hidden = True
    question.save(update_fields=["merged_into", "hidden"])
    log_action(question, actor=actor, action="events.question.merged", comment=f"→ {into.pk}")
    return question


@transaction.atomic
def convert_question_to_need(*, actor, question):
    """After the workshop the asking municipality (or the office) turns a question into a Need."""
    from matching.models import Need

    question = Question.objects.select_for_update().get(pk=question.pk)
    org = question.organisation
    if org is None or not (is_member(actor, org) or is_office(actor)):
        raise PermissionDenied
    if not question.workshop.is_past:
        raise ValidationError(_("Questions become needs after the workshop."))
    if question.need_id:
        return question.need
    first_line = question.text.strip().splitlines()[0]
    need = Need.objects.create(
        organisation=org,
        author=question.author if question.author_id else actor,
        title=first_line[:200],
        description=question.text
        + "\n\n"
        + _("From the workshop “%(title)s”.") % {"title": question.workshop.title},
    )
    need.topics.set(question.workshop.topics.all())
    question.need = need
    question.save(update_fields=["need"])
    log_action(
        question, actor=actor, action="events.question.turned_into_need", comment=str(need.pk)
    )
    return need


# After the workshop


def _check_pdf(upload):
    head = upload.read(2048)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime != "application/pdf":
        raise ValidationError({"file": _("Please upload the slides as a PDF file.")})


def material_upload_usage(provider):
    """Bytes of the workshop slides the provider's members uploaded (its upload quota)."""
    members = Membership.objects.filter(organisation_id=provider.organisation_id)
    materials = Material.objects.filter(uploaded_by__in=members.values("user_id")).exclude(file="")
    return sum(stored_size(m.file) for m in materials)


@transaction.atomic
def add_material(*, actor, workshop, title, file=None, url="", published=False):
    """Office and presenters add slides (PDF, checked by content) or a recording link."""
    if not (is_office(actor) or is_presenter(actor, workshop)):
        raise PermissionDenied
    if not file and not url:
        raise ValidationError(_("Upload a PDF or give a recording link."))
    if file:
        _check_pdf(file)
        # The name follows the checked content: "folien.html" holding a PDF is stored as .pdf.
        file.name = f"{Path(file.name).stem[:100] or 'folien'}.pdf"
        if not is_office(actor):  # a presenter's slides count towards its provider's quota
            provider = presenting_provider(actor, workshop)
            locked = ProviderProfile.objects.select_for_update().get(pk=provider.pk)
            check_upload_quota(locked, file.size, field="file")
    material = Material.objects.create(
        workshop=workshop,
        title=title,
        file=file or "",
        url=url,
        published=published,
        uploaded_by=actor,
    )
    log_action(material, actor=actor, action="events.material.added")
    return material


@transaction.atomic
def give_feedback(*, actor, workshop, rating, text=""):
    """One feedback per participant, after the workshop; giving it again updates it."""
    if not workshop.registrations.filter(user=actor, status=Registration.Status.CONFIRMED).exists():
        raise PermissionDenied
    if not workshop.is_past:
        raise ValidationError(_("Feedback opens after the workshop."))
    feedback, _created = Feedback.objects.update_or_create(
        workshop=workshop, user=actor, defaults={"rating": rating, "text": text}
    )
    return feedback


def contact_presenter(*, actor, slot, message):
    """One click from a municipality to a presenting provider, through the catalog."""

    if not is_municipality_member(actor) or slot.status != ProgrammeSlot.Status.ACCEPTED:
        raise PermissionDenied
    return send_contact_request(
        actor=actor,
        provider=slot.provider,
        solution=slot.solution,
        subject=_("After the workshop “%(title)s”") % {"title": slot.workshop.title},
        message=message,
    )


# Reminders


def send_due_reminders(now=None):
    """E-mail confirmed participants of workshops starting within the next day, once each."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        workshop__status=Workshop.Status.PUBLISHED,
        workshop__starts_at__gt=now,
        workshop__starts_at__lte=now + timezone.timedelta(days=1),
    ).select_related("workshop", "user")
    sent = 0
    for registration in due:
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration.pk, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            workshop = registration.workshop
            notify(
                [registration.user],
                subject=_("Reminder: %(title)s tomorrow") % {"title": workshop.title},
                body=_("“%(title)s” starts on %(date)s.")
                % {"title": workshop.title, "date": _local(workshop.starts_at)},
                url=workshop.get_absolute_url(),
                kind="workshop",
            )
            sent += 1
    return sent


@transaction.atomic
def record_attendance(*, actor, workshop, attended_ids):
    """Office only, once the workshop has started (not for cancelled ones): every confirmed
    registration is marked attended or absent. Ids that are not a confirmed registration of
    this workshop are refused. Can be corrected by saving again; each save is audited."""
    require_office(actor)
    workshop = _locked(workshop)
    if workshop.status not in (Workshop.Status.PUBLISHED, Workshop.Status.DONE):
        raise ValidationError(_("Attendance can only be recorded for a workshop that took place."))
    if not workshop.has_started:
        raise ValidationError(_("Attendance can be recorded once the workshop has started."))
    confirmed = workshop.registrations.filter(status=Registration.Status.CONFIRMED)
    attended_ids = set(attended_ids)
    if attended_ids - set(confirmed.values_list("pk", flat=True)):
        raise ValidationError(_("Only confirmed participants can be marked as attended."))
    present = confirmed.filter(pk__in=attended_ids).update(attended=True)
    absent = confirmed.exclude(pk__in=attended_ids).update(attended=False)
    log_action(
        workshop,
        actor=actor,
        action="events.workshop.attendance_recorded",
        changes={"attended": sorted(attended_ids), "present": present, "absent": absent},
    )
    return present, absent


def participants_queryset(workshop):
    return workshop.registrations.exclude(status=Registration.Status.CANCELLED).select_related(
        "user", "organisation"
    )
