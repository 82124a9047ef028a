from django.dispatch import Signal

# Sent with `solution=` after a solution is published, a published one is edited, or it is
# withdrawn/archived, and after an import. The search index listens to it.
solution_changed = Signal()
