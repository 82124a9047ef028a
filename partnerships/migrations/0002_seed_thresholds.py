"""Seed the procurement threshold table (net values) so a fresh database can run checks."""

from datetime import date
from decimal import Decimal

from django.db import migrations

EU_2026 = (
    "Delegierte Verordnung (EU) 2025/2152 der Kommission (Schwellenwerte 2026–2027 nach "
    "Art. 4 RL 2014/24/EU), anzuwenden über § 106 GWB"
)
EU_2024 = (
    "Delegierte Verordnung (EU) 2023/2495 der Kommission (Schwellenwerte 2024–2025 nach "
    "Art. 4 RL 2014/24/EU), anzuwenden über § 106 GWB"
)
HVTG = (
    "Hessisches Vergabe- und Tariftreuegesetz (HVTG) vom 12. Juli 2021, in Kraft seit "
    "1. September 2021 (Wertgrenzen unterhalb der EU-Schwellenwerte)"
)
REFORM = (
    "Geplante Reform des hessischen Vergaberechts (Entwurf; nicht in Kraft, "
    "kein Datum des Inkrafttretens)"
)

EU_ROWS = [
    # (valid_from, valid_to, source, scope, applies_to, label, value)
    (date(2026, 1, 1), date(2027, 12, 31), EU_2026, [
        ("supplies_services", "sub_central", "EU-Schwellenwert Liefer- und Dienstleistungen (subzentrale Auftraggeber)", "216000"),
        ("supplies_services", "central", "EU-Schwellenwert Liefer- und Dienstleistungen (oberste und obere Bundesbehörden)", "140000"),
        ("works", "", "EU-Schwellenwert Bauleistungen", "5404000"),
        ("supplies_services", "social_services", "EU-Schwellenwert soziale und andere besondere Dienstleistungen", "750000"),
    ]),
    (date(2024, 1, 1), date(2025, 12, 31), EU_2024, [
        ("supplies_services", "sub_central", "EU-Schwellenwert Liefer- und Dienstleistungen (subzentrale Auftraggeber)", "221000"),
        ("supplies_services", "central", "EU-Schwellenwert Liefer- und Dienstleistungen (oberste und obere Bundesbehörden)", "143000"),
        ("works", "", "EU-Schwellenwert Bauleistungen", "5538000"),
        ("supplies_services", "social_services", "EU-Schwellenwert soziale und andere besondere Dienstleistungen", "750000"),
    ]),
]

ROUTE_ROWS = [
    # (scope, route, label, value, status)
    ("supplies_services", "direct_award", "Direktauftrag ohne förmliches Verfahren", "10000", "in_force"),
    ("supplies_services", "negotiated", "Verhandlungsvergabe ohne Teilnahmewettbewerb", "50000", "in_force"),
    ("supplies_services", "negotiated_with_competition", "Verhandlungsvergabe mit Teilnahmewettbewerb", "100000", "in_force"),
    ("supplies_services", "restricted", "Beschränkte Ausschreibung ohne Teilnahmewettbewerb", "100000", "in_force"),
    ("works", "direct_award", "Direktauftrag ohne förmliches Verfahren", "10000", "in_force"),
    ("works", "negotiated_works", "Freihändige Vergabe (Bauleistungen)", "100000", "in_force"),
    ("works", "restricted_works", "Beschränkte Ausschreibung ohne Teilnahmewettbewerb (Bauleistungen, je Los)", "250000", "in_force"),
    ("supplies_services", "direct_award", "Direktauftrag (geplante Reform)", "100000", "planned"),
    ("works", "direct_award", "Direktauftrag (geplante Reform)", "750000", "planned"),
]


def seed(apps, schema_editor):
    Threshold = apps.get_model("partnerships", "Threshold")
    for valid_from, valid_to, source, rows in EU_ROWS:
        for scope, applies_to, label, value in rows:
            Threshold.objects.get_or_create(
                kind="eu",
                scope=scope,
                applies_to=applies_to,
                valid_from=valid_from,
                defaults={
                    "label": label,
                    "value": Decimal(value),
                    "valid_to": valid_to,
                    "source": source,
                    "status": "in_force",
                },
            )
    for scope, route, label, value, status in ROUTE_ROWS:
        Threshold.objects.get_or_create(
            kind="route",
            scope=scope,
            route=route,
            status=status,
            defaults={
                "label": label,
                "value": Decimal(value),
                "valid_from": date(2021, 9, 1) if status == "in_force" else None,
                "source": HVTG if status == "in_force" else REFORM,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
