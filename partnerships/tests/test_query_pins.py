"""Query counts of the office's threshold table are pinned: the same exact number for 2 and
for 20 rows (#17 item 6)."""

from datetime import date
from decimal import Decimal

import pytest

from partnerships.models import Scope, Threshold

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [2, 20])
def test_threshold_list(client_for, office_user, django_assert_num_queries, rows):
    Threshold.objects.all().delete()  # the migration's rows
    Threshold.objects.bulk_create(
        Threshold(
            kind=Threshold.Kind.EU,
            scope=Scope.SUPPLIES_SERVICES,
            label=f"EU-Schwelle {n:02d}",
            value=Decimal(100_000 + n),
            valid_from=date(2026, 1, 1),
            source="RL 2014/24/EU",
            status=Threshold.Status.IN_FORCE,
        )  # fmt: skip
        for n in range(rows)
    )
    client = client_for(office_user)
    client.get("/konto/")  # session and per-process caches warmed up
    with django_assert_num_queries(5):
        response = client.get("/geschaeftsstelle/schwellenwerte/")
    page = response.content.decode()
    assert f"EU-Schwelle {rows - 1:02d}" in page
    assert page.count('<th scope="row">') == rows
