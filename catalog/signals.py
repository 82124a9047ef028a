from django.db import transaction
from django.dispatch import Signal

# Sent with `solution=` (after the commit) when a solution is published, a published one is
# edited, it is withdrawn/archived, a reference of a published one is verified, and after an
# import: published catalog data changed. matching.indexing re-indexes the solution in a
# background task, and matching.index then publishes a new search version. A draft edit sends
# nothing, so it never changes the version (docs/search.md, "Index ownership and versions").
solution_changed = Signal()


def announce_after_commit(solutions):
    """Send solution_changed for each of `solutions` once the transaction has committed."""
    from .models import Solution

    def announce():
        for solution in solutions:
            solution_changed.send(sender=Solution, solution=solution)

    transaction.on_commit(announce)
