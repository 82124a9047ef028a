"""Importing the municipality register (Destatis GV100AD extract; see data/*.README.md).

The import validates the whole file first and writes nothing unless every row is valid; the
write runs in one transaction and is idempotent (rows are matched by their AGS).
"""

import csv
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from core.text import fold

from .models import Municipality

logger = logging.getLogger(__name__)

DEFAULT_REGISTER_FILE = Path(settings.BASE_DIR) / "data" / "hessen-kommunen.csv"

COLUMNS = (
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
)
AGS_LENGTH = {
    Municipality.Kind.REGIERUNGSBEZIRK: 3,
    Municipality.Kind.LANDKREIS: 5,
    Municipality.Kind.KREISFREIE_STADT: 8,
    Municipality.Kind.STADT: 8,
    Municipality.Kind.GEMEINDE: 8,
}
HESSEN_AGS_PREFIX = "06"
# Bounding box of Hessen with a small margin (WGS84); a centre outside it is a data error.
HESSEN_LAT = (Decimal("49.3"), Decimal("51.7"))
HESSEN_LON = (Decimal("7.7"), Decimal("10.3"))
FIELDS = COLUMNS[1:]  # everything but the key


class RegisterImportError(Exception):
    """The register file is malformed; nothing was imported."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self):
        return _("Line %(line)d, column “%(column)s”: %(message)s") % {
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kinds: Counter = field(default_factory=Counter)

    @property
    def total(self):
        return self.created + self.updated + self.unchanged

    @property
    def changed(self):
        return bool(self.created or self.updated)

    def summary(self):
        return _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged.") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


class _RowParser:
    """Turns one CSV row into model field values, collecting every error it finds."""

    def __init__(self, line, row):
        self.line = line
        self.row = row
        self.errors = []

    def error(self, column, message):
        self.errors.append(RowError(self.line, column, message))

    def text(self, column, *, required, max_length):
        value = (self.row.get(column) or "").strip()
        if required and not value:
            self.error(column, _("a value is required."))
        elif len(value) > max_length:
            self.error(column, _("longer than %(max)d characters.") % {"max": max_length})
        return value

    def integer(self, column):
        value = (self.row.get(column) or "").strip()
        if not value.isdigit():
            self.error(column, _("“%(value)s” is not a whole number ≥ 0.") % {"value": value})
            return None
        return int(value)

    def iso_date(self, column):
        value = (self.row.get(column) or "").strip()
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.error(column, _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value})
            return None

    def coordinate(self, column, bounds):
        value = (self.row.get(column) or "").strip()
        if not value:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            self.error(column, _("“%(value)s” is not a decimal number.") % {"value": value})
            return None
        if number.as_tuple().exponent < -6:
            self.error(column, _("“%(value)s” has more than 6 decimal places.") % {"value": value})
            return None
        if not bounds[0] <= number <= bounds[1]:
            self.error(
                column,
                _("%(value)s lies outside Hessen (%(low)s to %(high)s).")
                % {"value": value, "low": bounds[0], "high": bounds[1]},
            )
            return None
        return number

    def parse(self):
        ags = self.text("ags", required=True, max_length=8)
        kind = self.text("kind", required=True, max_length=20)
        if kind and kind not in Municipality.Kind.values:
            self.error(
                "kind",
                _("“%(value)s” is not one of %(choices)s.")
                % {"value": kind, "choices": ", ".join(Municipality.Kind.values)},
            )
        if ags and (not ags.isdigit() or not ags.startswith(HESSEN_AGS_PREFIX)):
            self.error("ags", _("“%(value)s” is not a Hessian key (digits, 06…).") % {"value": ags})
        elif ags and kind in AGS_LENGTH and len(ags) != AGS_LENGTH[kind]:
            self.error(
                "ags",
                _("a key of kind %(kind)s has %(length)d digits, “%(value)s” has %(actual)d.")
                % {"kind": kind, "length": AGS_LENGTH[kind], "value": ags, "actual": len(ags)},
            )
        values = {
            "ags": ags,
            "name": self.text("name", required=True, max_length=200),
            "kind": kind,
            "district_ags": self.text(
                "district_ags", required=kind in Municipality.MUNICIPAL_KINDS, max_length=5
            ),
            "district": self.text(
                "district", required=kind in Municipality.MUNICIPAL_KINDS, max_length=200
            ),
            "region": self.text("region", required=True, max_length=100),
            "population": self.integer("population"),
            "population_date": self.iso_date("population_date"),
            "lat": self.coordinate("lat", HESSEN_LAT),
            "lon": self.coordinate("lon", HESSEN_LON),
        }
        district_ags = values["district_ags"]
        if district_ags and not (
            district_ags.isdigit() and len(district_ags) == 5 and ags.startswith(district_ags)
        ):
            self.error(
                "district_ags",
                _("“%(value)s” is not the 5-digit district part of the key %(ags)s.")
                % {"value": district_ags, "ags": ags},
            )
        if (values["lat"] is None) != (values["lon"] is None) and not self.errors:
            self.error("lon" if values["lon"] is None else "lat", _("give both lat and lon."))
        return values


def read_register(path):
    """Parse and validate the whole file. Returns a list of (line, values); raises
    RegisterImportError listing every malformed cell (line numbers count the header as 1)."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise RegisterImportError([RowError(0, "-", str(exc))]) from exc
    errors, rows = [], []
    with handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [c for c in COLUMNS if c not in header]
        unknown = [c for c in header if c not in COLUMNS]
        for column in missing:
            errors.append(RowError(1, column, _("column missing from the header.")))
        for column in unknown:
            errors.append(RowError(1, column, _("unknown column in the header.")))
        if errors:
            raise RegisterImportError(errors)
        seen = {}
        try:
            for row in reader:
                line = reader.line_num
                if None in row or any(value is None for value in row.values()):
                    errors.append(
                        RowError(
                            line,
                            COLUMNS[-1],
                            _("expected %(count)d columns.") % {"count": len(COLUMNS)},
                        )
                    )
                    continue
                parser = _RowParser(line, row)
                values = parser.parse()
                if values["ags"] in seen:
                    parser.error(
                        "ags",
                        _("%(ags)s already appears in line %(line)d.")
                        % {"ags": values["ags"], "line": seen[values["ags"]]},
                    )
                seen.setdefault(values["ags"], line)
                errors.extend(parser.errors)
                rows.append((line, values))
        except (csv.Error, UnicodeDecodeError) as exc:
            errors.append(RowError(reader.line_num + 1, "-", str(exc)))
    if not errors:
        errors = _check_districts(rows)
    if errors:
        raise RegisterImportError(errors)
    return rows


def _check_districts(rows):
    """Every Stadt/Gemeinde belongs to a Landkreis of the file (or one already imported)."""
    landkreise = {v["ags"] for _line, v in rows if v["kind"] == Municipality.Kind.LANDKREIS}
    landkreise |= set(
        Municipality.objects.filter(kind=Municipality.Kind.LANDKREIS).values_list("ags", flat=True)
    )
    return [
        RowError(
            line, "district_ags", _("no Landkreis with key %(ags)s.") % {"ags": v["district_ags"]}
        )
        for line, v in rows
        if v["kind"] in (Municipality.Kind.STADT, Municipality.Kind.GEMEINDE)
        and v["district_ags"] not in landkreise
    ]


def import_register(*, path=DEFAULT_REGISTER_FILE, progress=None):
    """Import the register file: validate every row, then create or update by AGS in one
    transaction. Rows that match the database are left alone; nothing is deleted (organisations
    refer to register entries). `progress` optionally wraps the row iterable (e.g. tqdm)."""
    try:
        rows = read_register(path)
    except RegisterImportError as exc:
        logger.warning(
            "municipality register import rejected",
            extra={"path": str(path), "errors": [str(e) for e in exc.errors[:20]]},
        )
        raise
    result = ImportResult()
    iterable = progress(rows, total=len(rows)) if progress else rows
    with transaction.atomic():
        existing = {m.ags: m for m in Municipality.objects.select_for_update()}
        for _line, values in iterable:
            result.kinds[values["kind"]] += 1
            municipality = existing.get(values["ags"])
            if municipality is None:
                Municipality(**values).save()
                result.created += 1
                continue
            changed = [f for f in FIELDS if getattr(municipality, f) != values[f]]
            if municipality.name_folded != fold(values["name"]):
                changed.append("name")
            if not changed:
                result.unchanged += 1
                continue
            for name in FIELDS:
                setattr(municipality, name, values[name])
            municipality.save()
            result.updated += 1
    logger.info(
        "municipality register imported",
        extra={
            "path": str(path),
            "rows_created": result.created,
            "rows_updated": result.updated,
            "rows_unchanged": result.unchanged,
        },
    )
    return result
