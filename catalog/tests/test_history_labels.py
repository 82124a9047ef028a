"""The office's history of a solution or provider profile (catalog/_partials/history.html)
speaks German: the label of each audit code (core.audit.LABELS), the states' names and the
changed fields' names — never the code ("catalog.solution.status_changed") or a raw state."""

import html as entities
import re

import pytest
from django.test import Client
from django.utils import translation

from catalog import services
from catalog.forms import SolutionForm
from catalog.models import Solution, Status
from catalog.tests.factories import ProviderProfileFactory, SolutionFactory

pytestmark = pytest.mark.django_db


def history_rows(page):
    table = page.split('id="history"', 1)[1].split("</table>", 1)[0]
    cells = re.findall(r"<tr><td>.*?</td><td>.*?</td><td>(.*?)</td>", table)
    return [entities.unescape(cell) for cell in cells]


def german(value):
    with translation.override("de"):
        return str(value)


@pytest.fixture
def moderated(provider_org, provider_user, office_user):
    """A draft, submitted by the provider, published by the office, then changed."""
    solution = SolutionFactory(
        provider=ProviderProfileFactory(organisation=provider_org), status=Status.DRAFT
    )
    services.transition(solution, Status.SUBMITTED, actor=provider_user)
    services.transition(solution, Status.PUBLISHED, actor=office_user)
    data = {
        "title": solution.title,
        "summary": solution.summary,
        "topics": [t.pk for t in solution.topics.all()],
        "maturity": solution.maturity,
        "language": solution.language,
        "price_model": "Miete pro Sensor",
    }
    form = SolutionForm(data, instance=solution)
    assert form.is_valid(), form.errors
    services.save_solution(actor=office_user, form=form)
    return solution


def test_the_office_reads_german_labels_and_state_names(moderated, client_for, office_user):
    page = client_for(office_user).get(moderated.get_absolute_url()).content.decode()
    draft, submitted, published = (
        german(s.label) for s in (Status.DRAFT, Status.SUBMITTED, Status.PUBLISHED)
    )
    price_model = german(Solution._meta.get_field("price_model").verbose_name)
    assert history_rows(page) == [
        f"Lösung geändert ({price_model})",
        f"Status der Lösung geändert: {submitted} → {published}",
        f"Status der Lösung geändert: {draft} → {submitted}",
    ]
    assert (draft, submitted) == ("Entwurf", "Eingereicht")
    assert "catalog.solution" not in page
    assert "submitted →" not in page and "price_model" not in page


def test_the_provider_profile_history_is_german_too(
    client_for, office_user, provider_user, provider_org
):
    profile = ProviderProfileFactory(organisation=provider_org, status=Status.DRAFT)
    services.transition(profile, Status.SUBMITTED, actor=provider_user)
    page = client_for(office_user).get(profile.get_absolute_url()).content.decode()
    submitted = german(Status.SUBMITTED.label)
    assert history_rows(page) == [
        f"Status des Anbieterprofils geändert: {german(Status.DRAFT.label)} → {submitted}"
    ]
    assert "catalog.provider" not in page


def test_only_the_office_sees_the_history(moderated, provider_user):
    client = Client()
    client.force_login(provider_user)
    page = client.get(moderated.get_absolute_url()).content.decode()
    assert 'id="history"' not in page and "Status der Lösung geändert" not in page


def test_an_earned_reference_shows_the_references_state_in_german(
    moderated, client_for, office_user
):
    from accounts.tests.factories import MunicipalityFactory
    from catalog.models import Reference

    town = MunicipalityFactory()
    services.add_earned_reference(
        solution=moderated,
        municipality=town,
        status=Reference.Status.FROM_PARTNERSHIP,
        year=2026,
        summary="Pilot",
    )
    page = client_for(office_user).get(moderated.get_absolute_url()).content.decode()
    earned = german(Reference.Status.FROM_PARTNERSHIP.label)
    assert earned == "Aus einer Innovationspartnerschaft"
    assert history_rows(page)[0].endswith(f"→ {earned}")
    assert "from_partnership" not in page
