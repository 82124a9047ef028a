"""Everything that changes the legal pages, the barrier queue and the DGS video.
Keyword-only, atomic, logged (core.services)."""

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation, User
from core.services import log_action, notify, send_email

from .access import require_legal_editor
from .models import BarrierReport, LegalSettings, LegalText, SignLanguageVideo

REMINDER_INTERVAL = timedelta(days=7)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day (31 Jan + 1 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_due_date(today=None) -> date:
    """Answer deadline of a new barrier report: one month."""
    return add_months(today or timezone.localdate(), 1)


def office_staff():
    return User.objects.filter(
        memberships__organisation__kind=Organisation.Kind.OFFICE,
        memberships__status=Membership.Status.ACTIVE,
        is_active=True,
    ).distinct()


def save_legal_text(*, actor, page, title, body) -> LegalText:
    """A new version of `page`; the earlier ones stay as they were. Raises ValidationError when
    nothing changed (no empty versions)."""
    require_legal_editor(actor)
    title, body = title.strip(), body.replace("\r\n", "\n").strip()
    with transaction.atomic():
        versions = LegalText.objects.select_for_update().filter(page=page)
        current = versions.order_by("-number").first()
        if current and current.title.strip() == title and current.body.strip() == body:
            raise ValidationError(_("Nothing has changed, so no new version was saved."))
        number = (versions.aggregate(n=Max("number"))["n"] or 0) + 1
        text = LegalText.objects.create(
            page=page, number=number, title=title, body=body, created_by=actor
        )
        log_action(text, actor=actor, action="legal.text.saved", to_state=str(number))
    return text


SETTINGS_FIELDS = ("controller", "data_protection_officer", "enforcement_body")
SETTINGS_FIELDS += ("server_log_retention",)


def update_legal_settings(*, actor, **values) -> LegalSettings:
    require_legal_editor(actor)
    with transaction.atomic():
        legal = LegalSettings.load()
        legal = LegalSettings.objects.select_for_update().get(pk=legal.pk)
        changes = {}
        for name in SETTINGS_FIELDS:
            if name in values and getattr(legal, name) != values[name]:
                changes[name] = [getattr(legal, name), values[name]]
                setattr(legal, name, values[name])
        if changes:
            legal.save()
            log_action(legal, actor=actor, action="legal.settings.changed", changes=changes)
    return legal


def report_barrier(*, page_url, description, name="", email="") -> BarrierReport:
    """Anyone reports a barrier; the office is told, the reporter gets a receipt if they gave
    an address. The answer is due one month later (the office may change the date)."""
    with transaction.atomic():
        report = BarrierReport.objects.create(
            page_url=page_url,
            description=description,
            name=name,
            email=email,
            due_on=default_due_date(),
        )
        log_action(report, actor=None, action="legal.barrier.reported")
        notify(
            office_staff(),
            subject=_("New barrier report: %(page)s") % {"page": page_url},
            body=_("Please answer by %(due)s.") % {"due": report.due_on.strftime("%d.%m.%Y")},
            url=report.get_absolute_url(),
            kind="legal.barrier_reported",
        )
        if email:
            send_email(
                [email],
                subject=_("We have received your barrier report"),
                body=_("Thank you for your report about %(page)s. We will answer you by %(due)s.")
                % {"page": page_url, "due": report.due_on.strftime("%d.%m.%Y")},
            )
    return report


def set_barrier_due_date(*, actor, report, due_on) -> BarrierReport:
    require_legal_editor(actor)
    with transaction.atomic():
        report = BarrierReport.objects.select_for_update().get(pk=report.pk)
        old = report.due_on
        report.due_on = due_on
        report.reminded_on = None
        report.save(update_fields=["due_on", "reminded_on"])
        log_action(
            report,
            actor=actor,
            action="legal.barrier.due_date_changed",
            changes={"due_on": [old.isoformat(), due_on.isoformat()]},
        )
    return report


def answer_barrier_report(*, actor, report, answer) -> BarrierReport:
    """Record the answer and e-mail it to the reporter (when they left an address)."""
    require_legal_editor(actor)
    with transaction.atomic():
        report = BarrierReport.objects.select_for_update().get(pk=report.pk)
        if report.status == BarrierReport.Status.ANSWERED:
            raise ValidationError(_("This report has already been answered."))
        report.status = BarrierReport.Status.ANSWERED
        report.answer = answer
        report.answered_at = timezone.now()
        report.answered_by = actor
        report.save(update_fields=["status", "answer", "answered_at", "answered_by"])
        log_action(
            report,
            actor=actor,
            action="legal.barrier.answered",
            from_state=BarrierReport.Status.OPEN,
            to_state=BarrierReport.Status.ANSWERED,
        )
        if report.email:
            greeting = _("Hello %(name)s,") % {"name": report.name} if report.name else _("Hello,")
            send_email(
                [report.email],
                subject=_("Answer to your barrier report"),
                body=(
                    f"{greeting}\n\n{answer}\n\n"
                    + _("Your report of %(date)s about %(page)s:")
                    % {
                        "date": timezone.localtime(report.created_at).strftime("%d.%m.%Y"),
                        "page": report.page_url,
                    }
                    + f"\n{report.description}"
                ),
            )
    return report


def send_barrier_reminders(*, today=None) -> int:
    """Remind the office of each overdue open report, at most once a week per report."""
    today = today or timezone.localdate()
    sent = 0
    for pk in BarrierReport.objects.overdue(today).values_list("pk", flat=True):
        with transaction.atomic():
            report = BarrierReport.objects.select_for_update().get(pk=pk)
            if report.reminded_on and report.reminded_on > today - REMINDER_INTERVAL:
                continue
            notify(
                office_staff(),
                subject=_("Overdue barrier report: %(page)s") % {"page": report.page_url},
                body=_("The answer was due on %(due)s.")
                % {"due": report.due_on.strftime("%d.%m.%Y")},
                url=report.get_absolute_url(),
                kind="legal.barrier_overdue",
            )
            report.reminded_on = today
            report.save(update_fields=["reminded_on"])
            sent += 1
    return sent


def delete_answered_barrier_reports(*, today=None) -> int:
    """Storage limitation: answered reports go RETENTION_BARRIER_REPORT_MONTHS after the answer."""
    today = today or timezone.localdate()
    cutoff = add_months(today, -settings.RETENTION_BARRIER_REPORT_MONTHS)
    deleted, _rows = BarrierReport.objects.filter(
        status=BarrierReport.Status.ANSWERED, answered_at__date__lt=cutoff
    ).delete()
    return deleted


def upload_sign_language_video(*, actor, video, captions) -> SignLanguageVideo:
    require_legal_editor(actor)
    with transaction.atomic():
        item = SignLanguageVideo.objects.create(video=video, captions=captions, uploaded_by=actor)
        log_action(item, actor=actor, action="legal.video.uploaded")
    return item
