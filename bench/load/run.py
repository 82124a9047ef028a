"""Load benchmark (`make bench-load`): Locust against production mode on 127.0.0.1.

1. resets the PostgreSQL database `srm_bench` and a Redis database (cache and sessions);
2. migrate, the compound model and the German-English glossary (what `make install` builds,
   here under this run's VAR_DIR), demo_data, `bench/datagen.py` (20,000 solutions, 5,000
   providers), then the users, needs and workshop of bench/load/prepare.py and the submitted
   solutions the catalog writes publish; then it drains the task queue (the backlog demo_data
   and the fixtures leave) and publishes one search snapshot;
3. starts production mode exactly as `make prod` does (ops/prod.sh: check --deploy, migrate,
   collectstatic, gunicorn + task worker + clock under ops/supervise.py, DEBUG=0) on a free port;
   checks that gunicorn's preload warm-up loaded that snapshot and the sentence encoder;
4. warms every worker up, checks the encoder is warm in each (concurrent POST /api/v1/match)
   and that no task is queued, runs Locust headless (bench/load/locustfile.py) and meanwhile,
   every LOAD_PUBLISH_EVERY seconds, publishes a submitted solution as the demo office user
   through the moderation form (CatalogWriter) and waits for the new search version;
5. prints requests/s, p50/p95/p99 and errors per request type and in total, the catalog writes
   and versions, p99 in the 10 s after each write and after each new version against the
   rest (Locust and gunicorn's access log), the memory of each gunicorn worker, against the
   targets;
6. stops every process it started, also when a step fails or on Ctrl-C.

Environment (defaults in brackets): LOAD_USERS [50], LOAD_DURATION seconds [120],
LOAD_SPAWN_RATE [10], LOAD_SOLUTIONS [20000], LOAD_PROVIDERS [5000], LOAD_PUBLISH_EVERY
seconds [30; 0 = no writes], BENCH_DB [srm_bench], BENCH_PG [postgres://postgres@127.0.0.1:5432],
BENCH_REDIS_URL [redis://127.0.0.1:6379/15], WEB_CONCURRENCY [gunicorn.conf.py default],
GLOSSARY_SOURCE [/usr/share/trans/de-en], LOAD_REUSE_DB=1 keeps the database of the previous
run (skips the data generation, not the drain). Output and logs: var/bench-load/.
"""

import contextlib
import csv
import json
import math
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
OUT = ROOT / "var" / "bench-load"
PY = str(ROOT / ".venv" / "bin" / "python")
TARGET_P99_MS = 1000
TARGET_WORKER_MB = 500  # per gunicorn worker at 20,000 solutions (peak, VmHWM)
TASKS = "django_tasks_database_dbtaskresult"  # django-tasks-db's queue
AFTER_WRITE_S = 10  # the window after each catalog write that is compared with the rest
OFFICE = ("geschaeftsstelle@demo.smarte-region.de", "Demo-Passwort-2026")  # docs/demo.md
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MODERATE = re.compile(r'action="(/geschaeftsstelle/moderation/loesung/(\d+)/)"')
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


def timed(url, data=None):
    """(status, seconds) of one request; `data` is posted as JSON."""
    headers = {"X-Forwarded-Proto": "https"}
    body = None
    if data is not None:
        headers["Content-Type"] = "application/json"
        body = json.dumps(data).encode()
    request = urllib.request.Request(url, data=body, headers=headers)
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - loopback
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.monotonic() - started


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


def preload_warm_line(log_path):
    """gunicorn's `search warm: version …` line (matching.index.warm_up, in the master)."""
    for line in Path(log_path).read_text(encoding="utf-8", errors="replace").splitlines():
        if "search warm" in line or "search warm-up failed" in line:
            with contextlib.suppress(ValueError):
                return json.loads(line).get("message", line)
            return line
    return None


def warm_up(base, workers):
    """Every worker answers `workers` concurrent requests per round, so each one sees some.

    gunicorn's preload already loaded the snapshot and the sentence encoder in the master
    (docs/operations.md, "Warm start"): search pages should be fast from the first, and so
    should POST /api/v1/match, which encodes its text (a cold encoder costs ~1 s). Returns the
    slowest match in seconds."""
    with ThreadPoolExecutor(workers) as pool:
        for path in ["/loesungen/?q=Parkplatz", "/loesungen/", "/loesungen/?topic=wasser"]:
            results = list(pool.map(timed, [f"{base}{path}"] * workers))
            print(
                f"   warm-up GET {path}: "
                + ", ".join(f"{status} in {seconds:.2f} s" for status, seconds in results)
            )
        texts = ["Parkplätze finden", "Wasserverluste im Netz", "Bäume gießen", "Anträge online"]
        slowest = 0.0
        for round_ in range(3):
            payloads = [
                {"title": f"{texts[(round_ + i) % len(texts)]} {round_}-{i}", "limit": 5}
                for i in range(workers)
            ]
            results = list(pool.map(lambda p: timed(f"{base}/api/v1/match", p), payloads))
            slowest = max([slowest, *(seconds for _status, seconds in results)])
            print(
                "   encoder check POST /api/v1/match: "
                + ", ".join(f"{status} in {seconds:.2f} s" for status, seconds in results)
            )
    return slowest


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


# --- The database, read beside the server ----------------------------------------------------


class Db:
    """Own connection to the bench database (one per thread)."""

    def __init__(self, dsn):
        import psycopg

        self.conn = psycopg.connect(dsn, autocommit=True)

    def one(self, sql, *params):
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    def version(self):
        return self.one("SELECT value FROM matching_catalogversion WHERE id = 1") or 0

    def queued(self):
        return self.one(f"SELECT count(*) FROM {TASKS} WHERE status = 'READY'")

    def publishes(self, since, until):
        return self.one(
            f"SELECT count(*) FROM {TASKS} WHERE task_path = %s "
            "AND status = 'SUCCESSFUL' AND finished_at BETWEEN to_timestamp(%s) AND "
            "to_timestamp(%s)",
            "matching.index.publish_search_index",
            since,
            until,
        )

    def close(self):
        self.conn.close()


class VersionWatch(threading.Thread):
    """Polls CatalogVersion every 0.25 s: every search version published during the run."""

    def __init__(self, dsn):
        super().__init__(daemon=True)
        self.dsn, self.stopping = dsn, threading.Event()
        self.changes = []  # (Unix time seen, version)

    def run(self):
        db = Db(self.dsn)
        last = db.version()
        while not self.stopping.wait(0.25):
            with contextlib.suppress(Exception):
                value = db.version()
                if value != last:
                    self.changes.append((time.time(), value))
                    last = value
        db.close()

    def after(self, since):
        return [(at, value) for at, value in self.changes if at >= since]


# --- Catalog writes during the run -----------------------------------------------------------


class CatalogWriter(threading.Thread):
    """Every `every` seconds from the start of Locust: the demo office user (signed in through
    the real login form) approves the oldest submitted solution through the moderation form —
    a publish, as an office does it. Then it waits for the task worker to publish the new
    search version (CatalogVersion in the database) and records how long that took.

    A thread beside Locust rather than a Locust user: the writes come on a fixed schedule
    whatever the spawn rate and weights, and they are not counted in the user mix."""

    def __init__(self, base, dsn, every, duration, worker_pids=()):
        super().__init__(daemon=True)
        self.worker_pids = list(worker_pids)  # VmRSS sampled once a write is published
        self.base, self.dsn, self.every, self.duration = base, dsn, every, duration
        self.origin = "https://" + base.split("://", 1)[1]
        self.stopping = threading.Event()
        self.writes, self.errors = [], []

    def _session(self):
        import requests
        from requests.cookies import RequestsCookieJar

        class BehindTlsProxy(RequestsCookieJar):
            def set_cookie(self, cookie, *args, **kwargs):
                cookie.secure = False
                return super().set_cookie(cookie, *args, **kwargs)

        session = requests.Session()
        session.cookies = BehindTlsProxy()
        session.headers.update({"X-Forwarded-Proto": "https", "Accept-Language": "de"})
        return session

    def _post(self, session, form_path, action, data):
        page = session.get(self.base + form_path, timeout=60)
        page.raise_for_status()
        token = CSRF.search(page.text)
        if token is None:
            raise RuntimeError(f"no CSRF token on {form_path}")
        if callable(action):
            action = action(page.text)
        started = time.monotonic()
        response = session.post(
            self.base + action,
            data={"csrfmiddlewaretoken": token.group(1), **data},
            headers={"Referer": self.origin + form_path},
            timeout=60,
            allow_redirects=False,
        )
        return response, time.monotonic() - started

    def login(self, session):
        response, _seconds = self._post(
            session, "/konto/login/", "/konto/login/", {"login": OFFICE[0], "password": OFFICE[1]}
        )
        if response.status_code != 302 or "/konto/login/" in response.headers.get("Location", ""):
            raise RuntimeError(f"office sign-in failed: HTTP {response.status_code}")

    def write(self, session, db, started):
        picked = {}

        def first_submitted(text):
            found = MODERATE.search(text)
            if found is None:
                raise RuntimeError("no submitted solution in the moderation queue")
            picked["pk"] = int(found.group(2))
            return found.group(1)

        before = db.version()
        at = time.time()
        response, seconds = self._post(
            session, "/geschaeftsstelle/moderation/", first_submitted, {"action": "approve"}
        )
        status = db.one("SELECT status FROM catalog_solution WHERE id = %s", picked["pk"])
        write = {
            "t": at - started,
            "at": at,
            "pk": picked["pk"],
            "http": response.status_code,
            "post_ms": seconds * 1000,
            "status": status,
            "before": before,
            "indexed": None,
            "after": None,
            "seconds": None,
        }
        self.writes.append(write)
        if response.status_code != 302 or status != "published":
            raise RuntimeError(f"approve of solution {picked['pk']}: HTTP {response.status_code}")
        # The task worker indexes the solution (SearchDocument), then publishes. Versions are
        # the nanosecond time the build started (under the index lock the indexing holds too),
        # so a version later than the document's updated_at is a snapshot that contains it.
        # (also after Locust has stopped, for the last write)
        deadline = time.monotonic() + max(5, min(self.every - 1, 60))
        while time.monotonic() < deadline:
            indexed = db.one(
                "SELECT (extract(epoch FROM updated_at) * 1e9)::bigint "
                "FROM matching_searchdocument WHERE solution_id = %s",
                picked["pk"],
            )
            value = db.version()
            if indexed is not None and write["indexed"] is None:
                write["indexed"] = indexed / 1e9 - at
            if indexed is not None and value > indexed:
                write["after"], write["seconds"] = value, time.time() - at
                time.sleep(3)  # the workers swap the new snapshot in at their next search
                write["rss"] = [memory(pid).get("VmRSS", 0) for pid in self.worker_pids]
                return
            time.sleep(0.25)

    def run(self):
        started = time.time()
        db = Db(self.dsn)
        session = self._session()
        try:
            self.login(session)
        except Exception as error:  # reported, the load run goes on
            self.errors.append(str(error))
            return
        n = 1
        while not self.stopping.wait(max(0, started + n * self.every - time.time())):
            if n * self.every >= self.duration:
                break
            try:
                self.write(session, db, started)
            except Exception as error:
                self.errors.append(f"write {n}: {error}")
            n += 1
        db.close()


# --- Measurements after the run --------------------------------------------------------------


def percentile(values, p):
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def in_windows(start, windows):
    return any(begin <= start < begin + AFTER_WRITE_S for begin in windows)


def split_requests(path, windows):
    """Locust's requests (client side: includes the wait for a free worker), after a write and
    elsewhere: {side: [ms]}."""
    sides = {"after": [], "elsewhere": []}
    if not Path(path).exists():
        return sides
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            side = "after" if in_windows(float(row["start"]), windows) else "elsewhere"
            sides[side].append(float(row["ms"]))
    return sides


def compare(requests_csv, served, windows):
    """Requests that started within AFTER_WRITE_S of one of `windows` against all others, from
    Locust and from the access log, and the slowest in the worker inside the windows."""
    slow = []
    for start, path, ms, _status in served:
        offsets = [start - w for w in windows if w <= start < w + AFTER_WRITE_S]
        if offsets:
            slow.append((offsets[0], path, ms))
    return {
        "client": split_requests(requests_csv, windows),
        "server": {
            "after": [ms for start, _p, ms, _s in served if in_windows(start, windows)],
            "elsewhere": [ms for start, _p, ms, _s in served if not in_windows(start, windows)],
        },
        "slow": sorted(slow, key=lambda row: -row[2])[:6],
    }


def access_log(path, since, until):
    """gunicorn's JSON access lines within [since, until]: [(start, path, ms, status)]. The
    logged time is the end of the request, to the second; start ≈ end + 0.5 s − duration."""
    rows = []
    for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
        if '"gunicorn.access"' not in line:
            continue
        try:
            entry = json.loads(line)
            end = datetime.strptime(entry["time"].strip("[]"), "%d/%b/%Y:%H:%M:%S %z")
            ms = float(entry["duration_ms"])
        except (ValueError, KeyError):
            continue
        start = end.timestamp() + 0.5 - ms / 1000
        if since <= start <= until:
            rows.append((start, entry.get("path", ""), ms, entry.get("status", "")))
    return rows


def gunicorn_processes(server):
    """(master, [workers], task worker) under production mode, as psutil processes."""
    import psutil

    master, task_worker = None, None
    with contextlib.suppress(psutil.NoSuchProcess):
        for process in psutil.Process(server.pid).children(recursive=True):
            with contextlib.suppress(psutil.NoSuchProcess):
                line = " ".join(process.cmdline())
                if "gunicorn" in line and "gunicorn" not in " ".join(process.parent().cmdline()):
                    master = process
                elif "task_worker" in line:
                    task_worker = process
    workers = master.children() if master else []
    return master, workers, task_worker


def memory(pid):
    """{VmRSS, VmHWM, Pss} of a process in MB (Pss shares pages with the other processes)."""
    values = {}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                values["Pss"] = int(line.split()[1]) / 1024
    return values


def loadavg():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def read_stats(path):
    with open(path, encoding="utf-8") as handle:
        return {row["Name"]: row for row in csv.DictReader(handle)}


def fmt_ms(value):
    return "–" if value is None else f"{value:,.0f}"


def table(stats, users, duration):
    def ms(row, column):
        value = row.get(column, "")
        return f"{float(value):,.0f}" if value not in ("", "N/A") else "–"

    lines = [
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
    return lines


def report(run, stats):
    """The printed report: the table, the writes, after-write vs elsewhere, memory, targets."""
    lines = [
        f"Load benchmark: {run['users']} users, {run['duration']} s, production mode (gunicorn "
        f"{run['n_workers']} workers, PostgreSQL, Redis, DEBUG=0) on 127.0.0.1, "
        f"{run['solutions']:,} published solutions, commit {run['commit']}",
        f"load average: {run['load_start']} at the start, {run['load_locust']} when Locust "
        f"started, {run['load_end']} at the end ({os.cpu_count()} cores)",
        f"warm start: {run['preload']}; slowest POST /api/v1/match in the encoder check "
        f"{run['encoder_s']:.2f} s; tasks queued when Locust started: {run['queued']}",
        *table(stats, run["users"], run["duration"]),
    ]
    writes, watch = run["writes"], run["versions"]
    if run["every"]:
        changed = sum(1 for w in writes if w["after"] is not None)
        lines.append(
            f"catalog writes (office approves a submitted solution every {run['every']} s): "
            f"{len(writes)}, in a new search version: {changed}/{len(writes)}; "
            f"search versions published during the run: {len(watch)} (publish tasks finished: "
            f"{run['publish_tasks']})"
        )
        for i, w in enumerate(writes, 1):
            rss = " / ".join(f"{mb:,.0f}" for mb in w.get("rss", []))
            new = (
                f"indexed after {w['indexed']:.1f} s, in version {w['after']} (seen after "
                f"{w['seconds']:.1f} s; 3 s later the workers' VmRSS {rss} MB)"
                if w["after"] is not None
                else "NOT in a new version within the wait"
            )
            lines.append(
                f"  write {i} at {w['t']:.0f} s: solution {w['pk']} {w['status']} (POST "
                f"HTTP {w['http']}, {w['post_ms']:.0f} ms), version {w['before']} → {new}"
            )
        for error in run["writer_errors"]:
            lines.append(f"  writer error: {error}")
        for label, side in run["compare"].items():
            client, server = side["client"], side["server"]
            lines.append(
                f"p99 in the {AFTER_WRITE_S} s after {label} vs elsewhere — Locust (client side):"
                f" {fmt_ms(percentile(client['after'], 99))} ms ({len(client['after'])} "
                f"requests) vs {fmt_ms(percentile(client['elsewhere'], 99))} ms "
                f"({len(client['elsewhere'])}); gunicorn (time in the worker): "
                f"{fmt_ms(percentile(server['after'], 99))} ms vs "
                f"{fmt_ms(percentile(server['elsewhere'], 99))} ms"
            )
            if side["slow"]:
                lines.append(
                    "  slowest in the worker: "
                    + ", ".join(
                        f"{path} {ms:,.0f} ms (+{offset:.1f} s)"
                        for offset, path, ms in side["slow"]
                    )
                )
    else:
        lines.append("catalog writes: off (LOAD_PUBLISH_EVERY=0)")
    lines.append(
        f"memory per gunicorn worker at the end (target ≤ {TARGET_WORKER_MB} MB at 20,000 "
        "solutions; VmRSS counts the pages shared with the preloaded master, Pss splits them):"
    )
    for label, pid, mem in run["memory"]:
        start = run["memory_start"].get(pid, {}).get("VmRSS")
        lines.append(
            f"  {label} pid {pid}: VmRSS {mem.get('VmRSS', 0):,.0f} MB, VmHWM "
            f"{mem.get('VmHWM', 0):,.0f} MB, Pss {mem.get('Pss', 0):,.0f} MB"
            + (f" (VmRSS after the warm-up: {start:,.0f} MB)" if start else "")
        )
    if run["recycled"]:
        lines.append(f"  workers replaced during the run (max_requests): {run['recycled']}")
    total = stats["Aggregated"]
    errors, p99 = int(total["Failure Count"]), float(total["99%"])
    peaks = [mem.get("VmHWM", 0) for label, _pid, mem in run["memory"] if label == "worker"]
    peak = max(peaks, default=0)
    met = errors == 0 and p99 < TARGET_P99_MS and peak <= TARGET_WORKER_MB
    lines.append(
        f"targets: 0 errors, p99 < {TARGET_P99_MS} ms, ≤ {TARGET_WORKER_MB} MB per worker → "
        f"{errors} errors, p99 {p99:,.0f} ms, worker peak (VmHWM) {peak:,.0f} MB: "
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


def prepare_step(env, *args, log):
    """bench/load/prepare.py --pending / --drain: its JSON answer."""
    done = subprocess.run(
        [PY, "bench/load/prepare.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    log.write(done.stdout)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _interrupted(signum, _frame):
    raise SystemExit(128 + signum)


def main():
    users = int(setting("LOAD_USERS", "50"))
    duration = int(setting("LOAD_DURATION", "120"))
    spawn = setting("LOAD_SPAWN_RATE", "10")
    every = int(setting("LOAD_PUBLISH_EVERY", "30"))
    pg = setting("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    db = setting("BENCH_DB", "srm_bench")
    dsn = f"{pg}/{db}"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    OUT.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": dsn,
        "REDIS_URL": setting("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
        "VAR_DIR": str(OUT / "var"),
        "BIND": f"127.0.0.1:{port}",
        # A public https address passes check --deploy (api.E001); no request goes there.
        "SITE_URL": "https://marktplatz.example.org",
        "LOG_LEVEL": "INFO",  # production's default: the warm-up line is checked below
        "BENCH_LOAD_FIXTURES": str(OUT / "fixtures.json"),
        "BENCH_LOAD_REQUESTS": str(OUT / "requests.csv"),
    }
    run = {"users": users, "duration": duration, "every": every, "load_start": loadavg()}
    run["commit"] = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    print(f"load average at the start: {run['load_start']}", flush=True)
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
            step(f"migrate, glossary, demo data, generated catalog (log: {setup_log})")
            started = time.monotonic()
            manage(env, "migrate", "--no-input", "-v", "0", log=log)
            # what `make install` builds; both live under this run's VAR_DIR
            manage(env, "build_compound_model", "--if-missing", log=log)
            manage(env, "build_glossary", "--if-missing", log=log)
            if not reuse:
                prepare(env, users, log)
            pending = prepare_step(env, "--pending", str(duration // every + 2 if every else 0),
                                   log=log)  # fmt: skip
            print(f"   done in {time.monotonic() - started:.0f} s; {pending}")
            step("drain the task queue, publish one search snapshot")
            drained = prepare_step(env, "--drain", log=log)
            run["solutions"] = drained["solutions"]
            print(
                f"   ran the queued tasks {drained['queued']}, published version "
                f"{drained['version']} ({drained['solutions']} solutions) in "
                f"{drained['publish_seconds']} s, ran the tasks that queued "
                f"{drained['queued_by_publish']}; {drained['drain_seconds']} s of tasks, "
                f"{drained['failed_tasks']} failed in all"
            )
        step(f"production mode (ops/prod.sh) on {base} (log: {server_log})")
        with open(server_log, "w") as log:
            server = subprocess.Popen(
                ["ops/prod.sh"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        wait_for_health(base, server, server_log)
        run["preload"] = preload_warm_line(server_log) or "NO warm-up line in the server log"
        print(f"   {run['preload']}")
        if str(drained["version"]) not in run["preload"]:
            print("   WARNING: gunicorn did not preload the published snapshot")
        _master, workers, _task_worker = gunicorn_processes(server)
        run["n_workers"] = len(workers)
        run["encoder_s"] = warm_up(base, max(2, len(workers)))
        if run["encoder_s"] > 0.5:
            print("   WARNING: a match took > 0.5 s: is the sentence encoder warm in every worker?")
        first_pids = {w.pid for w in workers}
        run["memory_start"] = {w.pid: memory(w.pid) for w in workers}
        state = Db(dsn)
        run["queued"] = state.queued()
        run["load_locust"] = loadavg()
        step(
            f"Locust: {users} users, spawn rate {spawn}/s, {duration} s; catalog write every "
            f"{every} s"
            if every
            else "no catalog writes"
        )
        print(f"   tasks queued: {run['queued']}; load average {run['load_locust']}")
        watch = VersionWatch(dsn)
        writer = CatalogWriter(base, dsn, every, duration, first_pids) if every else None
        locust_started = time.time()
        watch.start()
        if writer:
            writer.start()
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
        locust_ended = time.time()
        if writer:
            writer.stopping.set()
            writer.join(70)
        watch.stopping.set()
        watch.join(5)
        run["load_end"] = loadavg()
        master, workers, task_worker = gunicorn_processes(server)
        run["memory"] = [("worker", w.pid, memory(w.pid)) for w in workers]
        run["memory"] += [("master", p.pid, memory(p.pid)) for p in [master] if p]
        run["memory"] += [("task worker", p.pid, memory(p.pid)) for p in [task_worker] if p]
        run["recycled"] = len(first_pids - {w.pid for w in workers})
        run["writes"] = writer.writes if writer else []
        run["writer_errors"] = writer.errors if writer else []
        run["versions"] = watch.after(locust_started)
        run["publish_tasks"] = state.publishes(locust_started, locust_ended)
        state.close()
        served = access_log(server_log, locust_started, locust_ended)
        run["compare"] = {
            "a write (the POST)": compare(
                env["BENCH_LOAD_REQUESTS"], served, [w["at"] for w in run["writes"]]
            ),
            # the web workers swap the snapshot in when they see the new version
            "a new version": compare(
                env["BENCH_LOAD_REQUESTS"], served, [at for at, _v in run["versions"]]
            ),
        }
        text = report(run, read_stats(OUT / "locust_stats.csv"))
        (OUT / "report.txt").write_text(text + "\n", encoding="utf-8")
        print("\n" + text)
        return 0
    except (subprocess.CalledProcessError, RuntimeError, OSError) as error:
        print(f"bench-load failed: {error}", file=sys.stderr)
        return 1
    finally:
        stop(server)


if __name__ == "__main__":
    sys.exit(main())
