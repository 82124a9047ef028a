import io

from accounts.tests.factories import MunicipalityFactory, MunicipalityOrgFactory
from matching import demo
from matching.models import Need


def test_demo_need_for_bad_hersfeld_is_idempotent(db):
    town = MunicipalityFactory(ags=demo.BAD_HERSFELD_AGS, name="Bad Hersfeld")
    org = MunicipalityOrgFactory(municipality=town, slug="bad-hersfeld")
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    need = Need.objects.get()
    assert need.organisation == org
    assert need.title == "Weniger Parksuchverkehr in der Altstadt"
    assert need.visibility == Need.Visibility.PUBLIC


def test_demo_without_bad_hersfeld_creates_nothing(db):
    out = io.StringIO()
    demo.load(out)
    assert not Need.objects.exists()
    assert "no demo need" in out.getvalue()
