import pytest

from partnerships.tests.factories import BudgetLineFactory, CriterionFactory, PartnershipFactory


@pytest.fixture
def partnership(municipality_org, provider_org):
    """Initiated, invitation accepted, ready for the R&D phase (budget 8,000 + 800 bonus)."""
    p = PartnershipFactory(
        municipality=municipality_org, provider=provider_org, title="Parkleitsystem"
    )
    BudgetLineFactory(partnership=p)
    CriterionFactory(partnership=p)
    p.bonus_percent = 10
    p.save()
    return p
