"""/healthz reports the database and, when configured, Redis; 503 when one of them fails."""

import os
import secrets
import socket
import socketserver
import subprocess
import sys
import threading
from unittest import mock

import pytest
from django.conf import settings
from django.db.utils import OperationalError

pytestmark = pytest.mark.django_db


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FakeRedis(socketserver.StreamRequestHandler):
    """Speaks just enough RESP: PING answers PONG, any other command OK."""

    def handle(self):
        while line := self.rfile.readline():
            if not line.startswith(b"*"):
                continue
            words = []
            for _ in range(int(line[1:])):
                length = int(self.rfile.readline()[1:])
                words.append(self.rfile.read(length + 2)[:-2].upper())
            self.wfile.write(b"+PONG\r\n" if words[:1] == [b"PING"] else b"+OK\r\n")


@pytest.fixture
def fake_redis_url():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), FakeRedis)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.server_address[1]}/0"
    server.shutdown()
    server.server_close()


def test_healthy_without_redis(client, settings):
    settings.REDIS_URL = ""

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}
    assert "no-cache" in response["Cache-Control"]


def test_database_failure_answers_503(client, settings):
    settings.REDIS_URL = ""
    with mock.patch(
        "core.views_health.check_database", side_effect=OperationalError("server closed")
    ):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "checks": {"database": "error"}}
    assert "server closed" not in response.content.decode()


def test_database_check_really_queries(client, settings, django_assert_num_queries):
    settings.REDIS_URL = ""
    with django_assert_num_queries(1):
        client.get("/healthz")


def test_unreachable_redis_answers_503(client, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "checks": {"database": "ok", "redis": "error"},
    }


def test_reachable_redis_is_ok(client, settings, fake_redis_url):
    settings.REDIS_URL = fake_redis_url

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "ok"}


def test_only_read_methods(client):
    assert client.post("/healthz").status_code == 405


# Production mode (docs/operations.md): the deploy check is clean and ops/prod.sh refuses to start
# without its required environment.


def production_env(**extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "SITE_URL"}
    }
    return {**env, **extra}


def test_deploy_check_is_clean_in_production_mode():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=production_env(
            DEBUG="0",
            SECRET_KEY=secrets.token_urlsafe(50),
            SITE_URL="https://marktplatz.example.org",
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({}, "set SECRET_KEY DATABASE_URL REDIS_URL SITE_URL first"),
        (
            {
                "SECRET_KEY": "x" * 60,
                "DATABASE_URL": "sqlite:///tmp/x.sqlite3",
                "REDIS_URL": "r",
                "SITE_URL": "https://marktplatz.example.org",
            },
            "expects PostgreSQL",
        ),
    ],
)
def test_prod_script_refuses_to_start_without_its_environment(extra, message):
    result = subprocess.run(
        [str(settings.BASE_DIR / "ops" / "prod.sh")],
        env=production_env(**extra),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 2
    assert message in result.stderr
