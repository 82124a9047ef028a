"""German → English glossary, so a town's German words find English-language solutions.

Built once (`manage.py build_glossary`, run by `make install`) from Debian's `trans-de-en`
package: the German-English dictionary of TU Chemnitz (Ding, GPL-2.0-or-later, about 200,000
entries). Only one-word German headwords and one-word English translations are kept, each as
stems: German stem → its most frequent English stems. Stored as a memory-mapped marisa trie
under `VAR_DIR/cache/` (a few MB), like the compound model.
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
WEIGHT = 0.5  # a translation weighs half the query word it comes from
_ANNOTATION = re.compile(r"\{[^}]*\}|\[[^\]]*\]|\([^)]*\)|<[^>]*>")


def glossary_path():
    return Path(settings.VAR_DIR) / "cache" / f"glossary-de-en-{GLOSSARY_VERSION}.marisa"


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
    return target, len(records)


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
