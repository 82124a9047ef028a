"""Query counts of the membership requests page are pinned and the same for 2 and 20 rows."""

import pytest

from accounts.models import Membership
from accounts.tests.factories import MembershipFactory, MunicipalityOrgFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [2, 20])
def test_pending_memberships_for_the_office(
    client_for, office_user, django_assert_num_queries, rows
):
    for _ in range(rows):
        MembershipFactory(
            user=UserFactory(), organisation=MunicipalityOrgFactory(),
            status=Membership.Status.PENDING,
        )  # fmt: skip
    client = client_for(office_user)
    client.get("/konto/")  # session and per-process caches warmed up
    with django_assert_num_queries(5):
        response = client.get("/konto/mitgliedschaften/anfragen/")
    assert len(response.context["requests"]) == rows
