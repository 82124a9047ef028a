"""The register import: counts, idempotence, validation with line and column, atomicity."""

import shutil
from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from municipalities.models import Municipality
from municipalities.services import (
    DEFAULT_REGISTER_FILE,
    RegisterImportError,
    import_register,
)

pytestmark = pytest.mark.django_db


def run_command(*args):
    out = StringIO()
    call_command("import_municipalities", *args, "--no-progress", stdout=out, stderr=StringIO())
    return out.getvalue()


def csv_with(tmp_path, *changes):
    """A copy of the shipped register with cells replaced: (line, column, value), where the
    header is line 1."""
    lines = DEFAULT_REGISTER_FILE.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    for line_number, column, value in changes:
        cells = lines[line_number - 1].split(",")
        cells[header.index(column)] = value
        lines[line_number - 1] = ",".join(cells)
    path = tmp_path / "register.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def snapshot():
    return list(Municipality.objects.order_by("ags").values())


def test_import_creates_every_row_with_the_documented_counts_per_kind():
    output = run_command()

    assert "445 angelegt, 0 aktualisiert, 0 unverändert" in output
    counts = {
        kind: Municipality.objects.filter(kind=kind).count() for kind in Municipality.Kind.values
    }
    assert counts == {
        "stadt": 186,
        "gemeinde": 230,
        "kreisfreie_stadt": 5,
        "landkreis": 21,
        "regierungsbezirk": 3,
    }
    assert Municipality.objects.gemeinden().count() == 421
    hersfeld = Municipality.objects.get(ags="06632002")
    assert (hersfeld.name, hersfeld.kind, hersfeld.population) == ("Bad Hersfeld", "stadt", 30846)
    assert (hersfeld.district_ags, hersfeld.district, hersfeld.region) == (
        "06632",
        "Hersfeld-Rotenburg",
        "Kassel",
    )
    assert str(hersfeld.population_date) == "2024-12-31"
    assert Municipality.objects.get(ags="06531005").name_folded == "giessen"
    assert Municipality.objects.get(ags="06412000").lat is not None
    assert Municipality.objects.get(ags="06531").lat is None


def test_second_import_changes_nothing_and_says_so():
    run_command()
    before = snapshot()

    output = run_command()

    assert "0 angelegt, 0 aktualisiert, 445 unverändert" in output
    assert "bereits aktuell" in output
    assert snapshot() == before


def test_import_updates_a_changed_row_and_leaves_the_rest(tmp_path):
    import_register()
    path = csv_with(tmp_path, (4, "population", "760000"))  # line 4: Frankfurt am Main

    result = import_register(path=path)

    assert (result.created, result.updated, result.unchanged) == (0, 1, 444)
    assert Municipality.objects.get(ags="06412000").population == 760000


def test_import_repairs_an_entry_edited_in_the_database():
    import_register()
    Municipality.objects.filter(ags="06432014").update(name="Muehltal", name_folded="x")

    result = import_register()

    assert result.updated == 1
    mühltal = Municipality.objects.get(ags="06432014")
    assert (mühltal.name, mühltal.name_folded) == ("Mühltal", "muehltal")


@pytest.mark.parametrize(
    ("line", "column", "value", "message"),
    [
        (100, "population", "12a", "keine ganze Zahl"),
        (57, "population", "-5", "keine ganze Zahl"),
        (200, "kind", "dorf", "dorf"),
        (300, "ags", "0663200", "8 Stellen"),
        (120, "ags", "07111001", "hessischer"),
        (150, "population_date", "31.12.2024", "kein Datum"),
        (250, "lat", "52.5", "außerhalb Hessens"),
        (251, "lon", "8.5x", "keine Dezimalzahl"),
        (260, "district_ags", "", "Wert ist erforderlich"),
        (261, "district_ags", "06999", "Kreisteil"),
        (262, "name", "", "Wert ist erforderlich"),
    ],
)
def test_a_malformed_row_stops_the_import_naming_line_and_column(
    tmp_path, line, column, value, message
):
    import_register()
    before = snapshot()
    # A valid change in line 4 and a bad cell further down.
    path = csv_with(tmp_path, (4, "name", "Frankfurt (geändert)"), (line, column, value))

    with pytest.raises(CommandError) as excinfo:
        run_command(str(path))

    error = str(excinfo.value)
    assert f"Zeile {line}, Spalte „{column}“" in error
    assert message in error
    assert "nichts importiert" in error
    assert snapshot() == before


def test_a_bad_row_in_an_empty_database_imports_nothing(tmp_path):
    path = csv_with(tmp_path, (445, "population", "viele"))

    with pytest.raises(CommandError, match="Zeile 445, Spalte „population“"):
        run_command(str(path))

    assert Municipality.objects.count() == 0


def test_coordinates_must_come_in_pairs(tmp_path):
    path = csv_with(tmp_path, (4, "lon", ""))

    with pytest.raises(RegisterImportError) as excinfo:
        import_register(path=path)

    assert [(e.line, e.column) for e in excinfo.value.errors] == [(4, "lon")]


def test_duplicate_key_is_reported_with_both_lines(tmp_path):
    # Offenbach (line 5) gets Frankfurt's key (line 4).
    path = csv_with(tmp_path, (5, "ags", "06412000"), (5, "district_ags", "06412"))

    with pytest.raises(RegisterImportError) as excinfo:
        import_register(path=path)

    [error] = excinfo.value.errors
    assert (error.line, error.column) == (5, "ags")
    assert "Zeile 4" in str(error)


def test_a_wrong_header_is_rejected_before_any_row(tmp_path):
    path = tmp_path / "register.csv"
    path.write_text("ags,name,art\n06412000,Frankfurt,stadt\n", encoding="utf-8")

    with pytest.raises(CommandError) as excinfo:
        run_command(str(path))

    error = str(excinfo.value)
    assert "Zeile 1, Spalte „kind“" in error
    assert "Zeile 1, Spalte „art“" in error
    assert Municipality.objects.count() == 0


def test_a_row_with_missing_cells_is_rejected(tmp_path):
    path = tmp_path / "register.csv"
    shutil.copy(DEFAULT_REGISTER_FILE, path)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("06412999,Kurz,stadt\n")

    with pytest.raises(RegisterImportError) as excinfo:
        import_register(path=path)

    assert [e.line for e in excinfo.value.errors] == [447]


def test_a_failure_while_writing_rolls_back_everything():
    calls = []
    real_save = Municipality.save

    def failing_save(self, *args, **kwargs):
        calls.append(self.ags)
        if len(calls) == 100:
            raise RuntimeError("disk full")
        real_save(self, *args, **kwargs)

    with mock.patch.object(Municipality, "save", failing_save), pytest.raises(RuntimeError):
        import_register()

    assert Municipality.objects.count() == 0


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="nichts importiert"):
        run_command(str(tmp_path / "gibt-es-nicht.csv"))


def test_demo_loader_imports_the_register_idempotently():
    from municipalities import demo

    demo.load(StringIO())
    before = snapshot()
    out = StringIO()
    demo.load(out)

    assert len(before) == 445
    assert snapshot() == before
    assert "0 angelegt, 0 aktualisiert, 445 unverändert" in out.getvalue()
