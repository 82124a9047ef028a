"""Search at scale (`make bench`): 20,000 generated solutions on SQLite and on PostgreSQL.

For each database a child process migrates a fresh database, loads the municipality register,
generates the catalog (bench/datagen.py), builds the search documents (timed, peak memory of
the process), times the snapshot build (ranking index + facets, what the task worker does per
version) and its load (what a web process does), then serves 50 typical searches (free text
and facets) through the real search view, timed server-side (request in, HTML out).
Then it matches the 37 needs of the dev set against the generated catalog (hybrid ranking with
embeddings, `matching.services.match_text`). The parent prints one table. Targets: p95 ≤ 50 ms,
index build peak memory ≤ 500 MB. The index build includes encoding every solution's
embedding.

    python bench/scale.py                 # both databases, 20,000 solutions
    BENCH_SOLUTIONS=2000 python bench/scale.py --databases sqlite
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/srm_bench_scale")

QUERIES = [
    "Parkplatz Altstadt", "Hochwasser Warnung", "Starkregen", "Mängelmelder", "Bürgerbeteiligung",
    "Straßenbeleuchtung", "Energiemonitoring Schule", "Winterdienst Glätte", "Wasserverlust",
    "Bodenfeuchte Stadtbäume", "LoRaWAN Sensoren", "Online-Terminvergabe", "Leerstand Innenstadt",
    "Radverkehr zählen", "Müllabfuhr Füllstand", "Open Data Portal", "Hitze Aktionsplan",
    "Förderprogramme finden", "digitale Sitzungen Gemeinderat", "E-Ladesäulen",
]  # fmt: skip
FACETS = [
    {"topic": "mobilitaet"}, {"maturity": "market_ready"}, {"hosting": "de"},
    {"deployment": "saas", "oss": "true"}, {"verified": "any"}, {"size": "lt5k"},
    {"price": "lt1k"}, {"topic": "wasser", "maturity": "pilot"}, {"startup": "true"},
    {"sort": "references"},
]  # fmt: skip


def workload():
    """50 typical searches: 20 free-text, 10 facet-only, 20 free text with facets."""
    searches = [{"q": q} for q in QUERIES]
    searches += FACETS
    searches += [{"q": QUERIES[i], **FACETS[i % len(FACETS)]} for i in range(20)]
    return searches


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(n_solutions, n_providers):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartregion.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bench.datagen import generate
    from matching import index as search_index
    from matching import indexing, services

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)  # production settings: DEBUG=0
    call_command("import_municipalities", "--no-progress", verbosity=0)
    started = time.perf_counter()
    generate(n_solutions, max(1, n_providers), progress=False, build_index=False)
    generated = time.perf_counter() - started
    before = peak_mb()
    started = time.perf_counter()
    indexed = indexing.rebuild()
    build = time.perf_counter() - started
    search_index.reset()  # like the task worker, which lets go of its last snapshot first
    started = time.perf_counter()
    search_index.build(0)  # the publish task, once per new version: ranking index + facets
    ranking_build = time.perf_counter() - started
    search_index.reset()
    started = time.perf_counter()
    search_index.current()  # a web process on a new version: loads the stored snapshot
    snapshot_load = time.perf_counter() - started
    build_peak = peak_mb()
    client = Client()
    searches = workload()
    for params in searches[:5]:  # warm-up: connections, template cache
        client.get("/loesungen/", params)
    times = []
    for params in searches:
        started = time.perf_counter()
        response = client.get("/loesungen/", params)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, params
    times.sort()
    needs = json.loads((ROOT / "bench" / "matching-dev.json").read_text())["needs"]
    services.match_text(needs[0]["title"], needs[0]["description"])  # warm-up: the model
    match_times = []
    for need in needs:
        started = time.perf_counter()
        services.match_text(need["title"], need["description"])
        match_times.append((time.perf_counter() - started) * 1000)
    match_times.sort()
    return {
        "database": connection.vendor,
        "solutions": indexed,
        "generate_s": generated,
        "index_build_s": build,
        "ranking_build_s": ranking_build,
        "snapshot_load_s": snapshot_load,
        "peak_mb_before_build": before,
        "peak_mb": build_peak,
        "p50_ms": statistics.median(times),
        "p95_ms": times[int(0.95 * len(times)) - 1],
        "max_ms": times[-1],
        "searches": len(times),
        "match_p50_ms": statistics.median(match_times),
        "match_p95_ms": match_times[int(0.95 * len(match_times)) - 1],
    }


def run_database(name, n_solutions, n_providers):
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "bench-" + "x" * 50, "ALLOWED_HOSTS": "*"}
    env["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    env["SECURE_SSL_REDIRECT"] = "0"
    tmp = None
    if name == "sqlite":
        tmp = tempfile.TemporaryDirectory()
        env["DATABASE_URL"] = f"sqlite:///{tmp.name}/scale.sqlite3"
    else:
        db = PG_URL.rsplit("/", 1)[1]
        admin = PG_URL.rsplit("/", 1)[0] + "/postgres"
        for sql in (f"DROP DATABASE IF EXISTS {db}", f"CREATE DATABASE {db}"):
            subprocess.run(["psql", admin, "-qc", sql], check=True)
        env["DATABASE_URL"] = PG_URL
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(n_solutions), str(n_providers)],
            env=env, check=True, capture_output=True, text=True,
        )  # fmt: skip
    except subprocess.CalledProcessError as exc:
        sys.stderr.write(exc.stderr[-3000:])
        raise
    finally:
        if tmp:
            tmp.cleanup()
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", nargs=2, type=int)
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    n = int(os.environ.get("BENCH_SOLUTIONS", "20000"))
    providers = max(1, n // 4)
    print(f"Search at scale: {n:,} solutions, 50 searches (text, facets, both) through the view")
    head = ["database", "generate s", "index s", "snapshot s", "load s", "gen. MB", "peak MB",
            "p50 ms", "p95 ms", "max ms", "match p50", "match p95"]  # fmt: skip
    print("".join(f"{h:>12}" for h in head), flush=True)
    for name in args.databases.split(","):
        r = run_database(name, n, providers)
        values = [r["database"], f"{r['generate_s']:.1f}", f"{r['index_build_s']:.1f}",
                  f"{r['ranking_build_s']:.2f}", f"{r['snapshot_load_s']:.2f}",
                  f"{r['peak_mb_before_build']:.0f}", f"{r['peak_mb']:.0f}", f"{r['p50_ms']:.1f}",
                  f"{r['p95_ms']:.1f}", f"{r['max_ms']:.1f}", f"{r['match_p50_ms']:.1f}",
                  f"{r['match_p95_ms']:.1f}"]  # fmt: skip
        print("".join(f"{v:>12}" for v in values), flush=True)
    print("targets: p95 ≤ 50 ms server-side, index build peak memory ≤ 500 MB")
    print("gen. MB: the process's peak after generating the catalog, before the index build")
    print("snapshot: build of ranking index + facets (task worker); load: a web process's swap")
    print("match: the dev set's 37 needs ranked against the catalog (hybrid), in ms")


if __name__ == "__main__":
    main()
