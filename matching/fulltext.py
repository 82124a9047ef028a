"""The database side of the full-text index: one interface, FTS5 on SQLite, tsvector on PostgreSQL.

Both hold the same analysed terms (SearchDocument rows). `matching_ids` turns the analysed
words of a query into a subquery of matching solution ids that any queryset can filter on.
"""

import re

from django.db import connection
from django.db.models.expressions import RawSQL

_TERM = re.compile(r"^[0-9a-z]+$")

_SQL = {
    "sqlite": (
        "SELECT rowid FROM matching_fts WHERE matching_fts MATCH %s",
        {"or": " OR ", "and": " AND ", "quote": '"{}"'},
    ),
    "postgresql": (
        "SELECT solution_id FROM matching_searchdocument WHERE tsv @@ to_tsquery('simple', %s)",
        {"or": " | ", "and": " & ", "quote": "{}"},
    ),
}


def _expression(groups, require_all, syntax):
    def term(t):
        return syntax["quote"].format(t)

    clauses = []
    for whole, parts, synonyms in groups:
        options = [term(t) for t in sorted(set(whole) | set(synonyms)) if _TERM.match(t)]
        parts = [term(t) for t in parts if _TERM.match(t)]
        if parts:
            options.append("(" + syntax["and"].join(parts) + ")")
        if options:
            clauses.append("(" + syntax["or"].join(options) + ")")
    return (syntax["and"] if require_all else syntax["or"]).join(clauses)


def matching_ids(groups, *, require_all=True):
    """A subquery of solution ids whose terms match the word groups (see services.query_groups).

    With `require_all` every word must match (in one of its forms); otherwise any word.
    Returns None when the query has no searchable words.
    """
    sql, syntax = _SQL[connection.vendor]
    expression = _expression(groups, require_all, syntax)
    if not expression:
        return None
    return RawSQL(sql, [expression])
