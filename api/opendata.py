"""Open data: the datasets the platform publishes, their files, and a DCAT-AP.de description.

A dataset has distributions (files) built from the database on request; its modified date is
the newest change among the rows it contains (also sent as Last-Modified). The description
follows DCAT-AP.de 2.0 with its Konventionen (what GovData harvests and validates): IANA media
types, the Land's political geocoding, the dataset IRI as identifier, the attribution text on
every distribution, German-tagged literals whatever the request language. Our own encoding of
those rules is api/tests/shapes/smartregion-dcat-ap-de.ttl (tested with pySHACL).
"""

import calendar
import datetime as dt
import json
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core import spreadsheets
from municipalities.models import Municipality
from municipalities.services import COLUMNS as REGISTER_COLUMNS

CC_BY_4 = "http://dcat-ap.de/def/licenses/cc-by/4.0"
DL_DE_BY_2 = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
LICENCE_NAMES = {
    CC_BY_4: "Creative Commons Namensnennung 4.0 International (CC BY 4.0)",
    DL_DE_BY_2: "Datenlizenz Deutschland – Namensnennung – Version 2.0",
}
PUBLISHER = "Geschäftsstelle Smarte Region Hessen"
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
EU_FILE_TYPES = "http://publications.europa.eu/resource/authority/file-type/"
CONTRIBUTORS = "http://dcat-ap.de/def/contributors/"
HESSEN = "http://dcat-ap.de/def/politicalGeocoding/stateKey/06"
LEVEL_STATE = "http://dcat-ap.de/def/politicalGeocoding/Level/state"


@dataclass
class Distribution:
    slug: str  # file name, e.g. "katalog.json"
    media_type: str
    title: str
    build: object  # callable() -> bytes

    def url(self):
        return f"/opendata/{self.slug}"

    @property
    def file_type(self):
        """The EU file-type code, from the file extension (JSON, CSV, XLSX, ODS)."""
        return self.slug.rsplit(".", 1)[-1].upper()

    @property
    def content_type(self):
        text = self.media_type.startswith("text/") or self.media_type.endswith("json")
        return f"{self.media_type}; charset=utf-8" if text else self.media_type


@dataclass
class Dataset:
    slug: str
    title: str
    description: str
    licence: str
    attribution: str
    keywords: tuple
    theme: str  # EU data theme code
    distributions: list
    modified: object  # callable() -> datetime | date | None


def spreadsheet_distributions(name, table, titles):
    """The same table (callable() -> (columns, rows)) as CSV, XLSX and ODS files;
    `titles`: {extension: title}."""

    def build(extension):
        return lambda: spreadsheets.WRITERS[extension](*table())

    return [
        Distribution(f"{name}.{ext}", spreadsheets.MEDIA_TYPES[ext], title, build(ext))
        for ext, title in titles.items()
    ]


# The open-data table has the columns of the register file it was imported from.
MUNICIPALITY_COLUMNS = list(REGISTER_COLUMNS)


def municipalities_table():
    rows = Municipality.objects.order_by("ags").values_list(*MUNICIPALITY_COLUMNS)
    return MUNICIPALITY_COLUMNS, rows


def municipalities_modified():
    """The register's reference date (Stand) of its newest rows."""
    return Municipality.objects.aggregate(m=Max("population_date"))["m"]


def datasets():
    from .opendata_catalog import catalog_dataset

    return [
        catalog_dataset(),
        Dataset(
            slug="kommunen",
            title=_("Municipalities of Hessen"),
            description=_(
                "The municipality register the platform uses: AGS key, kind, district, "
                "administrative region, population and coordinates."
            ),
            licence=DL_DE_BY_2,
            attribution=(
                "© Statistisches Bundesamt (Destatis), "
                "Gemeindeverzeichnis-Informationssystem GV-ISys"
            ),
            keywords=("Kommunen", "Gemeindeverzeichnis", "Hessen", "AGS"),
            theme="REGI",
            distributions=spreadsheet_distributions(
                "kommunen",
                municipalities_table,
                {
                    "csv": _("Register as CSV"),
                    "xlsx": _("Register as Excel workbook (XLSX)"),
                    "ods": _("Register as OpenDocument spreadsheet (ODS)"),
                },
            ),
            modified=municipalities_modified,
        ),
    ]


def distribution_by_slug(slug):
    for dataset in datasets():
        for distribution in dataset.distributions:
            if distribution.slug == slug:
                return dataset, distribution
    return None, None


def as_datetime(value):
    """A date (a register's reference date) as midnight UTC; datetimes unchanged."""
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)


def timestamp(value):
    return calendar.timegm(as_datetime(value).utctimetuple())


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def _de(text):
    return {"@value": str(text), "@language": "de"}


def _date(value):
    if isinstance(value, dt.datetime):
        return {"@type": "xsd:dateTime", "@value": value.isoformat()}
    return {"@type": "xsd:date", "@value": value.isoformat()}


def issued():
    """The date this instance first published its open data (setting OPENDATA_ISSUED)."""
    return dt.date.fromisoformat(settings.OPENDATA_ISSUED) if settings.OPENDATA_ISSUED else None


def contributor_id():
    """GovData's contributor IRI for this platform (setting OPENDATA_CONTRIBUTOR_ID: the IRI
    or its last part, e.g. "hessen"), or None."""
    value = settings.OPENDATA_CONTRIBUTOR_ID
    if not value:
        return None
    return value if value.startswith("http") else CONTRIBUTORS + value


def contact_point():
    contact = {
        "@type": "vcard:Organization",
        "vcard:fn": PUBLISHER,
        "vcard:hasURL": {"@id": _absolute("/opendata/")},
    }
    if settings.OPENDATA_CONTACT_EMAIL:
        contact["vcard:hasEmail"] = {"@id": f"mailto:{settings.OPENDATA_CONTACT_EMAIL}"}
    return contact


def dataset_iri(dataset):
    """The dataset's IRI, also its dct:identifier: stable once published (GovData finds
    duplicates by identifier), so never derive it from anything but the slug."""
    return _absolute(f"/opendata/#{dataset.slug}")


def _distribution(dataset, d):
    return {
        "@id": _absolute(f"/opendata/#{d.slug}"),
        "@type": "dcat:Distribution",
        "dct:title": _de(d.title),
        "dcat:accessURL": {"@id": _absolute(d.url())},
        "dcat:downloadURL": {"@id": _absolute(d.url())},
        "dcat:mediaType": {"@id": IANA_MEDIA_TYPES + d.media_type},
        "dct:format": {"@id": EU_FILE_TYPES + d.file_type},
        "dct:license": {"@id": dataset.licence},
        # GovData's harvester reads the attribution only from distributions.
        "dcatde:licenseAttributionByText": _de(dataset.attribution),
    }


def dcat_catalog(modified=None):
    """The DCAT-AP.de catalog of all datasets as a JSON-LD document (dict), always in German.
    `modified`: each dataset's modified date by slug, when the caller has read them already."""
    with translation.override("de"):
        return _catalog(modified)


def _catalog(modified_by_slug=None):
    publisher = {
        "@type": "foaf:Organization",
        "foaf:name": PUBLISHER,
        "dct:type": {"@id": "http://purl.org/adms/publishertype/RegionalAuthority"},
    }
    published, contributor = issued(), contributor_id()
    items, newest = [], []
    for dataset in datasets():
        iri = dataset_iri(dataset)
        entry = {
            "@id": iri,
            "@type": "dcat:Dataset",
            "dct:identifier": iri,
            "dct:title": _de(dataset.title),
            "dct:description": _de(dataset.description),
            "dct:publisher": publisher,
            "dcat:contactPoint": contact_point(),
            "dcat:landingPage": {"@id": iri},
            "dct:license": {"@id": dataset.licence},
            "dct:accessRights": {
                "@id": "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
            },
            "dcat:theme": {
                "@id": f"http://publications.europa.eu/resource/authority/data-theme/{dataset.theme}"
            },
            "dcat:keyword": [_de(k) for k in dataset.keywords],
            "dct:spatial": {"@id": HESSEN},
            "dcatde:politicalGeocodingURI": {"@id": HESSEN},
            "dcatde:politicalGeocodingLevelURI": {"@id": LEVEL_STATE},
            "dcat:distribution": [_distribution(dataset, d) for d in dataset.distributions],
        }
        if contributor:
            entry["dcatde:contributorID"] = {"@id": contributor}
        if published:
            entry["dct:issued"] = _date(published)
        if modified_by_slug is None:
            modified = dataset.modified()
        else:
            modified = modified_by_slug[dataset.slug]
        if modified:
            entry["dct:modified"] = _date(modified)
            newest.append(as_datetime(modified))
        items.append(entry)
    catalog = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "dcatde": "http://dcat-ap.de/def/dcatde/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": _absolute("/opendata/"),
        "@type": "dcat:Catalog",
        "dct:title": _de("Smart Region Marktplatz – Offene Daten"),
        "dct:description": _de("Offene Daten des Smart Region Marktplatzes Hessen."),
        "dct:publisher": publisher,
        "foaf:homepage": {"@id": _absolute("/")},
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/DEU"},
        "dcat:themeTaxonomy": {
            "@id": "http://publications.europa.eu/resource/authority/data-theme"
        },
        "dcat:dataset": items,
    }
    if published:
        catalog["dct:issued"] = _date(published)
    if newest:
        catalog["dct:modified"] = _date(max(newest))
    return catalog


def dcat_json():
    return json.dumps(dcat_catalog(), ensure_ascii=False, indent=2)
