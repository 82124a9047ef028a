"""The record's exports: PDF (tagged, PDF/UA-1), CSV and ODS (core.spreadsheets) and JSON.
Each prints the stored SHA-256; the JSON is the hashed content itself plus `sha256`."""

import json
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _

from core import spreadsheets
from core.documents import tagged_pdf

from . import records


def filename(record, extension):
    return f"markterkundung-{record.pk}-v{record.version}.{extension}"


def export_data(record):
    return {"sha256": record.sha256, **records.content(record)}


def json_response(record):
    body = json.dumps(export_data(record), ensure_ascii=False, indent=2, sort_keys=True)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(record, "json")}"'
    return response


def verdict_label(entry):
    return str(entry.get_verdict_display()) if entry.verdict else _("not yet decided")


def judgement(fits):
    return _("fits") if fits else _("does not fit")


def columns():
    return [
        _("No."),
        _("Solution"),
        _("Provider"),
        _("Platform's judgement"),
        _("Reasons"),
        _("Exclusions"),
        _("Verdict of the town"),
        _("Reason of the verdict"),
        _("Price from (€)"),
        _("Hosting"),
        _("Licence"),
        _("Link"),
    ]


def rows(record):
    """One row per entry, then the record's identity: what it is, when, and its hash."""
    table = []
    for entry in record.entries.all():
        s = entry.snapshot
        table.append(
            [
                entry.position,
                s["title"],
                s["provider"],
                judgement(entry.fits),
                "; ".join(entry.reasons),
                "; ".join(e["cause"] for e in entry.exclusions),
                verdict_label(entry),
                entry.verdict_reason,
                Decimal(s["price_min"]) if s.get("price_min") else None,
                s.get("hosting", ""),
                s.get("licence", ""),
                s["url"],
            ]
        )
    table.append([])
    table.append([_("Market exploration"), record.title])
    table.append([_("Frozen at"), record.frozen_at])
    table.append([_("Search"), record.filters_text])
    table.append([_("Version"), record.version])
    table.append(["SHA-256", record.sha256])
    return table


def table_response(record, extension):
    return spreadsheets.download(filename(record, extension), columns(), rows(record))


def pdf_bytes(record):
    context = {
        "record": record,
        "entries": list(record.entries.all()),
        "checks": records.route_checks(record),
        "changed_thresholds": records.changed_thresholds(record),
    }
    return tagged_pdf("explorations/record_print.html", context)


def pdf_response(record):
    response = HttpResponse(pdf_bytes(record), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename(record, "pdf")}"'
    return response
