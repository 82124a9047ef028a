"""Open data: the datasets the platform publishes, their files, and a DCAT-AP.de description.

A dataset has distributions (files) built from the database on request; its modified date is
the newest change among the rows it contains (also sent as Last-Modified).
"""

import csv
import io
import json
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality

CC_BY_4 = "http://dcat-ap.de/def/licenses/cc-by/4.0"
DL_DE_BY_2 = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
LICENCE_NAMES = {
    CC_BY_4: "Creative Commons Namensnennung 4.0 International (CC BY 4.0)",
    DL_DE_BY_2: "Datenlizenz Deutschland – Namensnennung – Version 2.0",
}
PUBLISHER = "Geschäftsstelle Smarte Region Hessen"


@dataclass
class Distribution:
    slug: str  # file name, e.g. "katalog.json"
    media_type: str
    title: str
    build: object  # callable() -> str

    def url(self):
        return f"/opendata/{self.slug}"


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
    modified: object  # callable() -> datetime | None


def municipalities_csv():
    out = io.StringIO()
    writer = csv.writer(out)
    columns = [
        "ags",
        "name",
        "kind",
        "district_ags",
        "district",
        "region",
        "population",
        "population_date",
        "lat",
        "lon",
    ]
    writer.writerow(columns)
    for row in Municipality.objects.order_by("ags").values_list(*columns):
        writer.writerow(row)
    return out.getvalue()


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
            distributions=[
                Distribution("kommunen.csv", "text/csv", _("Register as CSV"), municipalities_csv)
            ],
            modified=lambda: None,
        ),
    ]


def distribution_by_slug(slug):
    for dataset in datasets():
        for distribution in dataset.distributions:
            if distribution.slug == slug:
                return dataset, distribution
    return None, None


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def dcat_catalog():
    """The DCAT-AP.de catalog of all datasets as a JSON-LD document (dict)."""
    publisher = {"@type": "foaf:Organization", "foaf:name": PUBLISHER}
    items = []
    for dataset in datasets():
        modified = dataset.modified()
        entry = {
            "@id": _absolute(f"/opendata/#{dataset.slug}"),
            "@type": "dcat:Dataset",
            "dct:identifier": dataset.slug,
            "dct:title": str(dataset.title),
            "dct:description": str(dataset.description),
            "dct:publisher": publisher,
            "dct:license": {"@id": dataset.licence},
            "dcatde:licenseAttributionByText": dataset.attribution,
            "dct:accessRights": {
                "@id": "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
            },
            "dcat:theme": {
                "@id": f"http://publications.europa.eu/resource/authority/data-theme/{dataset.theme}"
            },
            "dcat:keyword": list(dataset.keywords),
            "dct:spatial": {"@id": "http://dcat-ap.de/def/politicalGeocoding/stateKey/06"},
            "dcatde:politicalGeocodingLevelURI": {
                "@id": "http://dcat-ap.de/def/politicalGeocodingLevel/state"
            },
            "dcat:distribution": [
                {
                    "@type": "dcat:Distribution",
                    "dct:title": str(d.title),
                    "dcat:accessURL": {"@id": _absolute(d.url())},
                    "dcat:downloadURL": {"@id": _absolute(d.url())},
                    "dcat:mediaType": d.media_type,
                    "dct:format": {
                        "@id": "http://publications.europa.eu/resource/authority/file-type/"
                        + d.slug.rsplit(".", 1)[-1].upper()
                    },
                    "dct:license": {"@id": dataset.licence},
                }
                for d in dataset.distributions
            ],
        }
        if modified:
            entry["dct:modified"] = {"@type": "xsd:dateTime", "@value": modified.isoformat()}
        items.append(entry)
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "dcatde": "http://dcat-ap.de/def/dcatde/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": _absolute("/opendata/"),
        "@type": "dcat:Catalog",
        "dct:title": "Smart Region Marktplatz – Offene Daten",
        "dct:description": "Offene Daten des Smart Region Marktplatzes Hessen.",
        "dct:publisher": publisher,
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/DEU"},
        "dcat:dataset": items,
    }


def dcat_json():
    return json.dumps(dcat_catalog(), ensure_ascii=False, indent=2)


def newest(queryset, field):
    return queryset.aggregate(m=Max(field))["m"]
