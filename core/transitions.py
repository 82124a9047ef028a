"""One helper for every state machine (catalog moderation, partnership stages, needs, …).

A state machine is a table ``{(from, to): entry}``; the entry says who may make the move
(a side, or ``None`` for anyone entitled to the object at all). ``allowed`` checks a move
against the table; ``move`` makes it: it sets the field, saves only what changed and writes
the audit row with the from/to state. Permission checks stay with the app (its access module
or its services), because who counts as "the provider" or "the municipality" is the app's rule.
"""

from django.core.exceptions import ValidationError

from .services import log_action


def allowed(table, current, to, *, message):
    """Return the table's entry for ``(current, to)``, or raise ``ValidationError(message)``
    when the move does not exist."""
    key = (current, to)
    if key not in table:
        raise ValidationError(message)
    return table[key]


def targets(table, current):
    """The states reachable from ``current``, in the table's order (for the page's buttons)."""
    return [to for (from_, to) in table if from_ == current]


def move(obj, to, *, actor, action, field="status", also=(), comment="", changes=None, log_on=None):
    """Set ``obj.<field>`` to ``to``, save that field (plus ``also``) and log the move.

    The caller has checked the move with ``allowed`` (and its own rules) and holds the row
    lock. ``log_on``: the object whose history shows the move (default ``obj``). ``comment``
    may be a callable, called after the save (e.g. a hash sealed over the saved state).
    Returns the state the object left.
    """
    before = getattr(obj, field)
    setattr(obj, field, to)
    obj.save(update_fields=[field, *also])
    if callable(comment):
        comment = comment()
    log_action(
        obj if log_on is None else log_on,
        actor=actor,
        action=action,
        from_state=before,
        to_state=to,
        comment=comment,
        changes=changes,
    )
    return before
