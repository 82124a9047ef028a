"""German ↔ English glossary, so a town's German words find English-language solutions and
English search words find German ones.

Built once (`manage.py build_glossary`, run by `make install`) from Debian's `trans-de-en`
package: the German-English dictionary of TU Chemnitz (Ding, GPL-2.0-or-later, about 200,000
entries). Only one-word German headwords and one-word English translations are kept, each as
stems: German stem → its most frequent English stems. Stored as a memory-mapped marisa trie
under `VAR_DIR/cache/` (a few MB), like the compound model. The reverse direction (English
stem → German stems, for the search box) is derived from it into a second trie beside it.
"""

import logging
import os
import re
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

import marisa_trie
from django.conf import settings

from . import analysis

logger = logging.getLogger(__name__)
GLOSSARY_VERSION = "v1"
DEFAULT_SOURCE = Path("/usr/share/trans/de-en")
PER_WORD = 5  # translations kept per German stem
PER_ENGLISH_WORD = 10  # German stems kept per English stem (reverse direction)
WEIGHT = 0.5  # a translation weighs half the query word it comes from
_ANNOTATION = re.compile(r"\{[^}]*\}|\[[^\]]*\]|\([^)]*\)|<[^>]*>")


def glossary_path():
    return Path(settings.VAR_DIR) / "cache" / f"glossary-de-en-{GLOSSARY_VERSION}.marisa"


def reverse_path():
    return Path(settings.VAR_DIR) / "cache" / f"glossary-en-de-{GLOSSARY_VERSION}.marisa"


def source_path():
    return Path(os.environ.get("GLOSSARY_SOURCE") or DEFAULT_SOURCE)


def _variants(side):
    """ "Heizung {f}; Beheizung {f} [techn.]" → ["Heizung", "Beheizung"]."""
    return [v for v in (_ANNOTATION.sub("", raw).strip() for raw in side.split(";")) if v]


def parse(lines):
    """German stem → Counter of (English stem, English word) from Ding-format lines.

    A line is `German entries :: English entries`; both sides hold the same number of
    `|`-separated senses, each a `;`-separated list of variants.
    """
    pairs = defaultdict(Counter)
    for line in lines:
        if line.startswith("#") or " :: " not in line:
            continue
        german, english = line.rstrip("\n").split(" :: ", 1)
        de_senses, en_senses = german.split(" | "), english.split(" | ")
        if len(de_senses) != len(en_senses):
            continue  # senses out of step: the line cannot be read reliably
        for de_side, en_side in zip(de_senses, en_senses, strict=True):
            words = [w for w in _variants(de_side) if analysis.tokens(w) == [w.lower()]]
            translations = []
            for variant in _variants(en_side)[:4]:
                tokens = [t for t in analysis.tokens(variant) if t not in analysis.STOPWORDS]
                if len(tokens) == 1:
                    translations.append(tokens[0])
            for word in words:
                key = analysis.stem(word.lower())
                for translation in translations:
                    pairs[key][(analysis.stem(translation, "en"), translation)] += 1
    return pairs


def build(source=None, target=None, per_word=PER_WORD):
    """Write the trie: German stem → "en_stem:en_word en_stem:en_word …", best first."""
    source, target = Path(source or source_path()), Path(target or glossary_path())
    with source.open(encoding="utf-8") as lines:
        pairs = parse(lines)
    records = []
    for key, counts in pairs.items():
        best, seen = [], set()
        for (stem, word), _n in counts.most_common():
            if stem not in seen and stem != key:
                seen.add(stem)
                best.append(f"{stem}:{word}")
            if len(best) == per_word:
                break
        if best:
            records.append((key, " ".join(best).encode()))
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")  # processes may build at once
    marisa_trie.BytesTrie(records).save(str(tmp))
    tmp.replace(target)
    trie = marisa_trie.BytesTrie()
    trie.load(str(target))
    _write_reverse(trie, target.with_name(reverse_path().name))
    return target, len(records)


def _write_reverse(forward, target):
    """English stem → "de_stem de_stem …": the German stems whose best translations include
    it, those where it ranks higher first, then the shorter (more basic) words."""
    found = defaultdict(dict)
    for german, value in forward.items():
        for rank, item in enumerate(value.decode().split()):
            english = item.split(":", 1)[0]
            found[english][german] = min(rank, found[english].get(german, rank))
    records = [
        (
            english,
            " ".join(
                sorted(stems, key=lambda g: (stems[g], len(g), g))[:PER_ENGLISH_WORD]
            ).encode(),
        )
        for english, stems in found.items()
    ]
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    marisa_trie.BytesTrie(records).save(str(tmp))
    tmp.replace(target)


@lru_cache(maxsize=1)
def _trie():
    path = glossary_path()
    if not path.exists():
        logger.warning(
            "no German-English glossary: German needs will not find English solutions by "
            "translation (run manage.py build_glossary)",
            extra={"path": str(path)},
        )
        return None
    trie = marisa_trie.BytesTrie()
    trie.mmap(str(path))
    return trie


@lru_cache(maxsize=50_000)
def translations(stem):
    """English (stem, word) pairs for a German stem, most frequent first; () if unknown."""
    trie = _trie()
    found = trie.get(stem) if trie is not None else None
    if not found:
        return ()
    return tuple(tuple(item.split(":", 1)) for item in found[0].decode().split())


_reverse = {"key": None, "trie": None}


def _reverse_trie():
    """The English → German trie, derived from the glossary the first time it is needed."""
    if _trie() is None:
        return None
    forward = glossary_path()
    stat = forward.stat()
    key = (str(forward), stat.st_mtime_ns, stat.st_size)
    if _reverse["key"] != key:
        path = reverse_path()
        if not path.exists() or path.stat().st_mtime_ns < stat.st_mtime_ns:
            _write_reverse(_trie(), path)
        trie = marisa_trie.BytesTrie()
        trie.mmap(str(path))
        _reverse.update(key=key, trie=trie)
    return _reverse["trie"]


def german(word):
    """German stems for an English search word that is no German word ("flood" → hochwass,
    flut, …); () for a German word, so "Park" or "System" keep their German meaning."""
    if translations(analysis.stem(word)):
        return ()
    trie = _reverse_trie()
    found = trie.get(analysis.stem(word, "en")) if trie is not None else None
    return tuple(found[0].decode().split()) if found else ()


def expand_labelled(terms):
    """Add the English translations of the German query terms at WEIGHT × their weight.

    Only words and compound parts (weight ≥ 0.6) are translated, not synonyms or the English
    stems of German words; the label names the query word, for the reasons shown.
    """
    expanded = dict(terms)
    for term, (weight, label) in terms.items():
        if weight < 0.6:
            continue
        for stem, word in translations(term):
            if stem not in expanded or expanded[stem][0] < WEIGHT * weight:
                expanded[stem] = (WEIGHT * weight, f"{word} ≈ {label}")
    return expanded


def expand_english(terms, text):
    """Add the German stems of the text's English words at WEIGHT (the search box: "flood
    warning" finds a Hochwasser-Frühwarnsystem); German words are left as they are."""
    expanded = dict(terms)
    for word in analysis.tokens(text):
        if word in analysis.STOPWORDS or len(word) < 2:
            continue
        for stem in german(word):
            if stem not in expanded or expanded[stem][0] < WEIGHT:
                expanded[stem] = (WEIGHT, f"{stem} ≈ {word}")
    return expanded
