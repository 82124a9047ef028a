"""E-mail delivery as a background task (core.services.queue_email_message enqueues it).

The message travels as JSON through the task table; attachments that are bytes as base64.
A failure (SMTP down, EMAIL_TIMEOUT reached) raises, and the worker retries with back-off
(core.worker.RETRIES).
"""

import base64

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


def email_to_json(message):
    attachments = []
    for name, content, mimetype in message.attachments:
        if isinstance(content, bytes):
            attachments.append([name, base64.b64encode(content).decode(), mimetype, True])
        else:
            attachments.append([name, str(content), mimetype, False])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "headers": dict(message.extra_headers),
        "content_subtype": message.content_subtype,
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
    }


def email_from_json(data):
    message = EmailMultiAlternatives(
        data["subject"], data["body"], data["from_email"], data["to"], headers=data["headers"]
    )
    message.content_subtype = data["content_subtype"]
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for name, content, mimetype, is_base64 in data["attachments"]:
        message.attach(name, base64.b64decode(content) if is_base64 else content, mimetype)
    return message


@task()
def deliver_email(data):
    """Send one queued e-mail (SMTP with EMAIL_TIMEOUT); raise so the worker retries it."""
    email_from_json(data).send()
