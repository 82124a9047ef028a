"""Load benchmark (`make bench-load`): Locust against production mode on 127.0.0.1.

1. resets the PostgreSQL database `srm_bench` and a Redis database (cache and sessions);
2. migrate, demo_data, `bench/datagen.py` (20,000 solutions, 5,000 providers), then the
   users, needs and workshop of bench/load/prepare.py;
3. starts production mode exactly as `make prod` does (ops/prod.sh: check --deploy, migrate,
   collectstatic, gunicorn + task worker + clock under ops/supervise.py, DEBUG=0) on a free port;
4. warms every worker up, runs Locust headless (bench/load/locustfile.py) and prints requests/s,
   p50/p95/p99 and errors per request type and in total, against the target;
5. stops every process it started, also when a step fails or on Ctrl-C.

Environment (defaults in brackets): LOAD_USERS [50], LOAD_DURATION seconds [120],
LOAD_SPAWN_RATE [10], LOAD_SOLUTIONS [20000], LOAD_PROVIDERS [5000], BENCH_DB [srm_bench],
BENCH_PG [postgres://postgres@127.0.0.1:5432], BENCH_REDIS_URL [redis://127.0.0.1:6379/15],
WEB_CONCURRENCY [gunicorn.conf.py default], LOAD_REUSE_DB=1 keeps the database of the previous
run (skips step 2 but migrate). Output and logs: var/bench-load/.
"""

import contextlib
import csv
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
OUT = ROOT / "var" / "bench-load"
PY = str(ROOT / ".venv" / "bin" / "python")
TARGET_P99_MS = 1000
# The request types of the mix, in the order of the table.
MIX = [
    ("search with facets", "anonymous search 60 %"),
    ("solution page", "solution pages 25 %"),
    ("login (form)", "need matching 10 % / workshop 5 %: sign-in"),
    ("login", ""),
    ("need page (matches)", "need matching 10 %"),
    ("need list", ""),
    ("post need (form)", ""),
    ("post need", ""),
    ("workshop list", "workshop registration 5 %"),
    ("workshop registration (form)", ""),
    ("workshop registration", ""),
    ("cancel registration (form)", ""),
    ("cancel registration", ""),
]


def setting(name, default):
    return os.environ.get(name) or default


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def step(text):
    print(f"\n== {text}", flush=True)


def reset_database(pg, name):
    import psycopg

    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def reset_redis(url):
    import redis

    redis.Redis.from_url(url).flushdb()


def manage(env, *args, log):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=log, stderr=log)


def get(url, timeout=120):
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - loopback
        return response.status


def wait_for_health(base, server, log_path, limit=180):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"production mode exited early, see {log_path}")
        try:
            if get(f"{base}/healthz", timeout=5) == 200:
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(1)
    raise RuntimeError(f"/healthz not ready after {limit} s, see {log_path}")


def warm_up(base, workers):
    """Each gunicorn worker builds its caches on first use; a deploy warms up the same way.
    Failures are printed, not fatal: the measured run shows whether they persist."""
    for path in ["/loesungen/?q=Parkplatz", "/loesungen/", "/loesungen/?topic=wasser"]:
        for _ in range(workers):
            started = time.monotonic()
            try:
                status = get(f"{base}{path}")
            except urllib.error.HTTPError as error:
                status = error.code
            print(f"   warm-up GET {path}: {status} in {time.monotonic() - started:.1f} s")


def stop(server):
    """SIGTERM to production mode and every process under it, SIGKILL after 20 s."""
    if server is None or server.poll() is not None:
        return
    import psutil

    try:
        processes = [psutil.Process(server.pid), *psutil.Process(server.pid).children(True)]
    except psutil.NoSuchProcess:
        return
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.send_signal(signal.SIGTERM)
    _gone, alive = psutil.wait_procs(processes, timeout=20)
    for process in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()


def read_stats(path):
    with open(path, encoding="utf-8") as handle:
        return {row["Name"]: row for row in csv.DictReader(handle)}


def table(stats, users, duration):
    def ms(row, column):
        value = row.get(column, "")
        return f"{float(value):,.0f}" if value not in ("", "N/A") else "–"

    lines = [
        f"Load benchmark: {users} users, {duration} s, production mode (gunicorn, PostgreSQL, "
        "Redis, DEBUG=0) on 127.0.0.1",
        f"{'request type':<31}{'requests':>9}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}"
        f"{'p99 ms':>8}{'errors':>8}",
    ]
    names = [name for name, _ in MIX if name in stats]
    names += sorted(n for n in stats if n not in names and n != "Aggregated")
    for name in [*names, "Aggregated"]:
        row = stats[name]
        label = "total" if name == "Aggregated" else name
        lines.append(
            f"{label:<31}{int(row['Request Count']):>9}{float(row['Requests/s']):>8.1f}"
            f"{ms(row, '50%'):>8}{ms(row, '95%'):>8}{ms(row, '99%'):>8}"
            f"{int(row['Failure Count']):>8}"
        )
    total = stats["Aggregated"]
    errors, p99 = int(total["Failure Count"]), float(total["99%"])
    met = errors == 0 and p99 < TARGET_P99_MS
    lines.append(
        f"target: 0 errors, p99 < {TARGET_P99_MS} ms → {errors} errors, p99 {p99:,.0f} ms: "
        + ("met" if met else "NOT met")
    )
    return "\n".join(lines)


def prepare(env, users, log):
    manage(env, "demo_data", log=log)
    solutions, providers = setting("LOAD_SOLUTIONS", "20000"), setting("LOAD_PROVIDERS", "5000")
    subprocess.run(
        [PY, "bench/datagen.py", "--solutions", solutions, "--providers", providers],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=log,
        stderr=log,
    )
    n_users = min(50, max(3, users // 5))
    subprocess.run(
        [PY, "bench/load/prepare.py", env["BENCH_LOAD_FIXTURES"], str(n_users)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=log,
        stderr=log,
    )


def _interrupted(signum, _frame):
    raise SystemExit(128 + signum)


def main():
    users = int(setting("LOAD_USERS", "50"))
    duration = int(setting("LOAD_DURATION", "120"))
    spawn = setting("LOAD_SPAWN_RATE", "10")
    pg = setting("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    db = setting("BENCH_DB", "srm_bench")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    OUT.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"{pg}/{db}",
        "REDIS_URL": setting("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
        "VAR_DIR": str(OUT / "var"),
        "BIND": f"127.0.0.1:{port}",
        # A public https address passes check --deploy (api.E001); no request goes there.
        "SITE_URL": "https://marktplatz.example.org",
        "LOG_LEVEL": "WARNING",
        "BENCH_LOAD_FIXTURES": str(OUT / "fixtures.json"),
    }
    setup_log, server_log = OUT / "setup.log", OUT / "server.log"
    server = None
    # Ctrl-C and `kill` end the run through `finally` (also when started in the background,
    # where SIGINT would otherwise be ignored).
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _interrupted)
    try:
        reuse = setting("LOAD_REUSE_DB", "") == "1" and Path(env["BENCH_LOAD_FIXTURES"]).exists()
        step(f"reset Redis {env['REDIS_URL']}" + ("" if reuse else f" and PostgreSQL db {db}"))
        reset_redis(env["REDIS_URL"])
        if not reuse:
            reset_database(pg, db)
        with open(setup_log, "a" if reuse else "w") as log:
            step(f"migrate, demo data, generated catalog (log: {setup_log})")
            started = time.monotonic()
            manage(env, "migrate", "--no-input", "-v", "0", log=log)
            if (ROOT / "matching/management/commands/build_compound_model.py").exists():
                # what `make install` does; the model lives under this run's VAR_DIR
                manage(env, "build_compound_model", "--if-missing", log=log)
            if not reuse:
                prepare(env, users, log)
            print(f"   done in {time.monotonic() - started:.0f} s")
        step(f"production mode (ops/prod.sh) on {base} (log: {server_log})")
        with open(server_log, "w") as log:
            server = subprocess.Popen(
                ["ops/prod.sh"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        wait_for_health(base, server, server_log)
        workers = min(4, max(2, int(env.get("WEB_CONCURRENCY") or os.cpu_count() or 2)))
        warm_up(base, workers)
        step(f"Locust: {users} users, spawn rate {spawn}/s, {duration} s")
        with open(OUT / "locust.log", "w") as log:
            subprocess.run(
                [
                    str(ROOT / ".venv" / "bin" / "locust"),
                    "-f",
                    "bench/load/locustfile.py",
                    "--headless",
                    "--users",
                    str(users),
                    "--spawn-rate",
                    spawn,
                    "--run-time",
                    f"{duration}s",
                    "--host",
                    base,
                    "--csv",
                    str(OUT / "locust"),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                    "--stop-timeout",
                    "10",
                ],
                cwd=ROOT,
                env=env,
                check=False,
                timeout=duration + 120,
                stdout=log,
                stderr=log,
            )
        report = table(read_stats(OUT / "locust_stats.csv"), users, duration)
        (OUT / "report.txt").write_text(report + "\n", encoding="utf-8")
        print("\n" + report)
        return 0
    except (subprocess.CalledProcessError, RuntimeError, OSError) as error:
        print(f"bench-load failed: {error}", file=sys.stderr)
        return 1
    finally:
        stop(server)


if __name__ == "__main__":
    sys.exit(main())
