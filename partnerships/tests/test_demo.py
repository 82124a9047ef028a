from io import StringIO

import pytest

from accounts.tests.factories import MunicipalityFactory
from catalog.models import Reference
from core.models import AuditEntry
from partnerships import demo
from partnerships.models import Milestone, Partnership, Stage

pytestmark = pytest.mark.django_db


def test_demo_is_complete_and_idempotent():
    MunicipalityFactory(ags="06632002", name="Bad Hersfeld")
    MunicipalityFactory(ags="06631009", name="Fulda")
    demo.load(StringIO())
    counts = (
        Partnership.objects.count(),
        Milestone.objects.count(),
        Reference.objects.count(),
        AuditEntry.objects.count(),
    )
    demo.load(StringIO())
    assert counts == (
        Partnership.objects.count(),
        Milestone.objects.count(),
        Reference.objects.count(),
        AuditEntry.objects.count(),
    )
    hersfeld = Partnership.objects.get(municipality__municipality__ags="06632002")
    assert hersfeld.stage == Stage.PERFORMANCE
    reference = Reference.objects.get(solution=hersfeld.solution)
    assert reference.is_verified and reference.municipality.ags == "06632002"
    fulda = Partnership.objects.get(municipality__municipality__ags="06631009")
    assert fulda.stage == Stage.RND
    assert len(fulda.overdue_milestones()) == 1
