"""Entering regular operation with marketing consent writes one verified reference."""

import pytest
from django.utils import timezone

from catalog.models import Reference, Solution
from core.services import history_of
from partnerships import services
from partnerships.models import Partnership, Stage
from partnerships.tests.factories import MilestoneFactory

pytestmark = pytest.mark.django_db


def to_evaluation(p, user):
    services.start_rnd(actor=user, partnership=p)
    MilestoneFactory(partnership=p)
    services.start_evaluation(actor=user, partnership=p)
    for criterion in p.criteria.all():
        services.score_criterion(actor=user, criterion=criterion, score=5)


def perform(p, user, consent=True):
    return services.enter_performance(
        actor=user,
        partnership=p,
        procurement_route="negotiated",
        evaluation_decision="Parkleitsystem bewährt",
        marketing_consent=consent,
    )


def test_reference_created_exactly_once_with_draft_solution(partnership, municipality_user):
    to_evaluation(partnership, municipality_user)
    p = perform(partnership, municipality_user)
    p.refresh_from_db()
    solution = Solution.objects.get()
    assert p.solution == solution
    assert solution.provider.organisation == partnership.provider
    reference = Reference.objects.get()
    assert reference.solution == solution
    assert reference.municipality == partnership.municipality.municipality
    assert reference.status == Reference.Status.FROM_PARTNERSHIP
    assert reference.is_verified
    assert reference.year == timezone.localdate().year
    assert "aus Innovationspartnerschaft" in reference.summary
    # Running the reference step again (e.g. a retried request) adds nothing.
    services.add_reference(actor=municipality_user, partnership=p)
    assert Reference.objects.count() == 1
    assert Solution.objects.count() == 1
    actions = [e.action for e in history_of(p)]
    assert actions.count("partnerships.partnership.reference_added") == 1
    # And the partnership cannot enter the performance phase a second time.
    with pytest.raises(Exception):  # noqa: B017 (ValidationError from the state machine)
        perform(Partnership.objects.get(pk=p.pk), municipality_user)
    assert Reference.objects.count() == 1


def test_existing_solution_gets_the_reference(partnership, municipality_user):
    from catalog.services import create_draft_solution

    solution = create_draft_solution(
        provider_org=partnership.provider, title="ParkSense", summary="Parksensoren"
    )
    Partnership.objects.filter(pk=partnership.pk).update(solution=solution)
    partnership.refresh_from_db()
    to_evaluation(partnership, municipality_user)
    perform(partnership, municipality_user)
    assert Solution.objects.count() == 1
    assert list(solution.references.values_list("status", flat=True)) == ["from_partnership"]


def test_no_reference_without_consent(partnership, municipality_user):
    to_evaluation(partnership, municipality_user)
    p = perform(partnership, municipality_user, consent=False)
    assert p.stage == Stage.PERFORMANCE
    assert not Reference.objects.exists()
    assert p.reference_added_at is None
