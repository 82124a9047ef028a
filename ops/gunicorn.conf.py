"""gunicorn settings for production mode (see docs/operations.md). Override through env vars."""

import json
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# 2–4 sync workers: enough for two cores, small enough for the PostgreSQL connection budget.
workers = min(4, max(2, int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() or 2))))
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
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
