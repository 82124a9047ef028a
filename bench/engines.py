"""The search core against Tantivy (`make bench`): same corpus, same analysed terms.

The outside performance review (December 2026) timed the search box's retrieval core
(`matching.services.text_match` + the relevance order) against Tantivy at 19–30× slower on
20,070 solutions; the target is ≤ 5×. This benchmark repeats that comparison in one process:

- corpus: BENCH_ENGINE_SOLUTIONS (20,000) solutions from the bench generator (bench/datagen.py,
  seed 1, in memory, no database), analysed once by the project (compounds, stems);
- project: `text_match(q)` then `relevance(q, keep=those pks)` — what the search page calls
  for a query, including the query's analysis (stems, compound parts, thesaurus, glossary);
- Tantivy (tantivy-py): the same analysed terms per field behind a whitespace tokenizer, the
  same field boosts (title 3, summary 2, tags 1.5, description 1); the query is built from the
  project's analysed query words (each word: any of its forms, all words required; any word
  when fewer than three documents have all), top 20 and the count of hits. Building that
  query from the analysed words is timed; analysing the text is not (Tantivy gets the
  project's terms); a separate row shows what the project's analysis of the query costs.
- 200 queries (seed 2026) from the titles: 70 single words, 50 pairs, 40 triples, 25 long
  compounds from titles, 15 compounds a town might type that no title has; one warm-up round,
  then BENCH_ENGINE_ROUNDS (5) rounds, each query sent to every variant in shuffled order.
  p50/p95 are the medians over rounds of each round's p50/p95.

    python bench/engines.py
    BENCH_ENGINE_SOLUTIONS=2000 python bench/engines.py
"""

import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 5.0
FIELD_BOOSTS = {"title": 3.0, "summary": 2.0, "tags": 1.5, "description": 1.0}
INVENTED = [
    "Parkplatzsuche", "Hochwasserwarnung", "Straßenlaternen", "Bürgerbeteiligungsplattform",
    "Starkregenvorsorge", "Kitaplatzvergabe", "Leerstandskataster", "Hitzeschutzplan",
    "Bodenfeuchtesensoren", "Baumkatasterpflege", "Abfallbehälterfüllstand",
    "Verkehrszählungssensoren", "Parkraumüberwachung", "Wasserstandsmessung", "Terminbuchung",
]  # fmt: skip
PADDING = {"pro", "kommunal", "verbund", "plus", "digital", "smart", "hessen"}


def corpus(n):
    from bench.datagen import _Generator, load_pools
    from matching.ranking import Doc

    generator = _Generator(1, load_pools())
    for number in range(n):
        fields, topics, standards = generator.solution_fields()
        tags = " ".join(t.replace("-", " ") for t in topics) + " " + " ".join(standards)
        yield Doc(
            id=number + 1,
            key=f"bench-{number:06d}",
            fields={
                "title": fields["title"],
                "summary": fields["summary"],
                "tags": tags,
                "description": fields["description"],
            },
            maturity=fields["maturity"],
        )


def queries(titles, seed=2026):
    from matching import analysis

    rng = random.Random(seed)
    words = sorted(
        {
            w
            for t in titles
            for w in re.findall(r"[A-Za-zÄÖÜäöüß]{4,}", t)
            if w.lower() not in analysis.STOPWORDS and w.lower() not in PADDING
        }
    )
    long = [w for w in words if len(w) >= 14]
    chosen = rng.sample(words, 70)
    for size, count in ((2, 50), (3, 40)):
        for _ in range(count):
            title_words = [
                w
                for w in re.findall(r"[A-Za-zÄÖÜäöüß]{4,}", rng.choice(titles))
                if w.lower() not in analysis.STOPWORDS and w.lower() not in PADDING
            ]
            while len(title_words) < size:
                title_words.append(rng.choice(words))
            chosen.append(" ".join(rng.sample(title_words, size)))
    chosen += rng.sample(long, min(25, len(long)))
    chosen += INVENTED
    return chosen


class Tantivy:
    """The corpus in a Tantivy index over the project's analysed terms."""

    def __init__(self, docs, index, directory):
        import tantivy

        self.tantivy = tantivy
        builder = tantivy.SchemaBuilder()
        for name in FIELD_BOOSTS:
            builder.add_text_field(name, tokenizer_name="terms")
        builder.add_unsigned_field("pk", stored=True)
        self.schema = builder.build()
        self.index = tantivy.Index(self.schema, path=directory)
        self.index.register_tokenizer(
            "terms", tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
        )
        writer = self.index.writer(heap_size=200_000_000, num_threads=1)
        from matching.ranking import doc_terms

        for doc in docs:
            terms = doc_terms(doc, index.vocabulary, index.compounds)
            writer.add_document(
                tantivy.Document(pk=doc.id, **{f: " ".join(terms.get(f, ())) for f in FIELD_BOOSTS})
            )
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()

    def _any(self, terms):
        q = self.tantivy.Query
        return q.boolean_query(
            [
                (
                    self.tantivy.Occur.Should,
                    q.boost_query(q.term_query(self.schema, field, term), boost),
                )
                for term in terms
                for field, boost in FIELD_BOOSTS.items()
            ]
        )

    def query(self, groups, every=True):
        q, occur = self.tantivy.Query, self.tantivy.Occur
        clauses = []
        for whole, parts, synonyms in groups:
            forms = [(occur.Should, self._any(sorted(set(whole) | set(synonyms))))]
            if parts:
                forms.append(
                    (occur.Should, q.boolean_query([(occur.Must, self._any([p])) for p in parts]))
                )
            clauses.append((occur.Must if every else occur.Should, q.boolean_query(forms)))
        return q.boolean_query(clauses)

    def search(self, groups):
        """Top 20 pks and the hit count; all words first, any word when fewer than 3 hits."""
        result = self.searcher.search(self.query(groups), limit=20, count=True)
        if result.count < 3 and len(groups) > 1:
            result = self.searcher.search(self.query(groups, every=False), limit=20, count=True)
        pks = [self.searcher.doc(address)["pk"][0] for _score, address in result.hits]
        return pks, result.count


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartregion.settings")
    import django

    django.setup()
    from matching import services
    from matching.ranking import Index

    n = int(os.environ.get("BENCH_ENGINE_SOLUTIONS", "20000"))
    rounds = int(os.environ.get("BENCH_ENGINE_ROUNDS", "5"))
    started = time.perf_counter()
    docs = list(corpus(n))
    for doc in docs:  # analysed once, shared by both engines
        doc.terms = None
    index = Index(docs)
    from matching.ranking import doc_terms

    for doc in docs:
        doc.terms = doc_terms(doc, index.vocabulary, index.compounds)
    project_build = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        engine = Tantivy(docs, index, directory)
        tantivy_build = time.perf_counter() - started
        texts = queries([d.fields["title"] for d in docs])
        groups = {q: services.query_groups(q, index) for q in texts}

        def project(q):
            pks, _fallback = services.text_match(q, index)
            return services.relevance(q, keep=pks, index=index)[:20] if pks else []

        variants = {
            "project core (text_match + relevance)": project,
            "  of which the query's analysis": lambda q: (
                services.query_groups(q, index),
                index.query_terms(q, both_ways=True),
            ),
            "Tantivy (same analysed terms)": lambda q: engine.search(groups[q]),
        }
        times = {name: [[] for _ in range(rounds)] for name in variants}
        rng = random.Random(7)
        for q in texts:  # warm-up
            for run in variants.values():
                run(q)
        for round_number in range(rounds):
            for q in rng.sample(texts, len(texts)):
                names = rng.sample(list(variants), len(variants))
                for name in names:
                    t0 = time.perf_counter()
                    variants[name](q)
                    times[name][round_number].append((time.perf_counter() - t0) * 1000)
        hits = sorted(len(services.text_match(q, index)[0] or ()) for q in texts)
        tantivy_hits = sorted(engine.search(groups[q])[1] for q in texts)
    rows = {}
    for name, per_round in times.items():
        rows[name] = (
            statistics.median(percentile(r, 0.5) for r in per_round),
            statistics.median(percentile(r, 0.95) for r in per_round),
        )
    tantivy = rows["Tantivy (same analysed terms)"]
    project_row = rows["project core (text_match + relevance)"]
    print(f"\nSearch core vs Tantivy: {n:,} solutions, {len(texts)} queries × {rounds} rounds")
    print(f"build: project index {project_build:.1f} s, Tantivy {tantivy_build:.1f} s")
    print(
        f"hits per query: median {statistics.median(hits):.0f} (project), "
        f"{statistics.median(tantivy_hits):.0f} (Tantivy); max {hits[-1]:,}"
    )
    print(f"load average: {os.getloadavg()[0]:.2f}")
    print(f"{'engine':<40} {'p50 ms':>8} {'p95 ms':>8} {'ratio p50':>10} {'ratio p95':>10}")
    for name, (p50, p95) in rows.items():
        ratios = f"{p50 / tantivy[0]:>9.1f}× {p95 / tantivy[1]:>9.1f}×"
        print(f"{name:<40} {p50:>8.2f} {p95:>8.2f} {ratios}")
    ratio = max(project_row[0] / tantivy[0], project_row[1] / tantivy[1])
    verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
    target = f"project core ≤ {TARGET_RATIO:.0f}× Tantivy (p50 and p95)"
    print(f"target: {target} → {ratio:.1f}×: {verdict}")


if __name__ == "__main__":
    main()
