"""Production mode's clock queues the daily retention, the digests and the reminders on time."""

import datetime as dt

from django.utils import timezone
from django.utils.module_loading import import_string

from core.schedule import JOBS, next_run, start, tick

RETENTION = next(job for job in JOBS if job.name == "retention")
REMINDERS = next(job for job in JOBS if job.name == "workshop reminders")


def berlin(*args):
    return timezone.make_aware(dt.datetime(*args))


def test_daily_job_runs_at_its_time_in_berlin_including_across_the_clock_change():
    assert next_run(RETENTION, berlin(2026, 3, 28, 12, 0)) == berlin(2026, 3, 29, 3, 30)
    assert next_run(RETENTION, berlin(2026, 3, 29, 3, 30)) == berlin(2026, 3, 30, 3, 30)
    assert next_run(RETENTION, berlin(2026, 3, 30, 3, 29)) == berlin(2026, 3, 30, 3, 30)
    assert next_run(REMINDERS, berlin(2026, 6, 1, 10, 5)) == berlin(2026, 6, 1, 11, 5)


def test_tick_queues_retention_once_a_day():
    queued = []
    schedule = start(berlin(2026, 6, 1, 12, 0))
    now = berlin(2026, 6, 1, 12, 0)
    while now < berlin(2026, 6, 4, 12, 0):
        now += dt.timedelta(seconds=30)
        tick(schedule, now, enqueue=lambda job, at=now: queued.append((job.name, at)))
    retention = [when for name, when in queued if name == "retention"]
    assert [timezone.localtime(w).strftime("%d. %H:%M") for w in retention] == [
        "02. 03:30",
        "03. 03:30",
        "04. 03:30",
    ]
    assert len([name for name, _ in queued if name == "workshop reminders"]) == 72


def test_a_failing_queue_is_logged_and_the_job_moves_on(caplog):
    schedule = {RETENTION: berlin(2026, 6, 1, 3, 30)}

    def broken(job):
        raise RuntimeError("database away")

    assert tick(schedule, berlin(2026, 6, 1, 3, 31), enqueue=broken) == []
    assert schedule[RETENTION] == berlin(2026, 6, 2, 3, 30)
    assert "scheduled job not queued" in caplog.text


def test_tick_queues_the_real_retention_task(db):
    assert all(hasattr(import_string(job.task), "enqueue") for job in JOBS)
    schedule = {RETENTION: berlin(2026, 6, 1, 3, 30)}
    assert tick(schedule, berlin(2026, 6, 1, 3, 30)) == ["retention"]
