"""The one writer for every table a person downloads: CSV, XLSX and ODS.

CSV is written for a German spreadsheet opened by double-click: UTF-8 with a byte-order mark (so
Excel reads the umlauts), `;` between cells (the German list separator), CRLF line ends, dates as
31.12.2026 and decimal commas. A text cell beginning with = + - @, a tab or a carriage return is
prefixed with `'`, so a spreadsheet shows it instead of running it as a formula (OWASP "CSV
injection"; search terms and titles come from users).

XLSX and ODS keep types: text stays text (AGS keys and postcodes keep their leading zeros and are
never formulas), numbers are numbers, dates are dates.
"""

import csv
import datetime as dt
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
MEDIA_TYPES = {"csv": CSV, "xlsx": XLSX, "ods": ODS}

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "%d.%m.%Y"
DATETIME_FORMAT = "%d.%m.%Y %H:%M"


def _local(value):
    """A datetime in the site's time zone without tzinfo (spreadsheets have no time zones)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def neutralise(text):
    """Text a spreadsheet will not run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(value):
    """How one value reads in a German spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return _local(value).strftime(DATETIME_FORMAT)
    if isinstance(value, dt.date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, bool):
        raise TypeError("say in words what a yes/no cell means before writing it")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (Decimal, float)):
        return str(value).replace(".", ",")
    return neutralise(str(value))


def csv_bytes(columns, rows):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_cell(c) for c in columns])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _typed(value):
    """(kind, value) for the typed formats: text, number, date, datetime or empty."""
    if value is None:
        return "empty", None
    if isinstance(value, bool):
        raise TypeError("say in words what a yes/no cell means before writing it")
    if isinstance(value, dt.datetime):
        return "datetime", _local(value)
    if isinstance(value, dt.date):
        return "date", value
    if isinstance(value, (int, float, Decimal)):
        return "number", value
    return "text", str(value)


def xlsx_bytes(columns, rows, *, sheet="Daten"):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet[:31])
    worksheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def cell(value, header=False):
        kind, value = _typed(value)
        if kind == "number" and isinstance(value, Decimal):
            value = float(value)
        result = WriteOnlyCell(worksheet, value=value)
        if kind == "text":
            # Explicitly a string cell shown as text ("@"): never a formula, zeros kept on edit.
            result.data_type = "s"
            result.number_format = "@"
        elif kind == "date":
            result.number_format = "DD.MM.YYYY"
        elif kind == "datetime":
            result.number_format = "DD.MM.YYYY HH:MM"
        if header:
            result.font = bold
        return result

    worksheet.append([cell(str(c), header=True) for c in columns])
    for row in rows:
        worksheet.append([cell(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def ods_bytes(columns, rows, *, sheet="Daten"):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name=sheet)

    def cell(value):
        kind, value = _typed(value)
        if kind == "empty":
            return TableCell()
        if kind == "number":
            result = TableCell(valuetype="float", value=str(value))
            shown = csv_cell(value)
        elif kind in ("date", "datetime"):
            result = TableCell(valuetype="date", datevalue=value.isoformat())
            shown = csv_cell(value)
        else:
            result, shown = TableCell(valuetype="string"), value
        result.addElement(P(text=shown))
        return result

    for values in [[str(c) for c in columns], *rows]:
        row = TableRow()
        for value in values:
            row.addElement(cell(value))
        table.addElement(row)
    document.spreadsheet.addElement(table)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


WRITERS = {"csv": csv_bytes, "xlsx": xlsx_bytes, "ods": ods_bytes}


def content_type(extension):
    media_type = MEDIA_TYPES[extension]
    return f"{media_type}; charset=utf-8" if media_type == CSV else media_type


def download(filename, columns, rows):
    """A download response for `filename` (its extension picks the format)."""
    extension = filename.rsplit(".", 1)[-1]
    response = HttpResponse(WRITERS[extension](columns, rows), content_type=content_type(extension))
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
