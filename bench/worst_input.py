"""Worst input an anonymous user can send (`make bench`): CPU time per request, target < 200 ms.

A child process migrates a fresh SQLite database, imports the dev catalog
(bench/matching-dev-catalog.json, published and indexed) and a public need whose description
has the longest allowed length, then sends through the real views (Django test client) the
most expensive texts the limits allow — one word as long as the field, many different words
just short enough to be split as compounds, many short different words — and texts over the
limits, which must be refused. CPU time of the process (time.process_time) per request, the
best of three runs after a warm-up (the model and the ranking index are loaded once per worker),
each with cold word-analysis caches (an attacker changes a letter per request to evade them).

    python bench/worst_input.py
"""

import json
import os
import random
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 200


def _word(rng, length):
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(length))


def _words(rng, total, length):
    """Different random words of `length` letters, `total` characters in all."""
    return " ".join(_word(rng, length) for _ in range(total // (length + 1)))


def cases(rng, query_max, title_max, description_max, compound_max):
    long_words = _words(rng, description_max, compound_max)
    short_words = _words(rng, description_max, 9)

    def match(description, title=None):
        return {"title": title or _word(rng, title_max), "description": description}

    return [
        ("search page: one word, longest query", "GET", "/loesungen/",
         {"q": _word(rng, query_max)}, 200),
        ("search page: compound-length words", "GET", "/loesungen/",
         {"q": _words(rng, query_max, compound_max)}, 200),
        ("search page: 4,000 letters (refused)", "GET", "/loesungen/",
         {"q": _word(rng, 4000)}, 200),
        ("API search: one word, longest query", "GET", "/api/v1/solutions",
         {"q": _word(rng, query_max)}, 200),
        ("API search: 3,000 letters (refused)", "GET", "/api/v1/solutions",
         {"q": "e" * 3000}, 422),
        ("API match: one word, longest text", "POST", "/api/v1/match",
         match(_word(rng, description_max)), 200),
        ("API match: compound-length words", "POST", "/api/v1/match", match(long_words), 200),
        ("API match: 9-letter words", "POST", "/api/v1/match", match(short_words), 200),
        ("API match: 20,000-letter word (refused)", "POST", "/api/v1/match",
         match(_word(rng, 20000)), 422),
        ("public need page, longest description", "GET", "NEED", {}, 200),
    ]  # fmt: skip


def child():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartregion.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from accounts.models import Organisation
    from catalog.exchange import import_catalog, load_file
    from matching import analysis
    from matching.filters import QUERY_MAX_LENGTH
    from matching.models import Need
    from municipalities.models import Municipality

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)  # production settings: DEBUG=0
    import_catalog(load_file(ROOT / "bench" / "matching-dev-catalog.json"), publish=True)
    rng = random.Random(15)
    title_max = Need._meta.get_field("title").max_length
    description_max = Need._meta.get_field("description").max_length
    register = Municipality.objects.create(
        ags="06632099",
        name="Benchdorf",
        kind=Municipality.Kind.GEMEINDE,
        region="Kassel",
        population=5000,
        population_date="2024-12-31",
    )
    town = Organisation.objects.create(
        kind=Organisation.Kind.MUNICIPALITY, name="Benchdorf", municipality=register
    )
    need = Need.objects.create(
        organisation=town,
        title=_word(rng, title_max),
        description=_words(rng, description_max, analysis.MAX_COMPOUND),
        visibility=Need.Visibility.PUBLIC,
    )
    client = Client()
    rows = []
    for name, method, path, data, expected in cases(
        rng, QUERY_MAX_LENGTH, title_max, description_max, analysis.MAX_COMPOUND
    ):
        path = need.get_absolute_url() if path == "NEED" else path

        def send(method=method, path=path, data=data):
            if method == "GET":
                return client.get(path, data)
            return client.post(path, json.dumps(data), content_type="application/json")

        send()  # warm-up: model, ranking index, templates
        times = []
        for _ in range(3):
            # Cold analysis caches: an attacker changes a letter per request to evade them.
            analysis.split_compound.cache_clear()
            analysis.stem.cache_clear()
            started = time.process_time()
            response = send()
            times.append((time.process_time() - started) * 1000)
        assert response.status_code == expected, (name, response.status_code)
        size = sum(len(str(v)) for v in data.values()) if data else len(need.description)
        rows.append({"case": name, "chars": size, "status": response.status_code,
                     "cpu_ms": min(times)})  # fmt: skip
    return rows


def main():
    if "--child" in sys.argv:
        print(json.dumps(child()))
        return
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "bench-" + "x" * 50, "ALLOWED_HOSTS": "*"}
    env["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    env["SECURE_SSL_REDIRECT"] = "0"
    with tempfile.TemporaryDirectory() as tmp:
        env["DATABASE_URL"] = f"sqlite:///{tmp}/worst.sqlite3"
        try:
            out = subprocess.run(
                [sys.executable, __file__, "--child"],
                env=env, check=True, capture_output=True, text=True,
            )  # fmt: skip
        except subprocess.CalledProcessError as exc:
            sys.stderr.write(exc.stderr[-3000:])
            raise
    rows = json.loads(out.stdout.strip().splitlines()[-1])
    print("Worst input an anonymous user can send (CPU ms per request, best of 3)")
    print(f"{'case':<44}{'chars':>8}{'status':>8}{'CPU ms':>9}  target < {TARGET_MS} ms")
    for r in rows:
        verdict = "ok" if r["cpu_ms"] < TARGET_MS else "OVER"
        print(f"{r['case']:<44}{r['chars']:>8}{r['status']:>8}{r['cpu_ms']:>9.1f}  {verdict}")
    worst = max(rows, key=lambda r: r["cpu_ms"])
    print(f"worst: {worst['case']}, {worst['cpu_ms']:.0f} ms (target < {TARGET_MS} ms)")


if __name__ == "__main__":
    main()
