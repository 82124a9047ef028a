"""“Meinten Sie …?” for the search box (docs/search.md, "Spelling suggestions").

A query word that no published solution holds in any of its forms (query_groups) is replaced by
the closest term of the ranking index's vocabulary: at most one edit for words up to seven
letters, two for longer ones (Damerau-Levenshtein on the analysed stems, so "Strasenbeleuchtung" and
"Straßenbeleuchtung" are one edit apart after ß folding); among equally close terms the one
most solutions hold wins. The index holds stems, so the word shown is taken from the text of a
solution that holds the term ("Parkleitsytem" → "Parkleitsystem", as the provider writes it).

Only terms sharing the word's first two letters are compared (a misspelling rarely hits them),
and most of those are ruled out by their letters before the edit distance is computed: a few
milliseconds per unknown word even for a vocabulary of 100,000 terms.
"""

import re
import weakref

from core.text import fold

from . import analysis
from .services import query_groups

PREFIX = 2  # letters a candidate shares with the misspelt word
MAX_ONE_EDIT = 7  # words up to this length may differ by one edit, longer ones by two
SURFACE_DOCUMENTS = 3  # solutions read to find how the suggested word is written
_WORD = re.compile(r"[0-9a-zA-ZäöüÄÖÜß]+")
_vocabularies = weakref.WeakKeyDictionary()  # index → its terms by first letters


def did_you_mean(text, index, lookup=None):
    """The query with every word no solution holds replaced by the closest known word, or None
    when no word needs (or finds) a replacement. `lookup(ids)` yields (id, language, text) of
    solutions; by default they are read from the database."""
    lookup = lookup or _solution_texts
    replacements = {}
    for word in _unknown_words(text, index):
        surface = _closest_surface(word, index, lookup)
        if surface is not None and surface.casefold() != word:
            replacements[word] = surface
    if not replacements:
        return None
    return _WORD.sub(lambda m: replacements.get(m.group().lower(), m.group()), text.strip())


def _unknown_words(text, index):
    """The query's words (lower-case) that match no solution in any form."""
    words = [w for w in analysis.tokens(text) if w not in analysis.STOPWORDS and len(w) >= 2]
    unknown = []
    for word, (whole, parts, synonyms) in zip(words, query_groups(text, index), strict=False):
        if len(word) < 4 or word.isdigit():
            continue
        if any(t in index.postings for t in set(whole) | set(synonyms)):
            continue
        if parts and all(p in index.postings for p in parts):
            continue
        unknown.append(word)
    return unknown


def _closest_surface(word, index, lookup):
    for term in _candidates({analysis.stem(word), fold(word)}, index):
        surface = _surface(term, index, lookup)
        if surface is not None:
            return surface
    return None


def _candidates(targets, index, limit=5):
    """Terms of the vocabulary within the allowed edits of one of `targets` (the word's stem
    and the folded word: the stemmer may cut a misspelt word elsewhere), closest and most
    frequent first."""
    allowed = 1 if len(min(targets, key=len)) <= MAX_ONE_EDIT else 2
    buckets = _vocabularies.get(index)
    if buckets is None:
        buckets = _vocabularies[index] = _buckets(index.postings)
    found = {}
    for target in targets:
        letters = frozenset(target)
        for term in buckets.get(target[:PREFIX], ()):
            if abs(len(term) - len(target)) > allowed:
                continue
            # Each letter one word has and the other lacks costs an edit: a cheap lower bound.
            term_letters = set(term)
            if max(len(letters - term_letters), len(term_letters - letters)) > allowed:
                continue
            distance = edit_distance(target, term, allowed)
            if distance <= allowed and distance < found.get(term, allowed + 1):
                found[term] = distance
    ranked = sorted(found, key=lambda t: (found[t], -len(index.postings[t][0]), t))
    return ranked[:limit]


def _buckets(terms):
    """The vocabulary by first letters: prefix → [term]."""
    buckets = {}
    for term in terms:
        buckets.setdefault(term[:PREFIX], []).append(term)
    return buckets


def edit_distance(a, b, limit):
    """Optimal-string-alignment distance of a and b (a swap of neighbours is one edit);
    limit + 1 as soon as it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            value = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] != b[j - 1])
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, before[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def _surface(term, index, lookup):
    """The term as a solution writes it: a whole word of its text with that stem."""
    numbers, weights = index.postings[term]
    best = sorted(range(len(numbers)), key=lambda k: -weights[k])[:SURFACE_DOCUMENTS]
    for _id, language, text in lookup([index.ids[numbers[k]] for k in best]):
        for token in _WORD.findall(text):
            if analysis.stem(token.lower(), language) == term:
                return token
    return None


def _solution_texts(ids):
    from catalog.models import Solution

    rows = Solution.objects.filter(pk__in=ids).values_list(
        "pk", "language", "title", "summary", "description"
    )
    for pk, language, *texts in rows:
        yield pk, language, " ".join(texts)
