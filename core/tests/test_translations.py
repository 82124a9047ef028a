"""The German catalog is complete: every app's .po file has no missing or fuzzy entry."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

PO_FILES = sorted(Path(settings.BASE_DIR).glob("*/locale/de/LC_MESSAGES/django.po"))


def test_every_app_with_templates_has_a_german_catalog():
    assert any(p.parts[-5] == "core" for p in PO_FILES)


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: p.parts[-5])
def test_german_catalog_is_complete(po_path):
    po = polib.pofile(str(po_path))
    open_entries = [
        e.msgid
        for e in po
        if not e.obsolete and ("fuzzy" in e.flags or not (e.msgstr or e.msgstr_plural.get(0)))
    ]
    assert open_entries == [], f"{po_path}: untranslated or fuzzy: {open_entries[:10]}"
