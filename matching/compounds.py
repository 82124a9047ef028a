"""German compound splitting with CharSplit's n-gram model, kept compact in memory.

The PyPI package `compound-split` (CharSplit, Tuggener 2016) ships its German model as a
Python dict literal of 1.9 million n-grams that takes about 350 MB in every process that
imports it. We convert it once into three marisa tries (a few dozen MB, memory-mapped from
`VAR_DIR/cache/`) and score splits with the same formula as `char_split.split_compound`.
"""

import logging
import os
from functools import lru_cache
from pathlib import Path

import marisa_trie
from django.conf import settings

logger = logging.getLogger(__name__)
TABLES = ("prefix", "infix", "suffix")
MODEL_VERSION = "v1"


def model_dir():
    return Path(settings.VAR_DIR) / "cache" / f"compound-de-{MODEL_VERSION}"


def build_model(directory=None):
    """Write the tries from the package's model (needs ~400 MB once, for the conversion)."""
    from compound_split import de_ngram_probs

    directory = Path(directory or model_dir())
    directory.mkdir(parents=True, exist_ok=True)
    for name in TABLES:
        table = getattr(de_ngram_probs, name)
        trie = marisa_trie.RecordTrie("<d", ((key, (value,)) for key, value in table.items()))
        tmp = directory / f"{name}.marisa.{os.getpid()}.tmp"  # processes may build at once
        trie.save(str(tmp))
        tmp.replace(directory / f"{name}.marisa")
    return directory


@lru_cache(maxsize=1)
def _model():
    directory = model_dir()
    if not all((directory / f"{name}.marisa").exists() for name in TABLES):
        logger.info("building the compound-splitting model", extra={"path": str(directory)})
        build_model(directory)
    tables = []
    for name in TABLES:
        trie = marisa_trie.RecordTrie("<d")
        trie.mmap(str(directory / f"{name}.marisa"))
        tables.append(trie)
    return tables


def _get(trie, key, default):
    found = trie.get(key)
    return found[0][0] if found else default


def _cut_off_fugen_s(word):
    if word.endswith(("ts", "gs", "ks", "hls", "ns")) and len(word[:-1]) > 2:
        return word[:-1]
    return word


def split_compound(word):
    """Possible splits of a word, best first: [(score, head, tail)] as CharSplit returns them.

    Quadratic in the word's length: callers cap it (analysis.MAX_COMPOUND)."""
    prefix, infix, suffix = _model()
    word = word.lower()
    if "-" in word:
        at = word.rfind("-")
        return [(1.0, word[:at].title(), word[at + 1 :].title())]
    scores = []
    for n in range(3, len(word) - 2):
        pre_slice_prob = _get(suffix, _cut_off_fugen_s(word[:n]), -1)
        start_slice_prob = _get(prefix, _cut_off_fugen_s(word[n:]), -1)
        in_slice_prob = min(_get(infix, word[n:k], 1) for k in range(len(word), n + 2, -1))
        score = start_slice_prob - in_slice_prob + pre_slice_prob
        scores.append((score, word[:n].title(), word[n:].title()))
    if not scores:
        return [(0, word.title(), word.title())]
    scores.sort(reverse=True)
    return scores
