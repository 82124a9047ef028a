"""Query counts of the open-data landing page are pinned: the same exact number for 2 and for
20 rows in each dataset (#17 item 6)."""

from datetime import UTC, date, datetime, timedelta

import pytest

from accounts.tests.factories import MunicipalityFactory
from catalog.models import ProviderProfile, Solution
from catalog.tests.factories import SolutionFactory

pytestmark = pytest.mark.django_db


def _rows(rows):
    """`rows` municipalities and `rows` published solutions; the last of each is the newest,
    so its date is the dataset's modified date."""
    for n in range(rows):
        MunicipalityFactory(
            ags=f"0664{n:04d}", name=f"Ort {n:02d}", population_date=date(2020, 1, 1) + timedelta(n)
        )
        solution = SolutionFactory(title=f"Offene Lösung {n:02d}")
        Solution.objects.filter(pk=solution.pk).update(
            updated_at=datetime(2025, 3, 1, 12, tzinfo=UTC) + timedelta(days=n)
        )
    ProviderProfile.objects.update(updated_at=datetime(2024, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize("rows", [2, 20])
def test_opendata_page(client, django_assert_num_queries, rows):
    _rows(rows)
    with django_assert_num_queries(3):  # each dataset's modified date, read once
        response = client.get("/opendata/")
    page = response.content.decode()
    newest_solution = datetime(2025, 3, 1, 12, tzinfo=UTC) + timedelta(days=rows - 1)
    newest_register = date(2020, 1, 1) + timedelta(rows - 1)
    assert f'<time datetime="{newest_solution.isoformat()}">' in page
    assert f'<time datetime="{newest_register.isoformat()}">' in page


@pytest.mark.parametrize("rows", [2, 20])
def test_opendata_jsonld(client, django_assert_num_queries, rows):
    _rows(rows)
    with django_assert_num_queries(3):
        response = client.get("/opendata/?format=jsonld")
    newest = (datetime(2025, 3, 1, 12, tzinfo=UTC) + timedelta(days=rows - 1)).isoformat()
    assert response.json()["dct:modified"]["@value"] == newest
