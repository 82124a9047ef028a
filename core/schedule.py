"""The clock of production mode (`manage.py run_schedule`, the `clock` process in ops/Procfile).

It only queues tasks at their times (Europe/Berlin); the task worker runs them. Every job is
safe to run twice (digests at most once a day per member, reminders once per registration or
week, retention only acts on what is due), so a restart of the clock never does harm; a run missed
while the clock was down happens at the next scheduled time.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)
HOUR, DAY = dt.timedelta(hours=1), dt.timedelta(days=1)


@dataclass(frozen=True)
class Job:
    name: str
    task: str  # dotted path of a django-tasks task
    minute: int
    hour: int | None = None  # None: every hour


JOBS = [
    Job("workshop reminders", "events.tasks.send_workshop_reminders", minute=5),
    Job("retention", "legal.retention.apply_retention_task", hour=3, minute=30),
    Job("match digests", "matching.alerts.send_match_digests", hour=7, minute=0),
    Job("barrier reports", "legal.tasks.remind_barrier_reports", hour=8, minute=0),
]


def next_run(job, after):
    """The first scheduled moment of `job` strictly after `after`."""
    local = timezone.localtime(after)
    if job.hour is None:
        candidate = local.replace(minute=job.minute, second=0, microsecond=0)
        # whole hours in UTC, so the clock change neither skips nor repeats a run
        return candidate if candidate > after else candidate.astimezone(dt.UTC) + HOUR
    at = dt.time(job.hour, job.minute)
    candidate = timezone.make_aware(dt.datetime.combine(local.date(), at))
    if candidate <= after:
        candidate = timezone.make_aware(dt.datetime.combine(local.date() + DAY, at))
    return candidate


def tick(schedule, now, enqueue=None):
    """Queue every job whose time has come; returns the names queued and moves them on."""
    enqueue = enqueue or (lambda job: import_string(job.task).enqueue())
    queued = []
    for job, due in list(schedule.items()):
        if now >= due:
            try:
                enqueue(job)
            except Exception:  # the database may be away; the next time comes anyway
                logger.exception("scheduled job not queued", extra={"job": job.name})
            else:
                queued.append(job.name)
            schedule[job] = next_run(job, now)
    return queued


def start(now):
    return {job: next_run(job, now) for job in JOBS}
