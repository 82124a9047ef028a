from django_tasks import task

from .services import send_overdue_reminders


@task()
def remind_overdue_milestones():
    """Background task: e-mail reminders for overdue milestones (idempotent per day)."""
    return send_overdue_reminders()
