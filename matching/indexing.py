"""Keeping the analysed documents (SearchDocument rows) in step with the published catalog.

`index_solution` runs in a background task when a solution is published, edited or withdrawn
(catalog.signals.solution_changed) and then has matching.index publish a new snapshot;
`rebuild` backs `manage.py rebuild_index` and publishes once at the end.
"""

import logging

from django.db import transaction
from django.db.models import Count, Q
from django.dispatch import receiver
from django_tasks import task

from catalog.models import Reference, Solution
from catalog.signals import solution_changed

from . import analysis, semantic
from .index import index_writer, publish, schedule_publish
from .models import SearchDocument
from .ranking import FIELDS

logger = logging.getLogger(__name__)
BATCH = 500
# Writes are upserts, so a row another writer added meanwhile is updated, never duplicated.
UPSERT = {
    "update_conflicts": True,
    "unique_fields": ["solution"],
    "update_fields": [
        *FIELDS,
        "language",
        "maturity",
        "verified_references",
        "embedding",
        "updated_at",
    ],
}


def _indexable():
    return (
        Solution.objects.published()
        .prefetch_related("topics", "standards")
        .annotate(
            verified=Count(
                "references", filter=Q(references__status__in=Reference.VERIFIED), distinct=True
            )
        )
        .order_by("pk")
    )


def solution_texts(solution):
    tags = " ".join(
        [t.name for t in solution.topics.all()] + [s.name for s in solution.standards.all()]
    )
    return {
        "title": solution.title,
        "summary": solution.summary,
        "tags": tags,
        "description": solution.description,
    }


def build_documents(solutions):
    """Unsaved SearchDocuments with the analysed terms (and, with semantic matching on, the
    embeddings, encoded together) of published solutions."""
    vocabulary = analysis.default_vocabulary()
    texts = [solution_texts(solution) for solution in solutions]
    vectors = (
        semantic.encode(semantic.document_text(t) for t in texts) if semantic.enabled() else None
    )
    documents = []
    for number, (solution, fields) in enumerate(zip(solutions, texts, strict=True)):
        terms = {
            name: " ".join(analysis.term_list(text, solution.language, vocabulary))
            for name, text in fields.items()
        }
        documents.append(
            SearchDocument(
                solution=solution,
                language=solution.language,
                maturity=solution.maturity,
                verified_references=solution.verified,
                embedding=None if vectors is None else semantic.to_bytes(vectors[number]),
                **{name: terms[name] for name in FIELDS},
            )
        )
    return documents


def index_solution(solution_id):
    """Index a published solution, or drop it from the index when it is not published, then
    have a new snapshot published (not for a draft that was never indexed). Idempotent:
    running it twice, or beside `rebuild`, leaves the same single row."""
    with index_writer():
        solution = _indexable().filter(pk=solution_id).first()
        if solution is None:
            dropped, _kinds = SearchDocument.objects.filter(solution_id=solution_id).delete()
        else:
            SearchDocument.objects.bulk_create(build_documents([solution]), **UPSERT)
    if solution is not None or dropped:
        schedule_publish()
    return solution is not None


@task()
def update_solution_index(solution_id):
    try:
        index_solution(solution_id)
    except Exception:
        logger.exception("search index update failed", extra={"solution_id": solution_id})
        raise


@receiver(solution_changed)
def _on_solution_changed(sender, solution=None, **kwargs):
    if solution is not None:
        solution_id = solution.pk
        transaction.on_commit(lambda: update_solution_index.enqueue(solution_id))


def rebuild(progress=None):
    """Re-index every published solution in one transaction; returns the number indexed."""
    solutions = _indexable()
    total = solutions.count()
    done = 0
    with index_writer():
        SearchDocument.objects.all().delete()
        batch = []
        for solution in solutions.iterator(chunk_size=BATCH):
            batch.append(solution)
            if len(batch) >= BATCH:
                SearchDocument.objects.bulk_create(build_documents(batch), **UPSERT)
                done += len(batch)
                batch = []
                if progress:
                    progress(done, total)
        SearchDocument.objects.bulk_create(build_documents(batch), **UPSERT)
        done += len(batch)
    publish()
    if progress:
        progress(done, total)
    return done
