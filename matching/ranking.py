"""BM25F ranking over analysed terms, computed in Python from an inverted index.

The database holds the analysed terms (matching.models.SearchDocument, indexed with FTS5 or a
tsvector); the scores are computed here from the same terms, so rankings are identical on
SQLite and PostgreSQL. Documents are plain dataclasses, which the benchmark also uses.
"""

import logging
import math
from array import array
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from . import analysis, glossary, semantic

logger = logging.getLogger(__name__)
FIELDS = ("title", "summary", "tags", "description")
FIELD_WEIGHTS = {"title": 3.0, "summary": 2.0, "tags": 1.5, "description": 1.0}
K1, B = 1.2, 0.75
MATURITY_BOOST = {"market_ready": 1.04, "pilot": 1.02, "prototype": 1.0, "concept": 0.98}
# Pseudo-relevance feedback for needs (long free texts): the best terms of the top documents
# are added to the query, so a solution that shares the top hits' vocabulary but few of the
# town's own words still ranks (RM3-style; Lavrenko & Croft 2001, Abdul-Jaleel et al. 2004).
FEEDBACK_DOCS, FEEDBACK_TERMS, FEEDBACK_WEIGHT = 3, 10, 0.5
# Hybrid ranking for needs: the lexical score and the embedding similarity, each scaled to
# [0, 1] over the catalog (max for BM25F, min-max for the cosine), weigh the same. Equal
# weights are the uninformed default of convex score fusion, not a value tuned on the dev set.
SEMANTIC_WEIGHT = 0.5
# The embedding of a query sees its first characters only: encoding costs CPU per token, and
# the gist of a need is in its title and first paragraph (bounds an anonymous /api/v1/match).
SEMANTIC_QUERY_CHARS = 1500
FUSE_CANDIDATES = 1000  # hybrid scores sorted exactly: far more than any caller asks for
# How far a solution's embedding similarity stands out from the catalog is measured in standard
# deviations of the need's similarities to all solutions. A catalog of fewer than
# STANDOUT_MIN_CATALOG solutions says too little about that spread; then the typical mean and
# spread of a need's similarities over the 70-solution dev catalog are used (77 dev needs).
STANDOUT_MIN_CATALOG = 30
STANDOUT_PRIOR = (0.167, 0.077)


@dataclass
class Doc:
    id: object
    fields: dict = field(default_factory=dict)  # field name → text (analysed on indexing)
    language: str = "de"
    maturity: str = "market_ready"
    verified_references: int = 0
    terms: dict | None = None  # field name → analysed terms, when already analysed
    key: str = ""  # public id (external id or slug); ties are broken by it
    vector: object = None  # embedding (numpy array), when already encoded


@dataclass
class Hit:
    id: object
    score: float
    matched: list  # labels of the query words that matched, for the reasons shown to users
    direct: float = 0.0  # the score from the query's own words, without feedback terms
    similarity: float = 0.0  # cosine of the embeddings (hybrid ranking only)
    standout: float = 0.0  # similarity in standard deviations above the catalog's mean
    coverage: float = 0.0  # idf-weighted share of the query's words the document contains
    rank: int = 0  # position in the result list, 0 for the best


def doc_terms(doc, vocabulary, compounds=True):
    """Analysed terms per field of a document."""
    if doc.terms is not None:
        return doc.terms
    return {
        name: analysis.term_list(text, doc.language, vocabulary, compounds)
        for name, text in doc.fields.items()
    }


def boost(maturity, verified_references):
    return MATURITY_BOOST.get(maturity, 1.0) * (1 + 0.05 * min(verified_references, 4))


class Index:
    """An inverted BM25F index; `compounds`/`thesaurus`/`glossary`/`boosts` off gives the
    plain baseline. `semantic`: keep the documents' embeddings (encoding those that come
    without one but with their texts) for hybrid ranking."""

    def __init__(
        self,
        docs,
        *,
        compounds=True,
        thesaurus=True,
        glossary=True,
        boosts=True,
        extra_synonyms=(),
        vocabulary=None,
        semantic=False,
    ):
        self.compounds, self.thesaurus, self.boosts = compounds, thesaurus, boosts
        self.glossary = glossary
        if vocabulary is None:
            vocabulary = analysis.default_vocabulary()
        self.vocabulary = vocabulary
        self.synonyms = analysis.synonym_map(extra_synonyms) if thesaurus else {}
        self.ids, self.keys, self.boost, lengths = [], [], array("d"), array("d")
        postings, self.forward = {}, []  # forward: per document (its terms, their tf)
        # Documents are consumed one at a time (a large catalog's terms never all live at
        # once); their embeddings are packed into one buffer as they come.
        vectors = _Vectors() if semantic else None
        for number, doc in enumerate(docs):
            if vectors is not None:
                vectors.add(number, doc)
            tf, length = Counter(), 0.0
            for name, terms in doc_terms(doc, vocabulary, compounds).items():
                weight = FIELD_WEIGHTS.get(name, 1.0)
                for term in terms:
                    tf[term] += weight
                length += weight * len(terms)
            for term, value in tf.items():
                entry = postings.get(term)
                if entry is None:
                    entry = postings[term] = (array("I"), array("d"))
                entry[0].append(number)
                entry[1].append(value)
            self.forward.append((tuple(tf), array("d", tf.values())))
            self.ids.append(doc.id)
            self.keys.append(doc.key or str(doc.id))
            self.boost.append(boost(doc.maturity, doc.verified_references) if boosts else 1.0)
            lengths.append(length)
        self.postings = postings
        self.vectors = vectors.matrix() if vectors is not None else None
        n = max(len(self.ids), 1)
        avg = sum(lengths) / n or 1.0
        self.norm = array("d", (K1 * (1 - B + B * length / avg) for length in lengths))
        self.idf = {
            t: math.log(1 + (n - len(p[0]) + 0.5) / (len(p[0]) + 0.5)) for t, p in postings.items()
        }

    def __len__(self):
        return len(self.ids)

    def query_terms(self, text, both_ways=False):
        """Query term → (weight, label of the query word it came from). `both_ways`: English
        words are translated to German too (the search box)."""
        terms = analysis.query_terms(text, self.vocabulary, self.compounds)
        if self.thesaurus:
            terms = analysis.expand_labelled(terms, self.synonyms)
        if self.glossary:
            terms = glossary.expand_labelled(terms)
            if both_ways:
                terms = glossary.expand_english(terms, text)
        return terms

    def _add(self, scores, term, qweight):
        entry = self.postings.get(term)
        if entry is None:
            return
        factor = qweight * self.idf[term] * (K1 + 1)
        norm = self.norm
        for number, tf in zip(*entry, strict=True):
            scores[number] = scores.get(number, 0.0) + factor * tf / (tf + norm[number])

    def scores(self, text, feedback=False):
        """Score per matching document number (boosts applied), and the query terms.

        `feedback`: add the best terms of the top documents (for needs, not search boxes).
        """
        scores, _direct, terms = self._scores(text, feedback)
        return scores, terms

    def _scores(self, text, feedback, both_ways=False):
        """(scores, direct scores from the query's own words, query terms)."""
        terms = self.query_terms(text, both_ways)
        raw = {}
        for term, (qweight, _label) in terms.items():
            self._add(raw, term, qweight)
        direct = scores = {number: s * self.boost[number] for number, s in raw.items()}
        if feedback and scores:
            for term, qweight in self.feedback_terms(scores).items():
                self._add(raw, term, qweight)
            scores = {number: s * self.boost[number] for number, s in raw.items()}
        return scores, direct, terms

    def feedback_terms(self, scores):
        """Term → query weight from the top documents: each term's share of a document's
        term mass times its idf, summed over the documents weighted by their relative score."""
        top = sorted(scores, key=lambda n: (-scores[n], self.keys[n]))[:FEEDBACK_DOCS]
        best = scores[top[0]]
        mass = {}
        for number in top:
            terms, tfs = self.forward[number]
            total = sum(tfs)
            for term, tf in zip(terms, tfs, strict=True):
                value = scores[number] / best * tf / total * self.idf[term]
                mass[term] = mass.get(term, 0.0) + value
        chosen = sorted(mass, key=lambda t: (-mass[t], t))[:FEEDBACK_TERMS]
        heaviest = mass[chosen[0]] if chosen else 1.0
        return {term: FEEDBACK_WEIGHT * mass[term] / heaviest for term in chosen}

    def matched(self, number, terms):
        """Labels of the query words found in document `number`."""
        labels = []
        for term, (_weight, label) in terms.items():
            entry = self.postings.get(term)
            if entry is not None:
                position = bisect_left(entry[0], number)
                if position < len(entry[0]) and entry[0][position] == number:
                    labels.append(label)
        return sorted(set(labels), key=str.casefold)

    def ranked(self, text, keep=None):
        """Every matching document as (id, score), best first; ties broken by public id. For
        the search box: English words reach German documents too.

        `keep`: only documents whose id is in it (a set), sorted without the others.
        """
        scores, _direct, _terms = self._scores(text, False, both_ways=True)
        if keep is not None:
            ids = self.ids
            scores = {n: s for n, s in scores.items() if ids[n] in keep}
        order = sorted(scores.items(), key=lambda kv: (-round(kv[1], 6), self.keys[kv[0]]))
        return [(self.ids[number], round(score, 6)) for number, score in order]

    def search(self, text, limit=10, feedback=False, hybrid=False):
        """The best `limit` documents as Hits. `hybrid`: combine with the embedding
        similarity (when the index keeps embeddings), so documents without any of the
        text's words can rank too."""
        scores, direct, terms = self._scores(text, feedback)
        similarity = None
        if hybrid and self.vectors is not None and len(self.ids):
            similarity = self.vectors @ semantic.encode([text[:SEMANTIC_QUERY_CHARS]])[0]
            scores = self._fuse(scores, similarity)
        order = sorted(scores.items(), key=lambda kv: (-round(kv[1], 6), self.keys[kv[0]]))
        order = order[:limit]
        mean, spread = self._spread(similarity)
        words = self.query_words(terms) if order else {}
        return [
            Hit(
                self.ids[number],
                round(score, 6),
                self.matched(number, terms),
                round(direct.get(number, 0.0), 6),
                0.0 if similarity is None else round(float(similarity[number]), 6),
                0.0
                if similarity is None
                else round((float(similarity[number]) - mean) / spread, 6),
                round(self.coverage(number, words), 6),
                rank,
            )
            for rank, (number, score) in enumerate(order)
        ]

    def _spread(self, similarity):
        """(mean, standard deviation) of a query's similarities over the catalog."""
        if similarity is None or len(similarity) < STANDOUT_MIN_CATALOG:
            return STANDOUT_PRIOR
        return float(similarity.mean()), max(float(similarity.std()), 1e-6)

    def query_words(self, terms):
        """The query's own words: word → (idf, {term: weight}) over the terms that came from
        it (stem, compound parts, English stem, synonyms, translations). A word no document
        contains gets the idf of a term in no document: its absence from a solution counts."""
        unseen = math.log(1 + (len(self.ids) + 0.5) / 0.5)
        forms = {}
        for term, (weight, label) in terms.items():
            forms.setdefault(_word_of(label), {})[term] = weight
        words = {}
        for word, found in forms.items():
            whole = next((t for t, w in found.items() if w == 1.0), None)
            idf = self.idf.get(whole) if whole is not None else None
            words[word] = (unseen if idf is None else idf, found)
        return words

    def coverage(self, number, words):
        """Share of the query words' idf that document `number` contains, each word counted
        with the weight of its best form found (1 the word itself, 0.6 a compound part, 0.5 a
        synonym, translation or English stem)."""
        total = found = 0.0
        for idf, forms in words.values():
            total += idf
            credit = 0.0
            for term, weight in forms.items():
                if weight > credit and self._contains(term, number):
                    credit = weight
            found += idf * credit
        return found / total if total else 0.0

    def _contains(self, term, number):
        entry = self.postings.get(term)
        if entry is None:
            return False
        position = bisect_left(entry[0], number)
        return position < len(entry[0]) and entry[0][position] == number

    def _fuse(self, scores, similarity):
        """Hybrid scores for every document (boosts applied to the sum); keeps only the
        candidates that can reach the top, so sorting stays cheap on a large catalog."""
        lexical = np.zeros(len(self.ids))
        for number, score in scores.items():
            lexical[number] = score / self.boost[number]
        if lexical.max() > 0:
            lexical /= lexical.max()
        low, high = float(similarity.min()), float(similarity.max())
        dense = (similarity - low) / (high - low) if high > low else np.zeros(len(self.ids))
        boosts = np.frombuffer(self.boost, dtype=np.float64)
        fused = boosts * ((1 - SEMANTIC_WEIGHT) * lexical + SEMANTIC_WEIGHT * dense)
        return {int(n): float(fused[n]) for n in np.argsort(-fused)[:FUSE_CANDIDATES]}


def _word_of(label):
    """The query word a term's label names: "park (parkplatzsuche)" → "parkplatzsuche",
    "parking ≈ park (parkplatzsuche)" → "parkplatzsuche"."""
    if " ≈ " in label:
        label = label.split(" ≈ ", 1)[1]
    if label.endswith(")") and " (" in label:
        label = label[label.index(" (") + 2 : -1]
    return label


class _Vectors:
    """The documents' embeddings, packed into one float32 matrix as documents come. Documents
    given as texts are encoded together at the end; one indexed without an embedding gets
    zeros (similarity 0) and a warning."""

    def __init__(self):
        self.buffer, self.texts, self.missing = bytearray(), {}, 0

    def add(self, number, doc):
        if doc.vector is not None:
            self.buffer += semantic.to_bytes(doc.vector)
            return
        self.buffer += bytes(semantic.DIMENSIONS * np.dtype(semantic.DTYPE).itemsize)
        if doc.terms is None and doc.fields:
            self.texts[number] = semantic.document_text(doc.fields)
        else:
            self.missing += 1

    def matrix(self):
        matrix = np.frombuffer(self.buffer, dtype=semantic.DTYPE).reshape(-1, semantic.DIMENSIONS)
        if self.texts:
            matrix[list(self.texts)] = semantic.encode(self.texts.values())
        if self.missing:
            logger.warning(
                "%d of %d search documents have no embedding; run manage.py rebuild_index",
                self.missing,
                len(matrix),
            )
        return matrix
