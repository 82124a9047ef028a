"""M4 + M6 + H4: e-mails go through the task worker; it retries, recovers lost tasks and
survives a database outage."""

import datetime
import smtplib
import socket
import threading
import time

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import worker as worker_module
from core.services import send_email
from core.tasks import deliver_email
from core.worker import Worker, recover_stale_tasks, retry_delay
from events.models import Registration
from events.tests.factories import WorkshopFactory

pytestmark = pytest.mark.django_db(transaction=True)


class SilentSMTP(BaseEmailBackend):
    """What a hanging SMTP server looks like to Django once EMAIL_TIMEOUT has passed."""

    def send_messages(self, messages):
        raise TimeoutError("timed out")


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def no_sleep(monkeypatch):
    monkeypatch.setattr(worker_module.time, "sleep", lambda seconds: None)


def run_worker(**kwargs):
    options = {
        "queue_names": ["default"], "interval": 0, "batch": True, "backend_name": "default",
        "startup_delay": False, "max_tasks": None, "worker_id": "worker-test",
        "excluded_queue_names": [],
    }  # fmt: skip
    worker = Worker(**{**options, **kwargs})
    worker.run()
    return worker


def make_due(result):
    DBTaskResult.objects.filter(pk=result.pk).update(run_after=timezone.now())


def test_registration_does_not_wait_for_a_silent_smtp_server(
    client_for, municipality_user, db_tasks, settings
):
    settings.EMAIL_BACKEND = "core.tests.test_worker.SilentSMTP"
    workshop = WorkshopFactory(slug="wasser")
    started = time.monotonic()
    response = client_for(municipality_user).post("/veranstaltungen/wasser/anmelden/")
    assert response.status_code == 302
    assert time.monotonic() - started < 5
    assert Registration.objects.get(workshop=workshop).status == Registration.Status.CONFIRMED
    queued = DBTaskResult.objects.get(task_path="core.tasks.deliver_email")
    assert queued.status == "READY"
    assert queued.args_kwargs["args"][0]["to"] == [municipality_user.email]


def test_a_failed_mail_is_retried_with_back_off_until_it_goes_out(db_tasks, settings):
    settings.EMAIL_BACKEND = "core.tests.test_worker.SilentSMTP"
    send_email(["anna@example.org"], subject="Hallo", body="Text")
    run_worker()
    result = DBTaskResult.objects.get()
    assert result.status == "READY"
    assert result.exception_class_path == "builtins.TimeoutError"
    wait = (result.run_after - timezone.now()).total_seconds()
    assert 25 < wait <= 30
    run_worker()  # not due yet: nothing happens
    assert DBTaskResult.objects.get().worker_ids == ["worker-test"]
    make_due(result)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run_worker()
    result.refresh_from_db()
    assert result.status == "SUCCESSFUL"
    assert len(result.worker_ids) == 2
    assert [m.subject for m in mail.outbox] == ["[Smart Region Marktplatz] Hallo"]


def test_retries_stop_after_the_last_attempt(db_tasks, settings):
    settings.EMAIL_BACKEND = "core.tests.test_worker.SilentSMTP"
    send_email(["anna@example.org"], subject="Hallo", body="Text")
    result = DBTaskResult.objects.get()
    for _ in range(worker_module.RETRIES["core.tasks.deliver_email"]):
        make_due(result)
        run_worker()
    result.refresh_from_db()
    assert result.status == "FAILED"
    assert len(result.worker_ids) == 6
    assert [retry_delay(n) for n in (1, 2, 3, 8, 20)] == [30, 60, 120, 3600, 3600]


def test_smtp_timeout_setting_ends_a_hanging_connection(settings):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted = []
    threading.Thread(target=lambda: accepted.append(server.accept()), daemon=True).start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.getsockname()[1]
    settings.EMAIL_TIMEOUT = 1
    message = {
        "subject": "s", "body": "b", "from_email": "a@example.org", "to": ["b@example.org"],
        "headers": {}, "content_subtype": "plain", "alternatives": [], "attachments": [],
    }  # fmt: skip
    started = time.monotonic()
    with pytest.raises(smtplib.SMTPServerDisconnected, match="timed out"):
        deliver_email.call(message)
    assert time.monotonic() - started < 5
    server.close()


def _running(task_path, minutes_ago, worker_id="dead-worker"):
    return DBTaskResult.objects.create(
        task_path=task_path, args_kwargs={"args": [1], "kwargs": {}}, backend_name="default",
        run_after=timezone.now(), status="RUNNING", worker_ids=[worker_id],
        started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )  # fmt: skip


def test_tasks_left_running_by_a_dead_worker_are_recovered(settings):
    settings.TASK_STALE_MINUTES = 15
    lost_index = _running("matching.indexing.update_solution_index", 20)
    lost_other = _running("events.tasks.unknown_task", 20)
    busy = _running("matching.indexing.update_solution_index", 2)
    assert recover_stale_tasks() == 2
    lost_index.refresh_from_db()
    lost_other.refresh_from_db()
    busy.refresh_from_db()
    assert lost_index.status == "READY"  # idempotent: runs again
    assert lost_index.exception_class_path == "core.worker.WorkerLost"
    assert lost_other.status == "FAILED"  # not known to be idempotent: stays failed
    assert busy.status == "RUNNING"


def test_recover_tasks_command(settings, capsys):
    from django.core.management import call_command

    _running("matching.indexing.update_solution_index", 20)
    call_command("recover_tasks", minutes=10)
    assert "Recovered 1 lost tasks." in capsys.readouterr().out


def test_worker_survives_a_database_outage_and_runs_the_task_afterwards(
    db_tasks, no_sleep, monkeypatch
):
    send_email(["anna@example.org"], subject="Nach dem Ausfall", body="Text")
    original = Worker.run_next
    outages = []

    def flaky(self):
        if len(outages) < 3:
            outages.append(1)
            raise OperationalError("connection failed: Connection refused")
        return original(self)

    monkeypatch.setattr(Worker, "run_next", flaky)
    run_worker()
    assert len(outages) == 3
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert [m.subject for m in mail.outbox] == ["[Smart Region Marktplatz] Nach dem Ausfall"]


def test_a_task_cut_off_by_the_outage_is_given_back(db_tasks, no_sleep):
    send_email(["anna@example.org"], subject="Hallo", body="Text")
    result = DBTaskResult.objects.get()
    result.claim("worker-test")
    worker = Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="worker-test", excluded_queue_names=[],
    )  # fmt: skip
    other = _running("matching.indexing.update_solution_index", 1, worker_id="another-worker")
    worker.wait_for_database(OperationalError("server closed the connection unexpectedly"))
    result.refresh_from_db()
    other.refresh_from_db()
    assert result.status == "READY"
    assert result.exception_class_path == "core.worker.WorkerLost"
    assert other.status == "RUNNING"


def test_sign_up_confirmation_mail_is_queued_not_sent_in_the_request(client, db_tasks, settings):
    settings.EMAIL_BACKEND = "core.tests.test_worker.SilentSMTP"
    response = client.post(
        "/konto/signup/",
        {
            "email": "neu@example.org",
            "name": "Erika Muster",
            "function": "Hauptamt",
            "password1": "Gutes-Passwort-2026",
            "password2": "Gutes-Passwort-2026",
        },
    )
    assert response.status_code == 302
    queued = DBTaskResult.objects.get(task_path="core.tasks.deliver_email")
    assert queued.args_kwargs["args"][0]["to"] == ["neu@example.org"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run_worker()
    assert [m.to for m in mail.outbox] == [["neu@example.org"]]
    assert "/konto/confirm-email/" in mail.outbox[0].body
