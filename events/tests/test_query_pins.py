"""Query counts of the office's workshop page are pinned: the same exact number for 2 and for
20 registrations and programme slots (#17 item 6)."""

import pytest

from accounts.tests.factories import ProviderOrgFactory, member_of
from catalog.tests.factories import ProviderProfileFactory, SolutionFactory
from events import services

from .factories import WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [2, 20])
def test_manage_detail(client_for, office_user, town_member, django_assert_num_queries, rows):
    workshop = WorkshopFactory(capacity=rows)
    for n in range(rows):
        services.register(actor=town_member(name=f"Teilnehmerin {n:02d}"), workshop=workshop)
        organisation = ProviderOrgFactory()
        solution = SolutionFactory(
            provider=ProviderProfileFactory(organisation=organisation),
            title=f"Vortragslösung {n:02d}",
        )
        services.apply_for_slot(
            actor=member_of(organisation), workshop=workshop, solution=solution, abstract="Vortrag"
        )
    client = client_for(office_user)
    client.get("/veranstaltungen/verwalten/")  # session and per-process caches warmed up
    with django_assert_num_queries(7):
        response = client.get(f"/veranstaltungen/verwalten/{workshop.slug}/")
    page = response.content.decode()
    assert f"Teilnehmerin {rows - 1:02d}" in page
    assert f"Vortragslösung {rows - 1:02d}" in page
    assert page.count('<th scope="row">') == 2 * rows  # one per slot, one per participant
