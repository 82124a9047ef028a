"""BM25F-style ranking over analysed terms, computed in Python.

The same code ranks on SQLite and PostgreSQL (the database only stores the solutions), so
results are identical on both. Documents are plain dicts, which the benchmark also uses.
"""

import math
from collections import Counter
from dataclasses import dataclass, field

from . import analysis

FIELD_WEIGHTS = {"title": 3.0, "summary": 2.0, "tags": 1.5, "description": 1.0}
K1, B = 1.2, 0.75
MATURITY_BOOST = {"market_ready": 1.04, "pilot": 1.02, "prototype": 1.0, "concept": 0.98}


@dataclass
class Doc:
    id: str
    fields: dict  # field name → text
    language: str = "de"
    maturity: str = "market_ready"
    verified_references: int = 0
    tf: Counter = field(default_factory=Counter)
    length: float = 0.0


@dataclass
class Hit:
    id: str
    score: float
    matched: list  # (term, field) pairs that matched, for the reasons shown to users


class Index:
    """An in-memory BM25F index; `compounds`/`thesaurus` off gives the plain baseline."""

    def __init__(self, docs, *, compounds=True, thesaurus=True, boosts=True, extra_synonyms=()):
        self.compounds, self.thesaurus, self.boosts = compounds, thesaurus, boosts
        self.docs = list(docs)
        self.vocabulary = frozenset(
            w for d in self.docs for text in d.fields.values() for w in analysis.tokens(text)
            if len(w) >= analysis.MIN_PART
        )  # fmt: skip
        self.synonyms = analysis.synonym_map(extra_synonyms) if thesaurus else {}
        self.field_terms = {}
        df = Counter()
        for doc in self.docs:
            per_field = {}
            for name, text in doc.fields.items():
                terms = analysis.term_list(text, doc.language, self.vocabulary, compounds)
                per_field[name] = Counter(terms)
                weight = FIELD_WEIGHTS.get(name, 1.0)
                for term, n in per_field[name].items():
                    doc.tf[term] += weight * n
                doc.length += weight * len(terms)
            self.field_terms[doc.id] = per_field
            df.update(doc.tf.keys())
        n = max(len(self.docs), 1)
        self.avg_length = sum(d.length for d in self.docs) / n or 1.0
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def query_terms(self, text):
        terms = analysis.analyse(text, "de", self.vocabulary, self.compounds)
        if self.compounds:  # English solutions: the same words with the English stemmer
            for word in analysis.tokens(text):
                if word not in analysis.STOPWORDS:
                    terms.setdefault(analysis.stem(word, "en"), 0.5)
        return analysis.expand(terms, self.synonyms) if self.thesaurus else terms

    def search(self, text, limit=10):
        terms = self.query_terms(text)
        hits = []
        for doc in self.docs:
            score, matched = 0.0, []
            norm = K1 * (1 - B + B * doc.length / self.avg_length)
            for term, qweight in terms.items():
                tf = doc.tf.get(term)
                if not tf:
                    continue
                score += qweight * self.idf[term] * tf * (K1 + 1) / (tf + norm)
                matched += [
                    (term, name) for name, c in self.field_terms[doc.id].items() if term in c
                ]
            if score <= 0:
                continue
            if self.boosts:
                score *= MATURITY_BOOST.get(doc.maturity, 1.0)
                score *= 1 + 0.05 * min(doc.verified_references, 4)
            hits.append(Hit(doc.id, round(score, 6), matched))
        hits.sort(key=lambda h: (-h.score, h.id))
        return hits[:limit]
