import copy
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from catalog.exchange import ExchangeError, export_catalog, import_catalog
from catalog.models import ProviderProfile, Solution, Status

pytestmark = pytest.mark.django_db
DEV = json.loads((Path(settings.BASE_DIR) / "bench" / "matching-dev-catalog.json").read_text())


def test_import_dev_catalog_then_again_changes_nothing():
    first = import_catalog(DEV, publish=True)
    assert first.created == {"providers": 22, "solutions": 70}
    assert Solution.objects.published().count() == 70
    second = import_catalog(DEV, publish=True)
    assert second.created == {"providers": 0, "solutions": 0}
    assert second.updated == {"providers": 0, "solutions": 0}
    assert Solution.objects.count() == 70


def test_changed_record_is_updated_by_external_id():
    import_catalog(DEV, publish=True)
    doc = copy.deepcopy(DEV)
    doc["solutions"][0]["title"] = "Neuer Titel"
    result = import_catalog(doc)
    assert result.updated["solutions"] == 1
    assert Solution.objects.get(external_id=doc["solutions"][0]["id"]).title == "Neuer Titel"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d["solutions"][5].pop("summary"),
            "Lösung „SID“: Der Pflichtschlüssel „summary“",
        ),
        (
            lambda d: d["solutions"][5].update(topics=["weltraum"]),
            "Lösung „SID“: Der Schlüssel „topics“",
        ),
        (
            lambda d: d["solutions"][5].update(maturity="fertig"),
            "Lösung „SID“: Der Schlüssel „maturity“",
        ),
        (
            lambda d: d["solutions"][5].update(provider="prov-x"),
            "Lösung „SID“: Der Schlüssel „provider“",
        ),
        (lambda d: d["providers"][3].pop("name"), "Anbieter „PID“: Der Pflichtschlüssel „name“"),
        (
            lambda d: d["providers"][3].update(website="javascript:alert(1)"),
            "Anbieter „PID“: Der Schlüssel „website“",
        ),
    ],
)
def test_bad_record_names_record_and_key_and_changes_nothing(mutate, message):
    doc = copy.deepcopy(DEV)
    mutate(doc)
    message = message.replace("SID", DEV["solutions"][5]["id"]).replace(
        "PID", DEV["providers"][3]["id"]
    )
    with pytest.raises(ExchangeError, match=message.replace("(", r"\(")):
        import_catalog(doc, publish=True)
    assert Solution.objects.count() == 0
    assert ProviderProfile.objects.count() == 0


def test_command_reports_error_and_export_round_trips(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "other"}')
    with pytest.raises(CommandError, match="es wurde nichts geändert"):
        call_command("import_catalog", str(bad))
    good = tmp_path / "good.json"
    good.write_text(json.dumps(DEV))
    call_command("import_catalog", str(good), "--publish")
    out = tmp_path / "out.json"
    call_command("export_catalog", str(out))
    exported = json.loads(out.read_text())
    assert {s["id"] for s in exported["solutions"]} == {s["id"] for s in DEV["solutions"]}
    assert export_catalog()["format"] == "smart-region-catalog/1"
    assert Solution.objects.filter(status=Status.PUBLISHED).count() == 70
