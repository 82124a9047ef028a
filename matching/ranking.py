"""BM25F ranking over analysed terms, computed in Python from an inverted index.

The database holds the analysed terms (matching.models.SearchDocument, indexed with FTS5 or a
tsvector); the scores are computed here from the same terms, so rankings are identical on
SQLite and PostgreSQL. Documents are plain dataclasses, which the benchmark also uses.
"""

import logging
import math
from array import array
from collections import Counter
from collections.abc import Mapping, Sequence
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


class Postings(Mapping):
    """Term → (document numbers, weighted tf): read-only views of the index's arrays (all
    posting lists in one array, sliced per term)."""

    def __init__(self, vocabulary, start, docs, tfs):
        self.vocabulary, self.start, self.docs, self.tfs = vocabulary, start, docs, tfs

    def __getitem__(self, term):
        tid = self.vocabulary[term]
        begin, end = self.start[tid], self.start[tid + 1]
        return self.docs[begin:end], self.tfs[begin:end]

    def __contains__(self, term):
        return term in self.vocabulary

    def __iter__(self):
        return iter(self.vocabulary)

    def __len__(self):
        return len(self.vocabulary)


class Index:
    """An inverted BM25F index; `compounds`/`thesaurus`/`glossary`/`boosts` off gives the
    plain baseline. `semantic`: keep the documents' embeddings (encoding those that come
    without one but with their texts) for hybrid ranking.

    Terms are numbered; posting lists and each document's terms live in flat numpy arrays
    (compressed sparse rows), so a query is scored with array operations and only the best
    documents are sorted, and a snapshot is a few arrays to pickle and share."""

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
        self.ids, self.keys = [], []
        boost_values, lengths = array("d"), array("d")
        terms = {}  # term → term number
        # Documents are consumed one at a time (a large catalog's texts never all live at
        # once): each adds its terms' numbers and weighted tf to the forward arrays, and its
        # embedding to one buffer.
        forward_terms, forward_tfs, forward_start = array("i"), array("d"), array("q", [0])
        vectors = _Vectors() if semantic else None
        for number, doc in enumerate(docs):
            if vectors is not None:
                vectors.add(number, doc)
            tf, length = Counter(), 0.0
            for name, words in doc_terms(doc, vocabulary, compounds).items():
                weight = FIELD_WEIGHTS.get(name, 1.0)
                for term in words:
                    tf[term] += weight
                length += weight * len(words)
            for term, value in tf.items():
                tid = terms.get(term)
                if tid is None:
                    tid = terms[term] = len(terms)
                forward_terms.append(tid)
                forward_tfs.append(value)
            forward_start.append(len(forward_terms))
            self.ids.append(doc.id)
            self.keys.append(doc.key or str(doc.id))
            boost_values.append(boost(doc.maturity, doc.verified_references) if boosts else 1.0)
            lengths.append(length)
        n_docs = len(self.ids)
        self.terms = terms
        self.term_names = list(terms)  # term number → term
        self.forward_start = np.frombuffer(forward_start, dtype=np.int64)
        self.forward_terms = np.frombuffer(forward_terms, dtype=np.int32)
        self.forward_tfs = np.frombuffer(forward_tfs, dtype=np.float64)
        # Posting lists: the forward entries ordered by term (stable: documents ascending).
        owner = np.repeat(np.arange(n_docs, dtype=np.int32), np.diff(self.forward_start))
        order = np.argsort(self.forward_terms, kind="stable")
        counts = np.bincount(self.forward_terms, minlength=len(terms))
        self.posting_start = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        self.posting_docs = owner[order]
        self.posting_tfs = self.forward_tfs[order]
        self.postings = Postings(terms, self.posting_start, self.posting_docs, self.posting_tfs)
        self.vectors = vectors.matrix() if vectors is not None else None
        self.boost = np.frombuffer(boost_values, dtype=np.float64)
        lengths = np.frombuffer(lengths, dtype=np.float64)
        avg = float(lengths.sum()) / max(n_docs, 1) or 1.0
        self.norm = K1 * (1 - B + B * lengths / avg)
        n = max(n_docs, 1)
        self.idf = np.log(1 + (n - counts + 0.5) / (counts + 0.5))
        # Ties are broken by public id: each document's place in the order of the keys.
        self.key_rank = np.empty(n_docs, dtype=np.int32)
        self.key_rank[sorted(range(n_docs), key=self.keys.__getitem__)] = np.arange(n_docs)
        # Integer ids (primary keys): id → document number through one array, -1 for none.
        self.id_array, self.by_pk = None, None
        if self.ids and all(type(i) is int and 0 <= i <= 4 * n_docs + 100_000 for i in self.ids):
            self.id_array = np.array(self.ids, dtype=np.int64)
            self.by_pk = np.full(int(self.id_array.max()) + 1, -1, dtype=np.int64)
            self.by_pk[self.id_array] = np.arange(n_docs)

    def __len__(self):
        return len(self.ids)

    def idf_of(self, term):
        tid = self.terms.get(term)
        return None if tid is None else float(self.idf[tid])

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

    def _add(self, raw, weighted):
        """Adds the BM25F contributions of (term number, query weight) pairs to `raw` (one
        score per document) in place."""
        start, docs, tfs, norm = self.posting_start, self.posting_docs, self.posting_tfs, self.norm
        for tid, qweight in weighted:
            begin, end = start[tid], start[tid + 1]
            numbers, tf = docs[begin:end], tfs[begin:end]
            raw[numbers] += qweight * self.idf[tid] * (K1 + 1) * tf / (tf + norm[numbers])

    def _weighted(self, terms):
        """(term number, query weight) of the query terms some document holds."""
        known = self.terms
        return [(known[t], w) for t, (w, _label) in terms.items() if t in known]

    def _scores(self, text, feedback, both_ways=False):
        """(scores, direct scores from the query's own words, query terms); scores are one
        array over all documents (boosts applied), 0 for a document without any query term.
        `feedback`: add the best terms of the top documents (for needs, not search boxes)."""
        terms = self.query_terms(text, both_ways)
        raw = np.zeros(len(self.ids))
        self._add(raw, self._weighted(terms))
        direct = scores = raw * self.boost
        if feedback and direct.any():
            self._add(raw, self.feedback_terms(direct).items())
            scores = raw * self.boost
        return scores, direct, terms

    def top(self, scores, limit, candidates=None, decimals=None):
        """Document numbers of the `limit` best scores (all when None), best first; ties by
        public id. Only documents with a score (or those in `candidates`) count.
        `decimals`: compare scores rounded, as they are shown."""
        numbers = np.flatnonzero(scores) if candidates is None else candidates
        return _top(scores, numbers, limit, self.key_rank, decimals)

    def feedback_terms(self, scores):
        """Term number → query weight from the top documents: each term's share of a
        document's term mass times its idf, summed over the documents weighted by their
        relative score."""
        top = self.top(scores, FEEDBACK_DOCS)
        best = scores[top[0]]
        mass = {}
        for number in top.tolist():
            begin, end = self.forward_start[number], self.forward_start[number + 1]
            tids, tfs = self.forward_terms[begin:end], self.forward_tfs[begin:end]
            values = scores[number] / best * tfs / sum(tfs.tolist()) * self.idf[tids]
            for tid, value in zip(tids.tolist(), values.tolist(), strict=True):
                mass[tid] = mass.get(tid, 0.0) + value
        names = self.term_names
        chosen = sorted(mass, key=lambda t: (-mass[t], names[t]))[:FEEDBACK_TERMS]
        heaviest = mass[chosen[0]] if chosen else 1.0
        return {tid: FEEDBACK_WEIGHT * mass[tid] / heaviest for tid in chosen}

    def _document_terms(self, number):
        begin, end = self.forward_start[number], self.forward_start[number + 1]
        return set(self.forward_terms[begin:end].tolist())

    def matched(self, number, terms, held=None):
        """Labels of the query words found in document `number`."""
        held = self._document_terms(number) if held is None else held
        known = self.terms
        labels = {label for term, (_w, label) in terms.items() if known.get(term, -1) in held}
        return sorted(labels, key=str.casefold)

    def ranked(self, text, keep=None):
        """Every matching document as (id, score), best first; ties broken by public id. For
        the search box: English words reach German documents too.

        `keep`: only documents whose id is in it (a set), sorted without the others.
        """
        numbers, scores = self._ranked(text, keep)
        ids = self.ids
        return [(ids[n], s) for n, s in zip(numbers.tolist(), scores.tolist(), strict=True)]

    def ranked_ids(self, text, keep=None):
        """The ids of `ranked`, without the scores, as a lazy sequence: a page of results
        sorts only the documents up to its end (the search page's relevance order)."""
        scores, _direct, _terms = self._scores(text, False, both_ways=True)
        return RankedIds(self, scores, self._candidates(scores, keep))

    def _ranked(self, text, keep):
        scores, _direct, _terms = self._scores(text, False, both_ways=True)
        numbers = self.top(scores, None, self._candidates(scores, keep), decimals=6)
        return numbers, np.round(scores[numbers], 6)

    def _candidates(self, scores, keep):
        """The documents with a score, only those whose id is in `keep` when given."""
        if keep is None:
            return np.flatnonzero(scores)
        wanted = np.zeros(len(self.ids), dtype=bool)
        wanted[self.numbers_of(keep)] = True
        return np.flatnonzero(wanted & (scores > 0))

    def ids_of(self, numbers):
        """The ids of document numbers (a numpy array), as a list."""
        if self.id_array is not None:
            return self.id_array[numbers].tolist()
        return [self.ids[n] for n in numbers.tolist()]

    def numbers_of(self, ids):
        """Document numbers of the given ids (unknown ones left out)."""
        if self.by_pk is not None:
            wanted = np.fromiter(ids, dtype=np.int64, count=len(ids))
            wanted = wanted[(wanted >= 0) & (wanted < len(self.by_pk))]
            numbers = self.by_pk[wanted]
            return numbers[numbers >= 0]
        return np.array([n for n, i in enumerate(self.ids) if i in ids], dtype=np.int64)

    def search(self, text, limit=10, feedback=False, hybrid=False):
        """The best `limit` documents as Hits. `hybrid`: combine with the embedding
        similarity (when the index keeps embeddings), so documents without any of the
        text's words can rank too."""
        scores, direct, terms = self._scores(text, feedback)
        similarity = None
        if hybrid and self.vectors is not None and len(self.ids):
            similarity = self.vectors @ semantic.encode([text[:SEMANTIC_QUERY_CHARS]])[0]
            scores = self._fuse(scores, similarity)
        # Hybrid: every document is a candidate (one without a shared word may still rank).
        everyone = None if similarity is None else np.arange(len(self.ids))
        order = self.top(scores, limit, everyone, decimals=6).tolist()
        mean, spread = self._spread(similarity)
        words = self.query_words(terms) if order else {}
        hits = []
        for rank, number in enumerate(order):
            held = self._document_terms(number)
            hits.append(
                Hit(
                    self.ids[number],
                    round(float(scores[number]), 6),
                    self.matched(number, terms, held),
                    round(float(direct[number]), 6),
                    0.0 if similarity is None else round(float(similarity[number]), 6),
                    0.0
                    if similarity is None
                    else round((float(similarity[number]) - mean) / spread, 6),
                    round(self.coverage(number, words, held), 6),
                    rank,
                )
            )
        return hits

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
            idf = self.idf_of(whole) if whole is not None else None
            words[word] = (unseen if idf is None else idf, found)
        return words

    def coverage(self, number, words, held=None):
        """Share of the query words' idf that document `number` contains, each word counted
        with the weight of its best form found (1 the word itself, 0.6 a compound part, 0.5 a
        synonym, translation or English stem)."""
        held = self._document_terms(number) if held is None else held
        known = self.terms
        total = found = 0.0
        for idf, forms in words.values():
            total += idf
            credit = 0.0
            for term, weight in forms.items():
                if weight > credit and known.get(term, -1) in held:
                    credit = weight
            found += idf * credit
        return found / total if total else 0.0

    def _fuse(self, scores, similarity):
        """Hybrid scores for every document (boosts applied to the sum)."""
        lexical = scores / self.boost
        if lexical.max() > 0:
            lexical /= lexical.max()
        low, high = float(similarity.min()), float(similarity.max())
        dense = (similarity - low) / (high - low) if high > low else np.zeros(len(self.ids))
        return self.boost * ((1 - SEMANTIC_WEIGHT) * lexical + SEMANTIC_WEIGHT * dense)


def _top(scores, numbers, limit, key_rank, decimals=None):
    values = scores[numbers]
    if decimals is not None:
        values = np.round(values, decimals)
    if limit is not None and len(numbers) > limit:
        # Everything tied with the limit-th best stays in: the id decides among them.
        cut = -np.partition(-values, limit - 1)[limit - 1]
        chosen = values >= cut
        numbers, values = numbers[chosen], values[chosen]
    order = np.lexsort((key_rank[numbers], -values))
    return numbers[order[:limit]]


class RankedIds(Sequence):
    """Document ids in the order of `Index.top` (rounded scores, ties by public id), sorted
    lazily: indexing or slicing sorts only the best documents up to the position asked for;
    iterating sorts all. Keeps the few arrays it needs, not the index: a result can outlive
    its request in a reference cycle and must not keep an old snapshot alive."""

    def __init__(self, index, scores, candidates):
        self.scores, self.candidates = scores, candidates
        self.key_rank, self.ids, self.id_array = index.key_rank, index.ids, index.id_array
        self._order, self._sorted = None, 0  # the best `_sorted` numbers, in order

    def __len__(self):
        return len(self.candidates)

    def _best(self, count):
        if count > self._sorted:
            count = len(self.candidates) if count > len(self.candidates) // 2 else count
            self._order = _top(self.scores, self.candidates, count, self.key_rank, decimals=6)
            self._sorted = count
        return self._order

    def _ids(self, numbers):
        if self.id_array is not None:
            return self.id_array[numbers].tolist()
        return [self.ids[n] for n in numbers.tolist()]

    def __getitem__(self, position):
        if isinstance(position, slice):
            start, stop, step = position.indices(len(self))
            return self._ids(self._best(stop)[start:stop:step]) if stop > start else []
        if position < 0:
            position += len(self)
        if not 0 <= position < len(self):
            raise IndexError(position)
        return self._ids(self._best(position + 1)[position : position + 1])[0]

    def __iter__(self):
        return iter(self[:])

    def __eq__(self, other):
        return list(self) == list(other)


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
