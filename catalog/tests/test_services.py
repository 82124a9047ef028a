import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from catalog import services
from catalog.models import Reference, Solution, Status
from catalog.tests.factories import ProviderProfileFactory, SolutionFactory
from core.services import history_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(provider_org):
    profile = ProviderProfileFactory(organisation=provider_org)
    return SolutionFactory(provider=profile, status=Status.DRAFT)


def test_provider_submits_and_office_publishes_with_log(draft, provider_user, office_user):
    services.transition(draft, Status.SUBMITTED, actor=provider_user)
    solution = services.transition(draft, Status.PUBLISHED, actor=office_user)
    assert solution.status == Status.PUBLISHED
    assert solution.published_at is not None
    assert [(e.from_state, e.to_state) for e in history_of(solution)] == [
        ("submitted", "published"),
        ("draft", "submitted"),
    ]


def test_provider_cannot_publish_own_solution(draft, provider_user):
    services.transition(draft, Status.SUBMITTED, actor=provider_user)
    with pytest.raises(PermissionDenied):
        services.transition(draft, Status.PUBLISHED, actor=provider_user)


def test_other_provider_cannot_submit(draft, other_provider_user):
    with pytest.raises(PermissionDenied):
        services.transition(draft, Status.SUBMITTED, actor=other_provider_user)


def test_draft_cannot_be_published_directly(draft, office_user):
    with pytest.raises(ValidationError):
        services.transition(draft, Status.PUBLISHED, actor=office_user)


def test_request_changes_needs_comment_and_mails_provider(
    draft, provider_user, office_user, mailoutbox, django_capture_on_commit_callbacks
):
    services.transition(draft, Status.SUBMITTED, actor=provider_user)
    with pytest.raises(ValidationError):
        services.transition(draft, Status.CHANGES_REQUESTED, actor=office_user, comment=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(
            draft, Status.CHANGES_REQUESTED, actor=office_user, comment="Bitte Preis angeben"
        )
    mail = [m for m in mailoutbox if provider_user.email in m.to]
    assert mail and "Bitte Preis angeben" in mail[-1].body


def test_visibility_of_drafts(draft, provider_user, other_provider_user, office_user, outsider):
    from django.contrib.auth.models import AnonymousUser

    assert draft in Solution.objects.visible_to(provider_user)
    assert draft in Solution.objects.visible_to(office_user)
    assert draft not in Solution.objects.visible_to(other_provider_user)
    assert draft not in Solution.objects.visible_to(outsider)
    assert draft not in Solution.objects.visible_to(AnonymousUser())


@pytest.mark.parametrize(
    "status", [Reference.Status.FROM_PARTNERSHIP, Reference.Status.FROM_EXPLORATION]
)
def test_an_earned_reference_is_created_once_and_verified(draft, municipality_org, status):
    town = municipality_org.municipality
    first = services.add_earned_reference(
        solution=draft, municipality=town, status=status, year=2026, summary="Pilot"
    )
    again = services.add_earned_reference(
        solution=draft, municipality=town, status=status, year=2026, summary="Pilot"
    )
    assert first.pk == again.pk
    assert first.is_verified
    assert list(Reference.objects.filter(solution=draft).values_list("status", flat=True)) == [
        status
    ]


def test_only_the_named_town_confirms_a_claimed_reference(
    draft, provider_user, municipality_user, other_municipality_user, municipality_org
):
    reference = services.claim_reference(
        actor=provider_user, solution=draft, municipality=municipality_org.municipality, year=2024
    )
    assert not reference.is_verified
    with pytest.raises(PermissionDenied):
        services.decide_reference(actor=other_municipality_user, reference=reference, confirm=True)
    with pytest.raises(PermissionDenied):
        services.decide_reference(actor=provider_user, reference=reference, confirm=True)
    reference = services.decide_reference(
        actor=municipality_user, reference=reference, confirm=True
    )
    assert reference.is_verified


def test_contact_requests_only_from_municipalities_and_rate_limited(
    draft, provider_user, municipality_user, outsider, mailoutbox
):
    provider = draft.provider
    with pytest.raises(PermissionDenied):
        services.send_contact_request(
            actor=outsider, provider=provider, subject="Hallo", message="Test"
        )
    for _ in range(services.CONTACT_LIMIT_PER_HOUR):
        services.send_contact_request(
            actor=municipality_user, provider=provider, subject="Anfrage", message="Test"
        )
    with pytest.raises(ValidationError):
        services.send_contact_request(
            actor=municipality_user, provider=provider, subject="Anfrage", message="Test"
        )
    assert provider.contact_requests.count() == services.CONTACT_LIMIT_PER_HOUR
