"""The auditor's check: recompute a record's hash from what the database holds now."""

from . import records
from .models import MarketExploration


def verify(pk):
    """(stored, computed) SHA-256 of record `pk`, or None when there is no such record."""
    record = MarketExploration.objects.filter(pk=pk).first()
    if record is None:
        return None
    return record.sha256, records.computed_sha256(record)
