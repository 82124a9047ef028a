"""The words shown under "Warum diese Lösung" for a match (docs/search.md, "Reasons")."""

MAX_WORDS = 12


def reason_words(hit, need_text, solution):
    """The words that connect the need's text and the solution, as a clerk reads them.

    `hit` is the ranking's hit (hit.matched: labels of the query terms that matched),
    `need_text` the need's own words, `solution` the Solution (title, summary, description).
    """
    return hit.matched[:MAX_WORDS]
