"""Cross-cutting services: the audit log and notifications (in-app + e-mail)."""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from . import audit
from .models import AuditEntry, Notification

logger = logging.getLogger(__name__)


def log_action(obj, *, actor, action, from_state="", to_state="", comment="", changes=None):
    """Write one audit row for `obj` (call inside the service's transaction); `action` is a
    code from core.audit.ACTIONS."""
    audit.check(action)
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        from_state=from_state or "",
        to_state=to_state or "",
        comment=comment or "",
        changes=changes or {},
    )


def mark_notifications_read(user):
    """The user has seen their notifications page: every unread one becomes read."""
    from django.utils import timezone

    return user.notifications.unread().update(read_at=timezone.now())


def history_of(obj):
    """The audit rows of `obj`, newest first, with their actors."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path if path.startswith("/") else path


def notify(users, *, subject, body="", url="", kind="", email=True, attachments=None, reply_to=""):
    """Create an in-app notification for each user and e-mail them after the commit.

    `attachments`: list of (filename, content, mimetype) added to every e-mail;
    `reply_to`: the address replies go to ("Name <address>"), else the sender's noreply.
    """
    users = [u for u in users if u is not None]
    Notification.objects.bulk_create(
        [Notification(user=u, subject=subject, body=body, url=url, kind=kind) for u in users]
    )
    if email and users:
        recipients = sorted({u.email for u in users if u.email})
        text = body + (f"\n\n{absolute_url(url)}" if url else "")
        transaction.on_commit(
            lambda: _queue_each(recipients, subject, text, attachments or [], reply_to)
        )


def send_email(recipients, *, subject, body, attachments=None):
    """E-mail without an in-app notification (e.g. to addresses without an account)."""
    recipients = sorted(set(recipients))
    transaction.on_commit(lambda: _queue_each(recipients, subject, body, attachments or []))


def _queue_each(recipients, subject, text, attachments, reply_to=""):
    """One task per recipient, so a failure is retried for that address only."""
    from django.core.mail import EmailMessage

    # A line break in a header (e.g. from a title or a name) would make Django refuse it.
    headers = {"Reply-To": " ".join(reply_to.splitlines())} if reply_to else {}
    for address in recipients:
        message = EmailMessage(
            settings.EMAIL_SUBJECT_PREFIX + " ".join(str(subject).splitlines()),
            text,
            to=[address],
            headers=headers,
        )
        for name, content, mimetype in attachments:
            message.attach(name, content, mimetype)
        queue_email_message(message)


def queue_email_message(message):
    """Hand a built EmailMessage to the task worker (core.tasks.deliver_email), which sends it
    with EMAIL_TIMEOUT and retries with back-off (core.worker): SMTP never blocks a request."""
    from .tasks import deliver_email, email_to_json

    try:
        deliver_email.enqueue(email_to_json(message))
    except Exception:  # the database is gone too; the request's own work is already done
        logger.exception("e-mail not queued", extra={"to": message.to, "subject": message.subject})
