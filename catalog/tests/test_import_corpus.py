"""Security review 2026-12, M8: malformed exchange files. Each one gets a German error that
names the record and the key, from `manage.py import_catalog` (never a traceback) and from the
office upload (never a 500), and nothing is changed — on SQLite and on PostgreSQL."""

import copy
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from accounts.models import Organisation
from accounts.tests.factories import MunicipalityFactory
from catalog.models import ProviderProfile, Reference, Solution, Standard

pytestmark = pytest.mark.django_db

VALID = {
    "format": "smart-region-catalog/1",
    "providers": [{"id": "prov-rt", "name": "RT GmbH", "city": "Fulda", "founded": 2019,
                   "employees": 12, "startup": True, "website": "https://rt.example"}],
    "solutions": [{"id": "sol-rt", "provider": "prov-rt", "title": "Parkleitsystem",
                   "summary": "Sensoren zeigen freie Stellplätze.", "topics": ["mobilitaet"],
                   "deployment": ["saas"], "standards": ["LoRaWAN"],
                   "references": [{"ags": "06632002", "year": 2021, "summary": "läuft"}]}],
}  # fmt: skip
P, S = "Anbieter „prov-rt“", "Lösung „sol-rt“"
REF = f"{S}, references[0]"


def provider(**values):
    def mutate(doc):
        doc["providers"][0].update(values)

    return mutate


def solution(**values):
    def mutate(doc):
        doc["solutions"][0].update(values)

    return mutate


def reference(**values):
    def mutate(doc):
        doc["solutions"][0]["references"][0].update(values)

    return mutate


def document(**values):
    def mutate(doc):
        doc.update(values)

    return mutate


def whole(value):
    return lambda doc: value


def drop(kind, key):
    def mutate(doc):
        doc[kind][0].pop(key)

    return mutate


def raw(data):
    return data


# (case, mutation of VALID or raw bytes, what the German error must say)
CORPUS = [
    ("top-level list", whole([]), "Dokument: Die Datei muss ein JSON-Objekt enthalten"),
    ("top-level string", whole("x"), "Dokument: Die Datei muss ein JSON-Objekt enthalten"),
    ("wrong format", document(format="other/2"), "Dokument: Der Schlüssel „format“ muss"),
    (
        "providers a number",
        document(providers=5),
        "Dokument: Der Schlüssel „providers“ muss eine Liste sein",
    ),
    (
        "solutions an object",
        document(solutions={"a": 1}),
        "Dokument: Der Schlüssel „solutions“ muss eine Liste sein",
    ),
    (
        "provider a string",
        document(providers=["x"]),
        "Anbieter Nr. 1: Der Eintrag muss ein Objekt sein",
    ),
    (
        "provider without id",
        drop("providers", "id"),
        "Anbieter Nr. 1: Der Pflichtschlüssel „id“ fehlt",
    ),
    (
        "id of 300 chars",
        provider(id="p" * 300),
        "Anbieter Nr. 1: Der Schlüssel „id“ ist länger als 120 Zeichen",
    ),
    (
        "name of 300 chars",
        provider(name="N" * 300),
        f"{P}: Der Schlüssel „name“ ist länger als 200 Zeichen",
    ),
    (
        "NUL in a name",
        provider(name="RT\x00GmbH"),
        f"{P}: Der Schlüssel „name“ enthält ein NUL-Zeichen",
    ),
    (
        "city of 500 chars",
        provider(city="F" * 500),
        f"{P}: Der Schlüssel „city“ ist länger als 120 Zeichen",
    ),
    (
        "javascript website",
        provider(website="javascript:alert(1)"),
        f"{P}: Der Schlüssel „website“ muss eine http(s)-Adresse sein",
    ),
    (
        "founded 99999999",
        provider(founded=99999999),
        f"{P}: Der Schlüssel „founded“ muss zwischen 1800 und 2100 liegen",
    ),
    (
        "founded true",
        provider(founded=True),
        f"{P}: Der Schlüssel „founded“ muss eine ganze Zahl sein",
    ),
    (
        "negative employees",
        provider(employees=-5),
        f"{P}: Der Schlüssel „employees“ muss zwischen 0 und 1000000 liegen",
    ),
    (
        "employees a word",
        provider(employees="viele"),
        f"{P}: Der Schlüssel „employees“ muss eine ganze Zahl sein",
    ),
    (
        "startup a word",
        provider(startup="ja"),
        f"{P}: Der Schlüssel „startup“ muss true oder false sein",
    ),
    (
        "solution without summary",
        drop("solutions", "summary"),
        f"{S}: Der Pflichtschlüssel „summary“ fehlt",
    ),
    (
        "summary of 301 chars",
        solution(summary="s" * 301),
        f"{S}: Der Schlüssel „summary“ ist länger als 300 Zeichen",
    ),
    (
        "description of 30,000 chars",
        solution(description="d" * 30000),
        f"{S}: Der Schlüssel „description“ ist länger als 20000 Zeichen",
    ),
    (
        "unknown provider",
        solution(provider="prov-x"),
        f"{S}: Der Schlüssel „provider“ hat den unbekannten Wert „prov-x“",
    ),
    (
        "dict in topics",
        solution(topics=[{"x": 1}]),
        f"{S}: Der Schlüssel „topics“ muss eine Liste von Texten sein",
    ),
    (
        "unknown topic",
        solution(topics=["weltraum"]),
        f"{S}: Der Schlüssel „topics“ braucht bekannte Handlungsfelder",
    ),
    (
        "unknown maturity",
        solution(maturity="fertig"),
        f"{S}: Der Schlüssel „maturity“ hat den unbekannten Wert „fertig“",
    ),
    (
        "dict in deployment",
        solution(deployment=[{"a": 1}]),
        f"{S}: Der Schlüssel „deployment“ muss eine Liste von Texten sein",
    ),
    (
        "standard of 300 chars",
        solution(standards=["s" * 300]),
        f"{S}: Ein Eintrag von „standards“ ist länger als 120 Zeichen",
    ),
    (
        "references a string",
        solution(references="Fulda"),
        f"{S}: Der Schlüssel „references“ muss eine Liste sein",
    ),
    (
        "negative reference year",
        reference(year=-1),
        f"{REF}: Der Schlüssel „year“ muss zwischen 1990 und 2100 liegen",
    ),
    (
        "reference year a word",
        reference(year="abc"),
        f"{REF}: Der Schlüssel „year“ muss eine ganze Zahl sein",
    ),
    (
        "dict as reference summary",
        reference(summary={"x": 1}),
        f"{REF}: Der Schlüssel „summary“ muss ein Text sein",
    ),
    (
        "town not in the register",
        reference(ags="06611999"),
        f"{REF}: Der Schlüssel „ags“ steht nicht im Gemeindeverzeichnis",
    ),
    (
        "solution id twice",
        lambda d: d["solutions"].append(copy.deepcopy(d["solutions"][0])),
        f"{S}: Der Wert von „id“ kommt zweimal vor",
    ),
    ("invalid UTF-8", raw(b'{"format": "\xff\xfe"}'), "Die Datei ist kein UTF-8-kodierter Text"),
    (
        "not JSON",
        raw(b"format: smart-region-catalog/1\n"),
        "Die Datei ist kein gültiges JSON (Zeile 1, Spalte 1)",
    ),
    (
        "200,000 nested brackets",
        raw(b"[" * 200_000 + b"]" * 200_000),
        "Die Datei ist zu tief verschachtelt",
    ),
]


def _bytes(change):
    if isinstance(change, bytes):
        return change
    doc = copy.deepcopy(VALID)
    result = change(doc)
    return json.dumps(doc if result is None else result).encode()


def _state():
    return [
        model.objects.count()
        for model in (Organisation, ProviderProfile, Solution, Reference, Standard)
    ]


@pytest.fixture(autouse=True)
def register(db):
    MunicipalityFactory(ags="06632002", name="Bad Hersfeld")


def test_the_valid_document_imports(tmp_path):
    path = tmp_path / "good.json"
    path.write_bytes(_bytes(lambda doc: None))
    call_command("import_catalog", str(path))
    assert Solution.objects.get(external_id="sol-rt").references.count() == 1


@pytest.mark.parametrize(("change", "message"), [c[1:] for c in CORPUS], ids=[c[0] for c in CORPUS])
def test_command_refuses_in_german_and_changes_nothing(tmp_path, change, message):
    path = tmp_path / "bad.json"
    path.write_bytes(_bytes(change))
    before = _state()
    with pytest.raises(CommandError) as error:
        call_command("import_catalog", str(path))
    assert str(error.value).startswith("Import fehlgeschlagen, es wurde nichts geändert: ")
    assert message in str(error.value)
    assert _state() == before


@pytest.mark.parametrize(("change", "message"), [c[1:] for c in CORPUS], ids=[c[0] for c in CORPUS])
def test_office_upload_refuses_in_german(client_for, office_user, change, message):
    before = _state()
    upload = SimpleUploadedFile("katalog.json", _bytes(change), content_type="application/json")
    response = client_for(office_user).post("/geschaeftsstelle/import/", {"file": upload})
    assert response.status_code == 200
    assert message in response.content.decode().replace("&quot;", '"')
    assert _state() == before
