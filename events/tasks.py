from django_tasks import task

from .services import send_due_reminders


@task()
def send_workshop_reminders():
    """Background task: remind confirmed participants one day before (once per registration)."""
    return send_due_reminders()
