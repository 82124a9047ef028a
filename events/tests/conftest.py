import pytest

from accounts.tests.factories import MunicipalityOrgFactory, member_of
from catalog.tests.factories import ProviderProfileFactory, SolutionFactory
from events import services
from events.models import ProgrammeSlot

from .factories import WorkshopFactory


@pytest.fixture
def workshop(db):
    return WorkshopFactory()


@pytest.fixture
def town_member():
    """Another member of some municipality (a fresh town each call)."""

    def make(**kwargs):
        return member_of(MunicipalityOrgFactory(), **kwargs)

    return make


@pytest.fixture
def solution(provider_org):
    return SolutionFactory(provider=ProviderProfileFactory(organisation=provider_org))


@pytest.fixture
def accepted_slot(workshop, solution, provider_user, office_user):
    slot = services.apply_for_slot(
        actor=provider_user, workshop=workshop, solution=solution, abstract="Sensoren im Wald"
    )
    services.decide_slot(actor=office_user, slot=slot, accept=True)
    slot.refresh_from_db()
    assert slot.status == ProgrammeSlot.Status.ACCEPTED
    return slot
