"""M6: index writes are idempotent upserts under one lock, so `rebuild_index` and the index
task never trip over each other's rows (duplicate key) and a lost task can simply run again."""

import threading

import pytest
from django.db import connection

from catalog.models import Topic
from catalog.tests.factories import SolutionFactory
from matching import indexing
from matching.models import SearchDocument

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _lexical_only(settings):
    settings.MATCHING_SEMANTIC = False


def test_index_task_twice_leaves_one_current_row():
    solution = SolutionFactory(title="Parkleitsystem")
    indexing.index_solution(solution.pk)
    solution.title = "Zaubertrankmixer Bodenfeuchte"
    solution.save()
    indexing.index_solution(solution.pk)
    indexing.index_solution(solution.pk)
    (document,) = SearchDocument.objects.filter(solution=solution)
    assert "zaubertrankmix" in document.title


def test_rebuild_survives_a_row_written_by_the_task_meanwhile(monkeypatch):
    solutions = [SolutionFactory(title=f"Pegelmessung {n}") for n in range(3)]
    real_build = indexing.build_documents

    def build_while_the_task_writes(batch):
        # Between rebuild's delete and its insert the worker indexes one of the solutions.
        documents = real_build(batch)
        SearchDocument.objects.bulk_create(real_build([batch[0]]))
        return documents

    monkeypatch.setattr(indexing, "build_documents", build_while_the_task_writes)
    assert indexing.rebuild() == 3
    assert sorted(SearchDocument.objects.values_list("solution_id", flat=True)) == sorted(
        s.pk for s in solutions
    )


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_rebuild_and_index_tasks_in_parallel_never_collide():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises all writers anyway")
    # A transactional test starts after earlier ones flushed the seeded topics.
    topic, _ = Topic.objects.get_or_create(slug="mobilitaet", defaults={"name": "Mobilität"})
    solutions = [SolutionFactory(title=f"Waldbrand-Kamera {n}", topics=[topic]) for n in range(12)]
    errors = []

    def work(job):
        try:
            job()
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    jobs = [indexing.rebuild] * 3 + [lambda s=s: indexing.index_solution(s.pk) for s in solutions]
    threads = [threading.Thread(target=work, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert SearchDocument.objects.count() == 12
