"""Query counts of the register pages are pinned and the same for 2 and 20 rows."""

import pytest

from accounts.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [2, 20])
def test_municipality_list(client, django_assert_num_queries, rows):
    for i in range(rows):
        MunicipalityFactory(ags=f"0663{i:04d}", name=f"Musterstadt {i:02d}")
    with django_assert_num_queries(3):
        response = client.get("/kommunen/", {"q": "Musterstadt"})
    assert len(response.context["page"].object_list) == rows
