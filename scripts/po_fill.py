"""Developer tool: fill German translations into an app's .po file from a JSON mapping.

    python scripts/po_fill.py core/locale/de/LC_MESSAGES/django.po translations.json
    python scripts/po_fill.py core/locale/de/LC_MESSAGES/django.po --missing   # list what is open

The JSON maps msgid → msgstr (for plurals: msgid → [singular, plural]). Fuzzy flags are cleared
for entries it fills.
"""

import json
import sys

import polib


def main(path, mapping_path=None):
    po = polib.pofile(path)
    if mapping_path in (None, "--missing"):
        for entry in po:
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags or not (entry.msgstr or entry.msgstr_plural.get(0)):
                print(json.dumps(entry.msgid, ensure_ascii=False))
        return
    with open(mapping_path, encoding="utf-8") as fh:
        mapping = json.load(fh)
    for entry in po:
        if entry.msgid in mapping:
            value = mapping[entry.msgid]
            if entry.msgid_plural:
                entry.msgstr_plural = {0: value[0], 1: value[1]}
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save(path)


if __name__ == "__main__":
    main(*sys.argv[1:])
