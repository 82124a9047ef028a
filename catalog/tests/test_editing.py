import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from catalog.models import ContactRequest, Solution, Standard, Status, Topic
from catalog.tests.factories import ProviderProfileFactory, SolutionFactory
from core.models import AuditEntry

pytestmark = pytest.mark.django_db
# The profile form carries the contact persons formset; these posts leave it empty.
NO_CONTACTS = {"contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0"}


@pytest.fixture
def own(provider_org):
    return ProviderProfileFactory(organisation=provider_org)


@pytest.fixture
def foreign(other_provider_org):
    return ProviderProfileFactory(organisation=other_provider_org)


def _png():
    buf = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buf, format="PNG")
    return buf.getvalue()


def test_member_of_a_cannot_edit_b_solution_by_direct_url(client_for, provider_user, foreign):
    solution = SolutionFactory(provider=foreign, title="Fremd")
    c = client_for(provider_user)
    for name in ("solution_edit",):
        assert c.get(f"/loesungen/{solution.slug}/bearbeiten/").status_code == 404, name
    r = c.post(f"/loesungen/{solution.slug}/bearbeiten/", {"title": "Gekapert"})
    assert r.status_code == 404
    assert c.post(f"/loesungen/{solution.slug}/status/", {"to": "archived"}).status_code == 404
    assert c.get(f"/loesungen/{solution.slug}/datei/bild/").status_code == 404
    solution.refresh_from_db()
    assert solution.title == "Fremd" and solution.status == Status.PUBLISHED


def test_profile_edit_only_touches_own_profile(client_for, provider_user, own, foreign):
    r = client_for(provider_user).post(
        "/anbieter/konto/profil/", {"name": "Neuer Name", "size_band": "", **NO_CONTACTS}
    )
    assert r.status_code == 302
    own.refresh_from_db(), foreign.refresh_from_db()
    assert own.name == "Neuer Name" and foreign.name != "Neuer Name"


@pytest.mark.parametrize("who", ["client", "municipality_user", "outsider"])
def test_non_providers_get_no_dashboard_or_editing(request, client, client_for, who):
    c = client if who == "client" else client_for(request.getfixturevalue(who))
    for url in ("/anbieter/konto/", "/anbieter/konto/profil/", "/anbieter/konto/loesungen/neu/"):
        assert c.get(url).status_code == (302 if who == "client" else 403), url


def test_create_submit_and_office_approves_with_mail(
    client_for, provider_user, office_user, own, django_capture_on_commit_callbacks
):
    c = client_for(provider_user)
    r = c.post(
        "/anbieter/konto/loesungen/neu/",
        {
            "title": "Sensor",
            "summary": "Kurz.",
            "topics": [Topic.objects.get(slug="wasser").pk],
            "maturity": "pilot",
            "language": "de",
        },
    )
    assert r.status_code == 302, r.content
    solution = Solution.objects.get(title="Sensor")
    assert solution.status == Status.DRAFT and solution.provider == own
    c.post(f"/loesungen/{solution.slug}/status/", {"to": "submitted"})
    solution.refresh_from_db()
    assert solution.status == Status.SUBMITTED

    office = client_for(office_user)
    assert "Sensor" in office.get("/geschaeftsstelle/moderation/").content.decode()
    mail.outbox.clear()
    office.post(
        f"/geschaeftsstelle/moderation/loesung/{solution.pk}/", {"action": "changes", "comment": ""}
    )
    solution.refresh_from_db()
    assert solution.status == Status.SUBMITTED  # requesting changes needs a comment
    with django_capture_on_commit_callbacks(execute=True):
        office.post(
            f"/geschaeftsstelle/moderation/loesung/{solution.pk}/",
            {"action": "changes", "comment": "Bitte Preis ergänzen"},
        )
    solution.refresh_from_db()
    assert solution.status == Status.CHANGES_REQUESTED
    assert any("Bitte Preis ergänzen" in m.body for m in mail.outbox)
    c.post(f"/loesungen/{solution.slug}/status/", {"to": "submitted"})
    office.post(f"/geschaeftsstelle/moderation/loesung/{solution.pk}/", {"action": "approve"})
    solution.refresh_from_db()
    assert solution.status == Status.PUBLISHED and solution.published_at
    assert AuditEntry.objects.filter(action="catalog.solution.status_changed").count() >= 4


def test_providers_cannot_moderate(client_for, provider_user, own):
    solution = SolutionFactory(provider=own, status=Status.SUBMITTED)
    c = client_for(provider_user)
    assert c.get("/geschaeftsstelle/moderation/").status_code == 403
    r = c.post(f"/geschaeftsstelle/moderation/loesung/{solution.pk}/", {"action": "approve"})
    assert r.status_code == 403
    solution.refresh_from_db()
    assert solution.status == Status.SUBMITTED


def test_php_renamed_png_is_rejected_as_logo_and_image(client_for, provider_user, own):
    c = client_for(provider_user)
    php = b"<?php system($_GET['c']); ?>"
    r = c.post(
        "/anbieter/konto/profil/",
        {"name": own.name, "logo": SimpleUploadedFile("x.png", php, "image/png"), **NO_CONTACTS},
    )
    assert r.status_code == 200 and r.context["form"].errors["logo"]
    own.refresh_from_db()
    assert not own.logo
    solution = SolutionFactory(provider=own)
    r = c.post(
        f"/loesungen/{solution.slug}/datei/bild/",
        {"alt_text": "x", "image": SimpleUploadedFile("x.png", php, "image/png")},
    )
    assert r.status_code == 200 and not solution.images.exists()


def test_logo_is_reencoded(client_for, provider_user, own):
    payload = _png() + b"<?php echo 1; ?>"
    r = client_for(provider_user).post(
        "/anbieter/konto/profil/",
        {
            "name": own.name,
            "logo": SimpleUploadedFile("l.png", payload, "image/png"),
            **NO_CONTACTS,
        },
    )
    assert r.status_code == 302
    own.refresh_from_db()
    assert b"<?php" not in own.logo.read()


def test_svg_logo_rejected(client_for, provider_user, own):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    r = client_for(provider_user).post(
        "/anbieter/konto/profil/",
        {
            "name": own.name,
            "logo": SimpleUploadedFile("l.svg", svg, "image/svg+xml"),
            **NO_CONTACTS,
        },
    )
    assert r.status_code == 200
    own.refresh_from_db()
    assert not own.logo


def test_contact_request_stored_mailed_and_rate_limited(
    client_for, municipality_user, provider_user, own, django_capture_on_commit_callbacks
):
    solution = SolutionFactory(provider=own)
    c = client_for(municipality_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(12):
            c.post(
                f"/loesungen/{solution.slug}/kontakt/",
                {"subject": f"Frage {i}", "message": "Hallo"},
            )
    assert ContactRequest.objects.count() == 10
    assert any(provider_user.email in m.to for m in mail.outbox)
    assert "Frage 0" in client_for(provider_user).get("/anbieter/konto/").content.decode()


def test_only_municipality_members_can_contact(client_for, client, other_provider_user, own):
    solution = SolutionFactory(provider=own)
    url = f"/loesungen/{solution.slug}/kontakt/"
    assert (
        client_for(other_provider_user).post(url, {"subject": "a", "message": "b"}).status_code
        == 403
    )
    assert Client().get(url).status_code == 302  # anonymous: to the login
    assert not ContactRequest.objects.exists()


@pytest.mark.parametrize("n", [2, 20])
def test_dashboard_and_queue_query_counts_are_flat(
    n, client_for, provider_user, office_user, own, django_assert_num_queries
):
    for _ in range(n):
        SolutionFactory(provider=own, status=Status.SUBMITTED)
    c = client_for(provider_user)
    with django_assert_num_queries(8):
        assert c.get("/anbieter/konto/").status_code == 200
    o = client_for(office_user)
    o.get("/geschaeftsstelle/moderation/")  # per-process caches (content types) warmed up
    with django_assert_num_queries(6):
        assert o.get("/geschaeftsstelle/moderation/").status_code == 200


def test_provider_submits_profile_and_proposes_standard(client_for, provider_user, own):
    own.status = Status.DRAFT
    own.save()
    c = client_for(provider_user)
    c.post("/anbieter/konto/profil/status/", {"to": "submitted"})
    c.post("/anbieter/konto/standard/", {"name": "OParl 1.1"})
    own.refresh_from_db()
    assert own.status == Status.SUBMITTED
    standard = Standard.objects.get(name="OParl 1.1")
    assert standard.status == Standard.Status.PROPOSED and standard.proposed_by == own.organisation


def test_sender_sees_own_contact_requests_only(
    client_for, municipality_user, other_municipality_user, own
):
    solution = SolutionFactory(provider=own)
    client_for(municipality_user).post(
        f"/loesungen/{solution.slug}/kontakt/", {"subject": "Meine Frage", "message": "Hallo"}
    )
    assert "Meine Frage" in client_for(municipality_user).get("/kontaktanfragen/").content.decode()
    other = client_for(other_municipality_user).get("/kontaktanfragen/").content.decode()
    assert "Meine Frage" not in other
