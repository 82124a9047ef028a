import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import ProviderProfile, Solution, Standard, Status

pytestmark = pytest.mark.django_db

DOC = {
    "format": "smart-region-catalog/1",
    "providers": [{"id": "prov-x", "name": "X GmbH"}],
    "solutions": [
        {"id": "sol-x", "provider": "prov-x", "title": "X", "summary": "S", "topics": ["wasser"]}
    ],
}


def _upload(doc):
    return SimpleUploadedFile("c.json", json.dumps(doc).encode(), "application/json")


def test_office_imports_file_and_bad_file_changes_nothing(client_for, office_user):
    c = client_for(office_user)
    bad = json.loads(json.dumps(DOC))
    del bad["solutions"][0]["title"]
    r = c.post("/geschaeftsstelle/import/", {"file": _upload(bad)})
    assert r.status_code == 200
    error = " ".join(r.context["form"].errors["file"])
    assert "sol-x" in error and "title" in error
    assert not ProviderProfile.objects.exists() and not Solution.objects.exists()
    r = c.post("/geschaeftsstelle/import/", {"file": _upload(DOC), "publish": "on"})
    assert r.status_code == 302
    assert Solution.objects.get(external_id="sol-x").status == Status.PUBLISHED


@pytest.mark.parametrize("who", ["provider_user", "municipality_user", "outsider"])
def test_only_office_imports_and_manages_vocabularies(request, client_for, who):
    c = client_for(request.getfixturevalue(who))
    assert c.post("/geschaeftsstelle/import/", {"file": _upload(DOC)}).status_code == 403
    assert c.get("/geschaeftsstelle/vokabulare/").status_code == 403
    assert not Solution.objects.exists()


def test_office_accepts_proposed_standard(client_for, office_user, provider_org):
    standard = Standard.objects.create(name="OParl 1.1", proposed_by=provider_org)
    c = client_for(office_user)
    assert "OParl 1.1" in c.get("/geschaeftsstelle/vokabulare/").content.decode()
    c.post("/geschaeftsstelle/vokabulare/", {"standard": standard.pk, "action": "accept"})
    standard.refresh_from_db()
    assert standard.status == Standard.Status.ACCEPTED
