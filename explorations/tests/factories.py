"""Records made directly (without running a search), sealed like the services seal them."""

from django.utils import timezone

from explorations import records
from explorations.models import ExplorationEntry, MarketExploration


def make_record(organisation, user, solutions, *, closed=False, **fields):
    now = timezone.now().replace(microsecond=0)
    record = MarketExploration.objects.create(
        organisation=organisation,
        source=MarketExploration.Source.SEARCH,
        frozen_at=now,
        frozen_by=user,
        frozen_by_name=user.email,
        filters_text="Alle veröffentlichten Lösungen",
        status=MarketExploration.Status.CLOSED if closed else MarketExploration.Status.OPEN,
        closed_at=now if closed else None,
        closed_by_name=user.email if closed else "",
        **fields,
    )
    for number, solution in enumerate(solutions, start=1):
        ExplorationEntry.objects.create(
            exploration=record,
            position=number,
            solution=solution,
            provider=solution.provider,
            snapshot=records.snapshot_of(solution),
            fits=True,
            reasons=["entspricht den Suchbegriffen und allen gewählten Filtern"],
        )
    record.sha256 = records.computed_sha256(record)
    record.save(update_fields=["sha256"])
    return record
