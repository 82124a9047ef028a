"""Cross-cutting services: the audit log and notifications (in-app + e-mail)."""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction

from .models import AuditEntry, Notification

logger = logging.getLogger(__name__)


def log_action(obj, *, actor, action, from_state="", to_state="", comment="", changes=None):
    """Write one audit row for `obj` (call inside the service's transaction)."""
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


def history_of(obj):
    """The audit rows of `obj`, newest first, with their actors."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path if path.startswith("/") else path


def notify(users, *, subject, body="", url="", kind="", email=True, attachments=None):
    """Create an in-app notification for each user and e-mail them after the commit.

    `attachments`: list of (filename, content, mimetype) added to every e-mail.
    """
    users = [u for u in users if u is not None]
    Notification.objects.bulk_create(
        [Notification(user=u, subject=subject, body=body, url=url, kind=kind) for u in users]
    )
    if email and users:
        recipients = sorted({u.email for u in users if u.email})
        text = body + (f"\n\n{absolute_url(url)}" if url else "")
        transaction.on_commit(lambda: _send_each(recipients, subject, text, attachments or []))


def send_email(recipients, *, subject, body, attachments=None):
    """E-mail without an in-app notification (e.g. to addresses without an account)."""
    recipients = sorted(set(recipients))
    transaction.on_commit(lambda: _send_each(recipients, subject, body, attachments or []))


def _send_each(recipients, subject, text, attachments):
    from django.core.mail import EmailMessage

    prefixed = f"[Smart Region] {subject}"
    for address in recipients:
        try:
            if attachments:
                message = EmailMessage(prefixed, text, to=[address])
                for name, content, mimetype in attachments:
                    message.attach(name, content, mimetype)
                message.send()
            else:
                send_mail(prefixed, text, None, [address])
        except Exception:
            logger.exception("e-mail failed", extra={"to": address, "subject": subject})
