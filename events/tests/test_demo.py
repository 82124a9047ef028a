import io

import pytest

from accounts import demo as accounts_demo
from accounts.tests.factories import MunicipalityFactory
from catalog.tests.factories import SolutionFactory
from events import demo
from events.models import Material, ProgrammeSlot, Question, Registration, Workshop

MODELS = (Workshop, ProgrammeSlot, Question, Registration, Material)


@pytest.mark.django_db
def test_demo_is_idempotent():
    MunicipalityFactory(ags=accounts_demo.BAD_HERSFELD_AGS, name="Bad Hersfeld")
    accounts_demo.load(io.StringIO())
    SolutionFactory()
    demo.load(io.StringIO())
    counts = [m.objects.count() for m in MODELS]
    demo.load(io.StringIO())
    assert counts == [m.objects.count() for m in MODELS]
    fair = Workshop.objects.get(slug="wasser-forst-klimaschutz")
    assert fair.is_past and fair.slots.exists() and fair.materials.count() == 2
    assert fair.questions.count() == 3 and fair.registrations.count() == 1
    upcoming = Workshop.objects.get(slug="mobilitaet-im-laendlichen-raum")
    assert upcoming.registration_open
