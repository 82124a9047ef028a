"""gunicorn settings for production mode (see docs/operations.md). Override through env vars."""

import json
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# 2–4 sync workers: enough for two cores, small enough for the PostgreSQL connection budget.
workers = min(4, max(2, int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() or 2))))
# Sync workers expect a buffering reverse proxy (nginx: the default proxy_buffering and
# proxy_request_buffering), so a slow client never holds a worker; docs/operations.md.
# Without one, WEB_WORKER_CLASS=gthread and WEB_THREADS=4 let each worker serve 4 at a time
# (each thread may hold its own database connection).
worker_class = os.environ.get("WEB_WORKER_CLASS", "sync")
threads = int(os.environ.get("WEB_THREADS", "1"))
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
# Warm start (docs/operations.md): the master loads the app, the search snapshot, the
# sentence encoder and the compiled templates once, before forking, so no request waits for
# them and the workers share the model's pages; a recycled worker starts warm too.
# WEB_PRELOAD=0 warms each worker instead, before it accepts requests.
preload_app = os.environ.get("WEB_PRELOAD", "1") != "0"


def _warm_up():
    from core.warmup import compile_templates, load_translations_and_urls
    from matching.index import warm_up

    warm_up()
    compile_templates()
    load_translations_and_urls()


def when_ready(server):
    if preload_app:
        _warm_up()


def post_worker_init(worker):
    if not preload_app:
        _warm_up()


# Trust X-Forwarded-* only from the local reverse proxy.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
access_log_format = json.dumps(
    {
        "time": "%(t)s",
        "logger": "gunicorn.access",
        "remote": "%(h)s",
        "method": "%(m)s",
        "path": "%(U)s",
        "status": "%(s)s",
        "bytes": "%(B)s",
        "duration_ms": "%(M)s",
        "user_agent": "%(a)s",
    }
)
