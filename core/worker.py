"""The task worker (`manage.py task_worker`): django-tasks-db's worker made to survive.

- A database outage does not end it: it closes the broken connections, waits with back-off
  and carries on; a task it was running when the connection broke is treated as failed.
- A task left RUNNING by a worker that died (kill -9, OOM, power) is swept up after
  TASK_STALE_MINUTES and treated as failed.
- A failed task whose function is idempotent (RETRIES) runs again after a growing delay, at
  most its number of attempts; the attempts are the worker ids the row has collected.
"""

import contextlib
import datetime
import logging
import time

from django.conf import settings
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    close_old_connections,
    connections,
    transaction,
)
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker as DBWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

logger = logging.getLogger(__name__)

# Idempotent tasks and how many attempts each gets in all (first run included).
RETRIES = {
    "core.tasks.deliver_email": 6,  # one message to one address
    "matching.indexing.update_solution_index": 5,  # an upsert of the current state
    "matching.index.publish_search_index": 5,  # a snapshot of the current state
    "matching.alerts.send_match_digests": 3,  # a solution is never reported twice
    "matching.need_matches.refresh_need_matches": 3,  # skips the needs already current
    "events.tasks.send_workshop_reminders": 3,  # once per registration
    "partnerships.tasks.remind_overdue_milestones": 3,  # once per milestone and day
}
RETRY_BASE_SECONDS = 30
RETRY_MAX_SECONDS = 3600
RECONNECT_MAX_SECONDS = 30
SWEEP_EVERY_SECONDS = 60
DATABASE_DOWN = (OperationalError, InterfaceError)


class WorkerLost(Exception):
    """The worker running this task stopped before finishing it."""


def retry_delay(attempt):
    """Seconds before attempt number `attempt + 1`: 30 s, 1 min, 2 min, … at most 1 h."""
    return min(RETRY_BASE_SECONDS * 2 ** (attempt - 1), RETRY_MAX_SECONDS)


def retry_or_give_up(result):
    """After a failure: back to READY later if the task is idempotent and has attempts left."""
    attempts = len(result.worker_ids)
    if attempts >= RETRIES.get(result.task_path, 1):
        return False
    result.status = TaskResultStatus.READY
    result.run_after = timezone.now() + datetime.timedelta(seconds=retry_delay(attempts))
    result.finished_at = None
    result.save(update_fields=["status", "run_after", "finished_at"])
    logger.warning(
        "task will be retried",
        extra={"task_id": str(result.pk), "task": result.task_path, "attempt": attempts},
    )
    return True


def fail_lost(queryset, claimed_by=None):
    """Mark RUNNING tasks in `queryset` (last claimed by `claimed_by`, if given) as failed
    because their worker is gone, retrying idempotent ones."""
    recovered = 0
    with transaction.atomic():
        running = queryset.filter(status=TaskResultStatus.RUNNING)
        for result in running.select_for_update(skip_locked=True):
            if claimed_by and result.worker_ids[-1:] != [claimed_by]:
                continue
            result.set_failed(WorkerLost("the worker stopped while running this task"))
            retry_or_give_up(result)
            recovered += 1
    if recovered:
        logger.warning("lost tasks recovered", extra={"count": recovered})
    return recovered


def recover_stale_tasks(minutes=None):
    """Tasks RUNNING for longer than `minutes` (TASK_STALE_MINUTES) lost their worker."""
    minutes = settings.TASK_STALE_MINUTES if minutes is None else minutes
    cutoff = timezone.now() - datetime.timedelta(minutes=minutes)
    return fail_lost(DBTaskResult.objects.filter(started_at__lt=cutoff))


class Worker(DBWorker):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._next_sweep = 0.0
        self._reconnects = 0

    def run(self):
        logger.info("task worker started", extra={"worker_id": self.worker_id})
        while self.running:
            try:
                if time.monotonic() >= self._next_sweep:
                    recover_stale_tasks()
                    self._next_sweep = time.monotonic() + SWEEP_EVERY_SECONDS
                ran = self.run_next()
                self._reconnects = 0
            except DATABASE_DOWN as error:
                self.wait_for_database(error)
                continue
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            if self.batch and not ran:
                return
            if self.running and not ran:
                time.sleep(self.interval)

    def run_next(self):
        """Claim and run the next ready task; False if there was none."""
        close_old_connections()
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        try:
            with exclusive_transaction(tasks.db):
                result = tasks.get_locked()
                if result is not None:
                    result.claim(self.worker_id)
        except OperationalError as error:
            if is_locked_database_exception(error):  # SQLite busy: try again later
                return False
            raise
        if result is None:
            return False
        self.run_task(result)
        return True

    def run_task(self, db_task_result):
        super().run_task(db_task_result)
        if db_task_result.status == TaskResultStatus.FAILED:
            retry_or_give_up(db_task_result)

    def wait_for_database(self, error):
        """Drop the broken connections, wait (1, 2, 4 … 30 s) and give our own task back."""
        self._reconnects += 1
        delay = min(2 ** (self._reconnects - 1), RECONNECT_MAX_SECONDS)
        logger.error(
            "database unavailable, retrying",
            extra={"error": str(error), "retry_in_seconds": delay, "worker_id": self.worker_id},
        )
        for alias in connections:
            with contextlib.suppress(DatabaseError):
                connections[alias].close()
        time.sleep(delay)
        # A task we had claimed is not running any more (this process runs one at a time);
        # if the database is still down, the next round tries again.
        with contextlib.suppress(*DATABASE_DOWN):
            fail_lost(DBTaskResult.objects.all(), claimed_by=self.worker_id)
