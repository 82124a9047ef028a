"""Query counts of a town's catalog pages are pinned and the same for 2 and 20 rows."""

import pytest

from catalog.models import ContactRequest, Reference
from catalog.tests.factories import ProviderProfileFactory, SolutionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [2, 20])
def test_contact_requests_sent(
    client_for, municipality_user, municipality_org, django_assert_num_queries, rows
):
    for i in range(rows):
        solution = SolutionFactory(provider=ProviderProfileFactory())
        ContactRequest.objects.create(
            provider=solution.provider, solution=solution, sender=municipality_user,
            sender_organisation=municipality_org, subject=f"Anfrage {i}", message="Guten Tag",
        )  # fmt: skip
    client = client_for(municipality_user)
    client.get("/konto/")  # session and per-process caches warmed up
    with django_assert_num_queries(5):
        response = client.get("/kontaktanfragen/")
    assert [r.subject for r in response.context["requests"]] == [
        f"Anfrage {i}" for i in reversed(range(rows))
    ]


@pytest.mark.parametrize("rows", [2, 20])
def test_references_to_confirm(
    client_for, municipality_user, municipality_org, django_assert_num_queries, rows
):
    for _ in range(rows):
        Reference.objects.create(
            solution=SolutionFactory(provider=ProviderProfileFactory()),
            municipality=municipality_org.municipality, year=2025,
            status=Reference.Status.CLAIMED,
        )  # fmt: skip
    client = client_for(municipality_user)
    client.get("/konto/")  # session and per-process caches warmed up
    with django_assert_num_queries(5):
        response = client.get("/referenzen/bestaetigen/")
    assert len(response.context["references"]) == rows
