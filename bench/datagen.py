"""Generated catalog data for the load and search scale benchmarks.

`generate(n_solutions, n_providers, seed)` writes published provider organisations with their
profiles and published solutions (German texts recombined from the demo catalog in
`bench/matching-dev-catalog.json`, topics, maturity, deployment, hosting, licences, prices,
population bands, standards, verified references on register municipalities) with
`bulk_create` in batches. Every generated slug starts with `MARKER`, so the rows are easy to
find and a second run on the same database is refused. Same seed, same data.

From Django: `from bench.datagen import generate`; from the shell:
`python bench/datagen.py --solutions N --providers M [--no-index]` (bench sits above every
app, so no app's management command imports it).
"""

import json
import random
import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

CATALOG = Path(__file__).resolve().parent / "matching-dev-catalog.json"
MARKER = "bench-"
BATCH = 1000

LEGAL_FORMS = ["GmbH", "GmbH", "GmbH", "UG (haftungsbeschränkt)", "AG", "eG", "GmbH & Co. KG"]
NAME_PARTS = [
    "Sense",
    "Werk",
    "Data",
    "Net",
    "Plan",
    "Soft",
    "Tec",
    "Systems",
    "Labs",
    "Digital",
    "Kommunal",
    "Hessen",
    "Connect",
    "Logic",
    "Works",
    "Cloud",
    "Geo",
    "Smart",
]
TITLE_SUFFIXES = [
    "",
    "",
    "",
    " Pro",
    " Kommunal",
    " für Gemeinden",
    " für Landkreise",
    " als Cloud-Dienst",
    " mit Bürger-App",
    " im Verbund",
    " Basis",
    " 2.0",
]
LICENCES = ["AGPL-3.0-or-later", "EUPL-1.2", "Apache-2.0", "MIT", "GPL-3.0-or-later"]
PRICE_MODELS = [
    "Jahreslizenz je Einwohner",
    "Monatliche Pauschale",
    "Einmalkauf plus Wartung",
    "Nach Aufwand",
    "Staffelpreis nach Gemeindegröße",
]
BANDS = ["size_lt5k", "size_5k_20k", "size_20k_100k", "size_gt100k"]
DEPLOYMENT = ["saas", "on_premise", "hardware", "service"]


class AlreadyGenerated(RuntimeError):
    """The database already holds generated rows (slugs starting with MARKER)."""


@dataclass
class Pools:
    """Texts of the demo catalog, grouped by topic slug."""

    titles: dict
    summaries: dict
    sentences: dict
    standards: dict
    deployments: list
    name_stems: list
    cities: list


def _sentences(text):
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text or "") if len(s.strip()) > 20]


def load_pools(path=CATALOG):
    catalog = json.loads(Path(path).read_text(encoding="utf-8"))
    pools = Pools({}, {}, {}, {}, [], [], [])
    for s in catalog["solutions"]:
        if s.get("language", "de") != "de":
            continue
        for topic in s["topics"]:
            pools.titles.setdefault(topic, []).append(s["title"])
            pools.summaries.setdefault(topic, []).append(s["summary"])
            pools.sentences.setdefault(topic, []).extend(_sentences(s.get("description")))
            pools.standards.setdefault(topic, set()).update(s.get("standards", []))
        pools.deployments.append(s.get("deployment", ["saas"]))
    pools.standards = {t: sorted(names) for t, names in pools.standards.items()}
    for p in catalog["providers"]:
        stem = re.split(r"[\s-]", p["name"])[0]
        pools.name_stems.append(re.sub(r"(Sense|Werk|Monitor|Digital|Net)$", "", stem) or stem)
        pools.cities.append(p.get("city", "Wiesbaden"))
    return pools


class _Generator:
    def __init__(self, seed, pools):
        self.rng = random.Random(seed)
        self.pools = pools
        self.topics_with_text = sorted(pools.titles)

    def provider_name(self, city):
        stem, part = self.rng.choice(self.pools.name_stems), self.rng.choice(NAME_PARTS)
        place = f" {city}" if self.rng.random() < 0.6 else ""
        return f"{stem}{part}{place} {self.rng.choice(LEGAL_FORMS)}"

    def title(self, topic):
        first, second = self.rng.sample(self.pools.titles[topic] * 2, 2)
        head = re.split(r" (?:mit|für|und|im|per) ", first)[0]
        tail = re.findall(r" (?:mit|für|im|per) .+$", second)
        return f"{head}{tail[0] if tail else ''}{self.rng.choice(TITLE_SUFFIXES)}"[:200]

    def description(self, topics):
        rng, pools = self.rng, self.pools
        sentences = [rng.choice(pools.sentences[t]) for t in topics for _ in range(2)]
        sentences += rng.sample(pools.sentences[topics[0]], min(2, len(pools.sentences[topics[0]])))
        rng.shuffle(sentences)
        return " ".join(dict.fromkeys(sentences))

    def solution_fields(self):
        rng = self.rng
        main = rng.choice(self.topics_with_text)
        topics = [main] + [t for t in rng.sample(self.topics_with_text, 2) if t != main][
            : rng.choice([0, 0, 1, 1, 2])
        ]
        deployment = set(rng.choice(self.pools.deployments))
        low = Decimal(rng.choice([0, 500, 1200, 2500, 5000, 12000, 30000]))
        bands = rng.sample(BANDS, rng.randint(1, 4))
        fields = {
            "title": self.title(main),
            "summary": rng.choice(self.pools.summaries[main])[:300],
            "description": self.description(topics),
            "maturity": rng.choices(
                ["concept", "prototype", "pilot", "market_ready"], weights=[1, 2, 3, 10]
            )[0],
            "hosting": rng.choices(["de", "eu", "other", ""], weights=[10, 4, 1, 3])[0],
            "oss_license": rng.choice(LICENCES) if rng.random() < 0.2 else "",
            "dpa_available": rng.random() < 0.7,
            "price_model": rng.choice(PRICE_MODELS),
            "price_min": low if rng.random() < 0.8 else None,
            "price_max": low * rng.choice([2, 3, 5, 10]) + 1000 if rng.random() < 0.6 else None,
            **{f"deploy_{code}": code in deployment for code in DEPLOYMENT},
            **{band: band in bands for band in BANDS},
        }
        standards = self.pools.standards.get(main, [])
        picked = rng.sample(standards, min(len(standards), rng.choice([0, 1, 1, 2])))
        return fields, topics, picked


def _slug_text(text, length):
    from django.utils.text import slugify

    return slugify(text.replace("ß", "ss"))[:length].strip("-")


def _batches(items, size=BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _bulk(model, rows, bar):
    created = []
    for chunk in _batches(rows):
        created += model.objects.bulk_create(chunk)
        bar.update(len(chunk))
    return created


def _progress(total, enabled):
    from tqdm import tqdm

    return tqdm(total=total, unit="rows", disable=not enabled, mininterval=1.0)


def already_generated():
    from accounts.models import Organisation

    return Organisation.objects.filter(slug__startswith=MARKER).exists()


def generate(n_solutions=20000, n_providers=5000, seed=1, *, progress=True, build_index=True):
    """Write generated published providers and solutions; returns the counts written.

    Raises AlreadyGenerated when generated rows exist. Solutions are spread evenly over the
    providers; about one in eight solutions has 1–3 verified references (only when the
    municipality register is loaded). With `build_index` the search index is rebuilt after.
    """
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Organisation
    from catalog.models import ProviderProfile, Reference, Solution, Standard, Status, Topic
    from municipalities.models import Municipality

    if already_generated():
        raise AlreadyGenerated(
            f"Generated rows (slugs starting with {MARKER!r}) exist already; use a fresh database."
        )
    if n_providers < 1 or n_solutions < 0:
        raise ValueError("n_providers must be at least 1 and n_solutions not negative.")
    gen = _Generator(seed, load_pools())
    rng = gen.rng
    now = timezone.now()
    topic_ids = dict(Topic.objects.values_list("slug", "pk"))
    towns = list(Municipality.objects.gemeinden().values_list("pk", "name"))
    counts = {}
    with transaction.atomic(), _progress(2 * n_providers + n_solutions, progress) as bar:
        standard_ids = _standards(Standard, gen.pools)
        orgs, cities = [], []
        for i in range(n_providers):
            cities.append(rng.choice(towns)[1] if towns else rng.choice(gen.pools.cities))
            name = gen.provider_name(cities[-1])
            orgs.append(
                Organisation(
                    kind=Organisation.Kind.PROVIDER,
                    name=name,
                    slug=f"{MARKER}{i + 1:05d}-{_slug_text(name, 60)}",
                )
            )
        orgs = _bulk(Organisation, orgs, bar)
        profiles = []
        for org, city in zip(orgs, cities, strict=True):
            employees = rng.choice([3, 8, 14, 25, 40, 80, 150, 400])
            profiles.append(
                ProviderProfile(
                    organisation=org,
                    slug=org.slug,
                    name=org.name,
                    short_text=f"Anbieter aus {city} für kommunale Digitalisierung.",
                    city=city,
                    founded=rng.randint(1990, 2025),
                    employees=employees,
                    size_band=_size_band(employees),
                    is_startup=employees < 50 and rng.random() < 0.5,
                    status=Status.PUBLISHED,
                )
            )
        profiles = _bulk(ProviderProfile, profiles, bar)
        solutions, topic_links, standard_links = [], [], []
        for i in range(n_solutions):
            fields, topics, standards = gen.solution_fields()
            solutions.append(
                Solution(
                    provider=profiles[i % len(profiles)],
                    slug=f"{MARKER}{i + 1:05d}-{_slug_text(fields['title'], 80)}",
                    status=Status.PUBLISHED,
                    published_at=now - timedelta(days=rng.randint(0, 730)),
                    **fields,
                )
            )
            topic_links.append([topic_ids[t] for t in topics if t in topic_ids])
            standard_links.append([standard_ids[s] for s in standards])
        solutions = _bulk(Solution, solutions, bar)
        _link(Solution.topics.through, "topic_id", solutions, topic_links)
        _link(Solution.standards.through, "standard_id", solutions, standard_links)
        references = []
        for solution in solutions:
            if towns and rng.random() < 0.125:
                for town_id, _name in rng.sample(towns, min(len(towns), rng.randint(1, 3))):
                    references.append(
                        Reference(
                            solution=solution,
                            municipality_id=town_id,
                            year=rng.randint(2018, now.year),
                            status=Reference.Status.CONFIRMED,
                            confirmed_at=now,
                        )
                    )
        for chunk in _batches(references):
            Reference.objects.bulk_create(chunk)
        counts = {
            "providers": len(profiles),
            "solutions": len(solutions),
            "topic_links": sum(map(len, topic_links)),
            "standard_links": sum(map(len, standard_links)),
            "references": len(references),
        }
    if build_index:
        counts["index"] = build_search_index()
    _analyze()
    return counts


def _analyze():
    """Fresh planner statistics: right after a bulk load PostgreSQL still believes the tables are
    nearly empty and picks nested loops for the facet counts (measured at 20,000 solutions:
    /loesungen/?topic=wasser 11 s before ANALYZE, 1 s after)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _standards(Standard, pools):  # noqa: N803 - the model class
    """Accepted standards of the demo catalog by name: existing rows, missing ones created."""
    names = sorted({n for names in pools.standards.values() for n in names})
    existing = dict(Standard.objects.filter(name__in=names).values_list("name", "pk"))
    missing = [
        Standard(name=n, slug=f"{MARKER}{_slug_text(n, 100)}", status=Standard.Status.ACCEPTED)
        for n in names
        if n not in existing
    ]
    for standard in Standard.objects.bulk_create(missing):
        existing[standard.name] = standard.pk
    return existing


def _link(through, target, solutions, links):
    rows = [
        through(solution_id=s.pk, **{target: pk})
        for s, pks in zip(solutions, links, strict=True)
        for pk in pks
    ]
    for chunk in _batches(rows, 5000):
        through.objects.bulk_create(chunk)


def _size_band(employees):
    if employees < 10:
        return "1-9"
    if employees < 50:
        return "10-49"
    return "50-249" if employees < 250 else "250+"


def build_search_index():
    """Rebuild the search index after bulk writes (bulk_create sends no signals).

    HOOK: `manage.py rebuild_index` (matching) when it exists; otherwise the in-memory index
    builds itself on the first search, and this returns "on first search".
    """
    from django.core.management import call_command, get_commands

    if "rebuild_index" not in get_commands():
        return "on first search"
    call_command("rebuild_index")
    return "rebuilt"


def main(argv=None):
    import argparse
    import os
    import sys

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--solutions", type=int, default=20000)
    parser.add_argument("--providers", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-index", action="store_true", help="skip the index rebuild")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    args = parser.parse_args(argv)
    from django.conf import settings

    if not settings.configured:
        sys.path.insert(0, str(CATALOG.parent.parent))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartregion.settings")
        import django

        django.setup()
    try:
        counts = generate(
            args.solutions,
            args.providers,
            args.seed,
            progress=not args.quiet,
            build_index=not args.no_index,
        )
    except (AlreadyGenerated, ValueError) as error:
        parser.exit(1, f"{error}\n")
    print(", ".join(f"{key}: {value}" for key, value in counts.items()))


if __name__ == "__main__":
    main()
