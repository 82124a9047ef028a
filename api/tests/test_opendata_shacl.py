"""The DCAT-AP.de export checked with pySHACL, so that no change silently breaks harvesting.

- Always: against our own encoding of the DCAT-AP.de rules the open-data review found broken
  (api/tests/shapes/smartregion-dcat-ap-de.ttl; written by us, not GovData's files).
- When installed: against GovData's official shape files, one profile per directory (see
  api/tests/shapes/README.md; DCAT_AP_DE_SHAPES points to another directory than the default).
"""

import copy
import json
import os
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from accounts.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

SHAPES = Path(__file__).parent / "shapes"
OUR_SHAPES = SHAPES / "smartregion-dcat-ap-de.ttl"
GOVDATA = Path(os.environ.get("DCAT_AP_DE_SHAPES") or SHAPES / "govdata")
VOCABULARIES = "vocabularies"  # a directory under GOVDATA whose files join the data graph


def graph(document):
    return Graph().parse(data=json.dumps(document), format="json-ld")


def violations(data, shapes, focus_nodes=None):
    """{(path or constraint, message)} of every sh:Violation; with `focus_nodes`, only of results
    about those nodes (results about vocabulary data loaded next to the export are left out)."""
    _, report, _ = validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    found = set()
    (top,) = report.subjects(RDF.type, SH.ValidationReport)
    for result in report.objects(top, SH.result):  # not the nested sh:detail results
        if report.value(result, SH.resultSeverity) != SH.Violation:
            continue
        if focus_nodes is not None and report.value(result, SH.focusNode) not in focus_nodes:
            continue
        path = report.value(result, SH.resultPath)
        where = data.namespace_manager.normalizeUri(path) if path else "sparql"  # no sh:path
        found.add((where, str(report.value(result, SH.resultMessage))))
    return found


def paths(found):
    return {where for where, _ in found}


@pytest.fixture(scope="module")
def our_shapes():
    return Graph().parse(OUR_SHAPES)


@pytest.fixture
def export(client, settings):
    """The JSON-LD export of a platform with a register and a published solution, as the
    operator configures it for GovData."""
    from catalog.tests.factories import SolutionFactory

    settings.OPENDATA_CONTRIBUTOR_ID = "hessen"
    settings.OPENDATA_CONTACT_EMAIL = "opendata@smarte-region.example"
    settings.OPENDATA_ISSUED = "2026-12-01"
    MunicipalityFactory(ags="06632002", name="Bad Hersfeld")
    SolutionFactory(title="Parkleitsystem")
    return client.get("/opendata/?format=jsonld", headers={"Accept-Language": "en"}).json()


def test_export_conforms_to_our_dcat_ap_de_shapes(export, our_shapes):
    assert violations(graph(export), our_shapes) == set()


def test_export_before_the_review_breaks_the_rules_the_review_found(our_shapes):
    """The export of commit 75d8519, as the review fetched it, fails for every finding."""
    old = json.loads((SHAPES / "examples" / "export-75d8519.jsonld").read_text())
    assert paths(violations(graph(old), our_shapes)) == {
        "dcat:mediaType",  # a string, not an IANA IRI
        "dcatde:politicalGeocodingLevelURI",  # …/politicalGeocodingLevel/state
        "dcatde:politicalGeocodingURI",  # missing (Konvention 08)
        "dcatde:contributorID",  # missing
        "sparql",  # dct:identifier "katalog", "kommunen"
        "dcatde:licenseAttributionByText",  # on the dataset, not the distributions
        "dcat:contactPoint",
        "dct:issued",
        "dct:modified",  # the register had none
        "dcat:landingPage",
        "dct:title",  # untagged literals
        "dct:description",
        "dcat:keyword",
    }


def _register(document):
    return next(d for d in document["dcat:dataset"] if d["@id"].endswith("#kommunen"))


def _each_distribution(key, value):
    def change(document):
        for distribution in _register(document)["dcat:distribution"]:
            if value is None:
                del distribution[key]
            else:
                distribution[key] = value

    return change


def _dataset(key, value):
    def change(document):
        if value is None:
            del _register(document)[key]
        else:
            _register(document)[key] = value

    return change


BREAKAGES = {
    "media type as text": (_each_distribution("dcat:mediaType", "text/csv"), "dcat:mediaType"),
    "licence missing on the files": (_each_distribution("dct:license", None), "dct:license"),
    "attribution missing on the files": (
        _each_distribution("dcatde:licenseAttributionByText", None),
        "dcatde:licenseAttributionByText",
    ),
    "two contributor IDs": (
        _dataset(
            "dcatde:contributorID",
            [
                {"@id": "http://dcat-ap.de/def/contributors/hessen"},
                {"@id": "http://dcat-ap.de/def/contributors/stadtFrankfurtAmMain"},
            ],
        ),
        "dcatde:contributorID",
    ),
    "local identifier": (_dataset("dct:identifier", "kommunen"), "sparql"),
    "old geocoding level": (
        _dataset(
            "dcatde:politicalGeocodingLevelURI",
            {"@id": "http://dcat-ap.de/def/politicalGeocodingLevel/state"},
        ),
        "dcatde:politicalGeocodingLevelURI",
    ),
    "contact without e-mail or URL": (
        _dataset("dcat:contactPoint", {"@type": "vcard:Organization", "vcard:fn": "Wer?"}),
        "dcat:contactPoint",
    ),
    "no issue date": (_dataset("dct:issued", None), "dct:issued"),
    "no modification date": (_dataset("dct:modified", None), "dct:modified"),
    "no landing page": (_dataset("dcat:landingPage", None), "dcat:landingPage"),
    "English title": (
        _dataset("dct:title", {"@value": "Municipalities", "@language": "en"}),
        "dct:title",
    ),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_each_rule_fails_when_the_export_breaks_it(export, our_shapes, breakage):
    change, path = BREAKAGES[breakage]
    broken = copy.deepcopy(export)
    change(broken)
    assert paths(violations(graph(broken), our_shapes)) == {path}


def govdata_profiles():
    """Directories whose *.ttl files together are one profile: DCAT_AP_DE_SHAPES itself (one
    profile) and each of its subdirectories."""
    if not GOVDATA.is_dir():
        return []
    candidates = [GOVDATA, *sorted(p for p in GOVDATA.iterdir() if p.is_dir())]
    return [p for p in candidates if p.name != VOCABULARIES and any(p.glob("*.ttl"))]


# Collected only where GovData's shapes are installed (see shapes/README.md): a fresh clone has
# none, and a skipped test in every run would read as a hidden failure.
if govdata_profiles():

    @pytest.mark.parametrize("profile", govdata_profiles(), ids=lambda p: p.name)
    def test_export_conforms_to_govdata_shapes(export, profile):
        """Every *.ttl of a profile directory together is one profile's shapes; the files in
        `vocabularies/` (licences, contributors, EU file types …) join the data graph, as GovData's
        validator merges its imports. Only results about the export's own nodes count."""
        shapes = Graph()
        for file in sorted(profile.glob("*.ttl")):
            shapes.parse(file)
        data = graph(export)
        own_nodes = set(data.subjects()) | {o for o in data.objects() if isinstance(o, URIRef)}
        for file in sorted((GOVDATA / VOCABULARIES).glob("*")):
            if file.suffix in (".ttl", ".rdf", ".xml", ".nt"):
                data.parse(file)
        assert violations(data, shapes, focus_nodes=own_nodes) == set()
