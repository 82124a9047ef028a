"""Submitted items are frozen for their provider until the office decides or the provider
withdraws the submission; published items stay published when edited."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from catalog import services
from catalog.forms import SolutionForm
from catalog.models import SolutionImage, Status
from catalog.signals import solution_changed
from catalog.tests.factories import ProviderProfileFactory, SolutionFactory
from catalog.tests.test_files import _image_bytes
from core.models import AuditEntry

pytestmark = pytest.mark.django_db
LOCKED_DE = "Einreichung zurückziehen"
NO_CONTACTS = {"contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0"}


@pytest.fixture
def own(provider_org):
    return ProviderProfileFactory(organisation=provider_org)


@pytest.fixture
def submitted(own):
    solution = SolutionFactory(provider=own, title="Alt", status=Status.SUBMITTED)
    image = SolutionImage(solution=solution, alt_text="Foto")
    image.image.save("f.png", ContentFile(_image_bytes()), save=True)
    return solution


def _edit_data(solution, title):
    return {
        "title": title,
        "summary": solution.summary,
        "topics": [t.pk for t in solution.topics.all()],
        "maturity": solution.maturity,
        "language": "de",
    }


def test_provider_sees_why_a_submitted_solution_cannot_be_edited(
    client_for, provider_user, submitted
):
    c = client_for(provider_user)
    r = c.get(f"/loesungen/{submitted.slug}/bearbeiten/")
    html = r.content.decode()
    assert r.status_code == 200 and "zur Prüfung eingereicht" in html and LOCKED_DE in html
    assert 'name="title"' not in html
    page = c.get(submitted.get_absolute_url()).content.decode()
    assert "/bearbeiten/" not in page and "/loeschen/" not in page and LOCKED_DE in page


def test_every_edit_of_a_submitted_solution_is_refused_unchanged(
    client_for, provider_user, submitted
):
    c = client_for(provider_user)
    image = submitted.images.get()
    responses = [
        c.post(f"/loesungen/{submitted.slug}/bearbeiten/", _edit_data(submitted, "Neu")),
        c.post(
            f"/loesungen/{submitted.slug}/datei/bild/",
            {"alt_text": "x", "image": SimpleUploadedFile("b.png", _image_bytes(), "image/png")},
        ),
        c.post(f"/loesungen/{submitted.slug}/datei/bild/{image.pk}/loeschen/"),
    ]
    assert [r.status_code for r in responses] == [409, 409, 409]
    submitted.refresh_from_db()
    assert submitted.title == "Alt" and submitted.status == Status.SUBMITTED
    assert list(submitted.images.all()) == [image]
    assert not AuditEntry.objects.filter(
        action__in=[
            "catalog.solution.edited",
            "catalog.solution.file_attached",
            "catalog.solution.file_removed",
        ]
    ).exists()


def test_service_refuses_too(provider_user, submitted):
    form = SolutionForm(_edit_data(submitted, "Neu"), instance=submitted)
    assert form.is_valid(), form.errors
    with pytest.raises(ValidationError):
        services.save_solution(actor=provider_user, form=form)


def test_withdraw_unlocks_and_is_audited(client_for, provider_user, office_user, submitted):
    c = client_for(provider_user)
    assert c.post(f"/loesungen/{submitted.slug}/status/", {"to": "draft"}).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.DRAFT
    entry = AuditEntry.objects.get(action="catalog.solution.status_changed", to_state="draft")
    assert (entry.actor, entry.from_state) == (provider_user, "submitted")
    assert (
        "Alt" not in client_for(office_user).get("/geschaeftsstelle/moderation/").content.decode()
    )
    c = client_for(provider_user)
    r = c.post(f"/loesungen/{submitted.slug}/bearbeiten/", _edit_data(submitted, "Neu"))
    assert r.status_code == 302
    submitted.refresh_from_db()
    assert submitted.title == "Neu"


@pytest.mark.parametrize("who", ["outsider", "other_provider_user", "municipality_user"])
def test_others_cannot_withdraw(request, who, submitted):
    c = Client()
    c.force_login(request.getfixturevalue(who))
    assert c.post(f"/loesungen/{submitted.slug}/status/", {"to": "draft"}).status_code == 404
    anonymous = Client().post(f"/loesungen/{submitted.slug}/status/", {"to": "draft"})
    assert anonymous.status_code == 302 and "/konto/login/" in anonymous["Location"]
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_office_may_still_correct_a_submitted_solution(client_for, office_user, submitted):
    r = client_for(office_user).post(
        f"/loesungen/{submitted.slug}/bearbeiten/", _edit_data(submitted, "Korrigiert")
    )
    assert r.status_code == 302
    submitted.refresh_from_db()
    assert submitted.title == "Korrigiert" and submitted.status == Status.SUBMITTED


def test_submitted_profile_is_locked_until_withdrawn(client_for, provider_user, own):
    own.status = Status.SUBMITTED
    own.save()
    c = client_for(provider_user)
    dashboard = c.get("/anbieter/konto/").content.decode()
    assert LOCKED_DE in dashboard and 'href="/anbieter/konto/profil/"' not in dashboard
    assert "zur Prüfung eingereicht" in c.get("/anbieter/konto/profil/").content.decode()
    r = c.post("/anbieter/konto/profil/", {"name": "Neuer Name", **NO_CONTACTS})
    assert r.status_code == 409
    own.refresh_from_db()
    assert own.name != "Neuer Name"
    c.post("/anbieter/konto/profil/status/", {"to": "draft"})
    own.refresh_from_db()
    assert own.status == Status.DRAFT
    assert (
        c.post("/anbieter/konto/profil/", {"name": "Neuer Name", **NO_CONTACTS}).status_code == 302
    )
    own.refresh_from_db()
    assert own.name == "Neuer Name"


def test_editing_a_published_solution_keeps_it_published_and_reindexes(
    client_for, provider_user, own, django_capture_on_commit_callbacks
):
    solution = SolutionFactory(provider=own, title="Live")
    seen = []

    def listener(sender, solution, **kwargs):
        seen.append(solution.pk)

    solution_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            r = client_for(provider_user).post(
                f"/loesungen/{solution.slug}/bearbeiten/", _edit_data(solution, "Live 2")
            )
    finally:
        solution_changed.disconnect(listener)
    assert r.status_code == 302
    solution.refresh_from_db()
    assert (solution.title, solution.status) == ("Live 2", Status.PUBLISHED)
    assert solution.pk in seen


def test_published_solution_cannot_be_withdrawn_to_draft(client_for, provider_user, own):
    solution = SolutionFactory(provider=own)
    client_for(provider_user).post(f"/loesungen/{solution.slug}/status/", {"to": "draft"})
    solution.refresh_from_db()
    assert solution.status == Status.PUBLISHED
