from django.db import transaction
from django.dispatch import Signal

# Sent with `solution=` after a solution is published, a published one is edited, or it is
# withdrawn/archived, and after an import. The search index listens to it.
solution_changed = Signal()


def announce_after_commit(solutions):
    """Send solution_changed for each of `solutions` once the transaction has committed."""
    from .models import Solution

    def announce():
        for solution in solutions:
            solution_changed.send(sender=Solution, solution=solution)

    transaction.on_commit(announce)
