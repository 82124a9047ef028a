"""German text analysis, one pipeline for indexing and for queries.

Steps: tokenise → lower-case → compound splitting (CharSplit probabilities, recursively, with
the catalog vocabulary as a fallback) → umlaut/ß folding → Snowball stemming (German, or
English for English texts) → stop words out. Thesaurus groups expand query terms.
"""

import re
from functools import lru_cache
from pathlib import Path

import snowballstemmer

from core.text import fold

from . import compounds

_WORD = re.compile(r"[0-9a-zA-ZäöüÄÖÜß]+")
_de = snowballstemmer.stemmer("german")
_en = snowballstemmer.stemmer("english")

# German: Snowball's German stop list (snowballstem.org, without "weg", which is also the
# noun in "Radweg") plus a few everyday words; English: the most common function words.
STOPWORDS = set(  # noqa: SIM905
    """aber alle allem allen aller alles als also am an ander andere anderem anderen anderer
    anderes anderm andern anderr anders auch auf aus bei beim bin bis bist da damit dann das
    dasselbe dass daß dazu dein deine deinem deinen deiner deines dem demselben den denn
    denselben der derer derselbe derselben des desselben dessen dich die dies diese dieselbe
    dieselben diesem diesen dieser dieses dir doch dort du durch ein eine einem einen einer
    eines einig einige einigem einigen einiger einiges einmal er es etwas euch euer eure eurem
    euren eurer eures für gegen gewesen gibt hab habe haben hat hatte hatten hier hin hinter
    ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im in indem ins ist ja jede jedem jeden
    jeder jedes jene jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner keines
    können könnte machen man manche manchem manchen mancher manches mehr mein meine meinem
    meinen meiner meines mich mir mit muss musste müssen nach nicht nichts noch nun nur ob oder
    ohne sehr sein seine seinem seinen seiner seines selbst sich sie sind so solche solchem
    solchen solcher solches soll sollen sollte sondern sonst über um und uns unser unsere
    unserem unseren unseres unter viel vom von vor während wann war waren warst was weil weiter
    welche welchem welchen welcher welches wenn wer werde werden wie wieder will wir wird wirst
    wo wollen wollte würde würden zu zum zur zwar zwischen immer gern gerne ganz schon
    the a an and or of to in for on with by is are be this that from as at it its we our
    you your can will""".split()  # noqa: SIM905
)
THESAURUS_FILE = Path(__file__).parent / "data" / "thesaurus.txt"
MIN_PART = 4
# Splitting costs about L² model look-ups for an L-letter word, so longer "words" are kept
# whole: the longest German compounds in real use have ~63 letters
# (Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz).
MAX_COMPOUND = 64


def tokens(text):
    return [t.lower() for t in _WORD.findall(text or "")]


@lru_cache(maxsize=50_000)
def split_compound(word, vocabulary=frozenset()):
    """Parts of a German compound, recursively ("parkleitsystem" → park, leit, system).

    Words longer than MAX_COMPOUND are not split (no real compound; bounds the CPU cost)."""
    if len(word) < 2 * MIN_PART or len(word) > MAX_COMPOUND:
        return (word,)
    candidates = compounds.split_compound(word)
    if candidates:
        score, head, tail = candidates[0]
        head, tail = head.lower(), tail.lower()
        if score > 0.2 and len(head) >= 3 and len(tail) >= MIN_PART:
            head = head[:-1] if head.endswith("s") and head[:-1] in vocabulary else head
            return split_compound(head, vocabulary) + split_compound(tail, vocabulary)
    # Fallback: the longest known word at the end, the rest known or long enough itself.
    for i in range(MIN_PART, len(word) - MIN_PART + 1):
        head, tail = word[:i], word[i:]
        if tail in vocabulary and (head in vocabulary or head.rstrip("s") in vocabulary):
            return split_compound(head.rstrip("s") if head not in vocabulary else head,
                                  vocabulary) + split_compound(tail, vocabulary)  # fmt: skip
    return (word,)


@lru_cache(maxsize=200_000)
def stem(word, language="de"):
    folded = fold(word)
    return (_en if language == "en" else _de).stemWord(folded)


def analyse(text, language="de", vocabulary=frozenset(), compounds=True):
    """Terms with weights: whole words 1.0, compound parts 0.6."""
    terms = {}
    for word in tokens(text):
        if word in STOPWORDS or len(word) < 2:
            continue
        whole = stem(word, language)
        terms[whole] = max(terms.get(whole, 0), 1.0)
        if compounds and language == "de":
            parts = split_compound(word, vocabulary)
            if len(parts) > 1:
                for part in parts:
                    if part not in STOPWORDS and len(part) >= 3:
                        s = stem(part)
                        terms[s] = max(terms.get(s, 0), 0.6)
    return terms


def query_terms(text, vocabulary=frozenset(), compounds=True):
    """Query terms → (weight, label): the label names the query word a term came from.

    Whole words weigh 1.0, compound parts 0.6; with compounds on, every word is also stemmed
    the English way (0.5) so English solutions are found.
    """
    terms = {}

    def add(term, weight, label):
        if term not in terms or terms[term][0] < weight:
            terms[term] = (weight, label)

    for word in tokens(text):
        if word in STOPWORDS or len(word) < 2:
            continue
        add(stem(word), 1.0, word)
        if not compounds:
            continue
        parts = split_compound(word, vocabulary)
        if len(parts) > 1:
            for part in parts:
                if part not in STOPWORDS and len(part) >= 3:
                    add(stem(part), 0.6, f"{part} ({word})")
            # Sub-compounds too ("hochwasser" in "Hochwasserwarnung"), so the thesaurus
            # reaches the words a compound is built from.
            for i in range(len(parts)):
                for j in range(i + 2, len(parts) + (1 if i else 0)):
                    sub = "".join(parts[i:j])
                    add(stem(sub), 0.6, f"{sub} ({word})")
        add(stem(word, "en"), 0.5, word)
    return terms


def expand_labelled(terms, synonyms):
    """Thesaurus synonyms of labelled query terms at 0.5 × their own weight."""
    expanded = dict(terms)
    for term, (weight, label) in terms.items():
        for syn in synonyms.get(term, ()):
            if syn not in expanded or expanded[syn][0] < 0.5 * weight:
                expanded[syn] = (0.5 * weight, f"{synonyms[term][syn]} ≈ {label}")
    return expanded


def term_list(text, language="de", vocabulary=frozenset(), compounds=True):
    """Analysed terms as a list with repetitions (for term frequencies)."""
    out = []
    for word in tokens(text):
        if word in STOPWORDS or len(word) < 2:
            continue
        out.append(stem(word, language))
        if compounds and language == "de":
            parts = split_compound(word, vocabulary)
            if len(parts) > 1:
                out.extend(stem(p) for p in parts if p not in STOPWORDS and len(p) >= 3)
    return out


@lru_cache(maxsize=1)
def _file_groups():
    groups = []
    for line in THESAURUS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            groups.append([w.strip() for w in line.split(",") if w.strip()])
    return tuple(tuple(g) for g in groups)


def synonym_map(extra_groups=()):
    """stem → {synonym stem: the word it stands for}, from the file plus the office's groups."""
    mapping = {}
    for group in list(_file_groups()) + [tuple(g) for g in extra_groups]:
        surfaces = {stem(w.lower()): w for w in group}
        for s in surfaces:
            mapping.setdefault(s, {}).update({o: w for o, w in surfaces.items() if o != s})
    return mapping


@lru_cache(maxsize=1)
def default_vocabulary():
    """Known words for the compound-splitting fallback: thesaurus words and topic names.

    Fixed rather than taken from the catalog, so a solution is analysed the same way whether
    it is indexed alone or in a full rebuild.
    """
    words = {w.lower() for group in _file_groups() for w in group}
    words |= {w.lower() for w in _topic_words()}
    return frozenset(t for w in words for t in tokens(w) if len(t) >= MIN_PART)


def _topic_words():
    from importlib import import_module

    topics = import_module("catalog.migrations.0002_seed_topics").TOPICS
    return [word for _slug, name, _en in topics for word in tokens(name)]


def expand(terms, synonyms):
    """Add thesaurus synonyms of the query terms at weight 0.5 × their own."""
    expanded = dict(terms)
    for term, weight in terms.items():
        for syn in synonyms.get(term, ()):
            expanded[syn] = max(expanded.get(syn, 0), 0.5 * weight)
    return expanded
