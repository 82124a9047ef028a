"""Query counts of the office's workshop list are pinned and the same for 2 and 20 rows."""

import pytest

from events import services

from .factories import WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [2, 20])
def test_manage_list(client_for, office_user, town_member, django_assert_num_queries, rows):
    for _ in range(rows):
        workshop = WorkshopFactory(capacity=1)
        for _ in range(2):  # one confirmed, one waiting
            services.register(actor=town_member(), workshop=workshop)
    client = client_for(office_user)
    client.get("/veranstaltungen/verwalten/")  # session and per-process caches warmed up
    with django_assert_num_queries(5):
        response = client.get("/veranstaltungen/verwalten/")
    assert [(w.confirmed, w.waiting) for w in response.context["workshops"]] == [(1, 1)] * rows
