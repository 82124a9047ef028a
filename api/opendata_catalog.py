"""The published catalog as an open dataset (exchange format JSON and a flat table as CSV,
XLSX and ODS)."""

import json

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from catalog.exchange import export_catalog
from catalog.models import ProviderProfile, Solution

TABLE_COLUMNS = [
    "id",
    "provider_id",
    "provider",
    "title",
    "summary",
    "topics",
    "maturity",
    "deployment",
    "standards",
    "language",
    "price_model",
    "references",
    "verified_references",
]


def open_solutions():
    """The solutions in the open dataset: every published one (their facts always)."""
    return Solution.objects.published()


def open_document():
    """The exchange document of the open dataset: free texts (descriptions, summaries, price
    models, reference summaries) only of providers that agreed to open them (CC BY 4.0);
    see catalog.exchange for which keys are texts."""
    return export_catalog(open_solutions(), consented_texts_only=True)


def catalog_json():
    return json.dumps(open_document(), ensure_ascii=False, indent=2).encode()


def catalog_table():
    """(columns, rows): one row per solution, lists joined with "|", references as AGS:year
    (references stated outside the register have no AGS: they are only in katalog.json)."""
    document = open_document()
    names = {p["id"]: p["name"] for p in document["providers"]}
    rows = []
    for s in document["solutions"]:
        refs = s.get("references", [])
        rows.append(
            [
                s["id"],
                s["provider"],
                names.get(s["provider"], ""),
                s["title"],
                s.get("summary", ""),
                "|".join(s["topics"]),
                s.get("maturity", ""),
                "|".join(s.get("deployment", [])),
                "|".join(s.get("standards", [])),
                s.get("language", ""),
                s.get("price_model", ""),
                "|".join(f"{r['ags']}:{r.get('year') or ''}" for r in refs if r.get("ags")),
                sum(1 for r in refs if r.get("verified")),
            ]
        )
    return TABLE_COLUMNS, rows


def catalog_modified():
    """The newest change to anything in the dataset (solutions and their providers)."""
    solutions = open_solutions()
    newest = [
        solutions.aggregate(m=Max("updated_at"))["m"],
        ProviderProfile.objects.filter(solutions__in=solutions).aggregate(m=Max("updated_at"))["m"],
    ]
    newest = [m for m in newest if m]
    return max(newest) if newest else None


def catalog_dataset():
    from .opendata import CC_BY_4, Dataset, Distribution, spreadsheet_distributions

    return Dataset(
        slug="katalog",
        title=_("Smart Region catalog of solutions"),
        description=_(
            "Published digital solutions for municipalities and their providers, with topics, "
            "maturity, standards and municipal references, in the exchange format "
            "smart-region-catalog/1 and as a flat table (CSV, XLSX, ODS)."
        ),
        licence=CC_BY_4,
        attribution="Smart Region Marktplatz und die jeweiligen Anbieter",
        keywords=("Smart City", "Smart Region", "Kommunen", "Digitalisierung", "Marktplatz"),
        theme="GOVE",
        distributions=[
            Distribution(
                "katalog.json", "application/json", _("Exchange format (JSON)"), catalog_json
            ),
            *spreadsheet_distributions(
                "katalog",
                catalog_table,
                {
                    "csv": _("Solutions as CSV"),
                    "xlsx": _("Solutions as Excel workbook (XLSX)"),
                    "ods": _("Solutions as OpenDocument spreadsheet (ODS)"),
                },
            ),
        ],
        modified=catalog_modified,
    )
