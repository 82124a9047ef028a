# The database full-text index (FTS5 table and triggers on SQLite, the generated tsvector
# column and its GIN index on PostgreSQL, from 0002) served only saved-search alerts. Alerts
# now run on the search page's engine (matching.index), so the database index goes
# (docs/decisions.md). Reversing the migration recreates it as 0002 did.

from importlib import import_module

from django.db import migrations

initial = import_module("matching.migrations.0002_searchdocument")

SQLITE_FILL = [
    "INSERT INTO matching_fts(rowid, title, summary, tags, description) "
    "SELECT solution_id, title, summary, tags, description FROM matching_searchdocument",
]


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


drop = _run({"sqlite": initial.SQLITE_DOWN, "postgresql": initial.POSTGRES_DOWN})
recreate = _run(
    {"sqlite": initial.SQLITE_UP + SQLITE_FILL, "postgresql": initial.POSTGRES_UP}
)


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0009_need_match_result"),
    ]

    operations = [
        migrations.RunPython(drop, recreate),
    ]
