from django_tasks import task

from .services import delete_answered_barrier_reports, send_barrier_reminders


@task()
def remind_barrier_reports():
    """Background task (daily): remind the office of overdue barrier reports (once a week per
    report) and delete answered reports whose retention period has passed."""
    return {"reminded": send_barrier_reminders(), "deleted": delete_answered_barrier_reports()}
