"""`manage.py task_worker`: the production task worker (core.worker), db_worker's options."""

from django_tasks_db.management.commands import db_worker

from core.worker import Worker


class Command(db_worker.Command):
    help = "Run background tasks; survives database outages, recovers lost tasks, retries."

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay,
               reload, max_tasks, worker_id, exclude_queues, **options):  # fmt: skip
        self.configure_logging(verbosity)
        worker = Worker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )
        worker.configure_signals()
        worker.run()
