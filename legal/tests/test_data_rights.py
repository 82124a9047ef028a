"""Meine Daten: export everything about oneself, delete one's account; the office on request."""

import io
import json
import zipfile

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models.functions import Cast

from accounts.models import Invitation, Membership, User
from accounts.services import invite_member
from accounts.tests.factories import member_of
from catalog.services import send_contact_request
from catalog.tests.factories import ProviderProfileFactory
from core.models import AuditEntry, Notification
from events import services as events
from events.models import Registration
from events.tests.factories import WorkshopFactory
from legal import data_rights
from matching.models import Need, SavedSearch
from partnerships import services as partnerships

PASSWORD = "Sicheres-Passwort-2026"  # the factories' password
NAME, EMAIL = "Paula Piepenbrink", "paula.piepenbrink@bad-hersfeld.example"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def paula(municipality_org, municipality_user):
    """An editor of the town (its admin is municipality_user) with data in every app."""
    return member_of(municipality_org, role=Membership.Role.EDITOR, email=EMAIL, name=NAME)


@pytest.fixture
def world(paula, municipality_org, municipality_user, provider_org, provider_user, on_commit):
    with on_commit(execute=True):
        Need.objects.create(
            organisation=municipality_org, author=paula, title="Radwege zählen",
            description=f"Ansprechpartnerin: {NAME}",
        )  # fmt: skip
        profile = ProviderProfileFactory(organisation=provider_org)
        send_contact_request(
            actor=paula, provider=profile, subject="Parksensoren für den Markt", message="Hallo"
        )
        workshop = WorkshopFactory(title="Klimaanpassung")
        events.register(actor=paula, workshop=workshop)
        events.ask_question(actor=paula, workshop=workshop, text="Was kostet der Betrieb?")
        SavedSearch.objects.create(user=paula, name="Parken in Osthessen", query="q=parken")
        SavedSearch.objects.create(user=provider_user, name="Fremde Suche", query="q=wasser")
        partnership = partnerships.create_partnership(
            actor=paula, municipality=municipality_org, title="Parken digital"
        )
        partnerships.upload_document(
            actor=paula, partnership=partnership, title="Protokoll",
            upload=SimpleUploadedFile("protokoll-paula.pdf", PDF + b"paula", "application/pdf"),
        )  # fmt: skip
        partnerships.upload_document(
            actor=municipality_user, partnership=partnership, title="Fremdes Dokument",
            upload=SimpleUploadedFile("fremd.pdf", PDF + b"fremd", "application/pdf"),
        )  # fmt: skip
        Notification.objects.create(user=provider_user, subject="Nur für Alice")
        invite_member(actor=municipality_user, organisation=municipality_org, email=EMAIL)
    return {"partnership": partnership, "workshop": workshop}


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def _open(content):
    archive = zipfile.ZipFile(io.BytesIO(content))
    return archive, json.loads(archive.read("daten.json"))


def test_export_zip_holds_the_persons_data_and_uploads_and_no_one_elses(
    world, paula, provider_user, municipality_user, client_for
):
    response = client_for(paula).get("/konto/meine-daten/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive, data = _open(response.content)

    assert data["account"]["email"] == EMAIL and data["account"]["name"] == NAME
    assert [m["organisation"]["label"] for m in data["accounts.membership"]] == ["Bad Hersfeld"]
    assert [n["title"] for n in data["matching.need"]] == ["Radwege zählen"]
    assert [c["subject"] for c in data["catalog.contactrequest"]] == ["Parksensoren für den Markt"]
    assert [r["workshop"]["label"] for r in data["events.registration"]] == ["Klimaanpassung"]
    assert [q["text"] for q in data["events.question"]] == ["Was kostet der Betrieb?"]
    assert [s["name"] for s in data["matching.savedsearch"]] == ["Parken in Osthessen"]
    assert {n["subject"] for n in data["core.notification"]} == set(
        Notification.objects.filter(user=paula).values_list("subject", flat=True)
    )
    assert {e["action"] for e in data["core.auditentry"]} >= {
        "partnerships.partnership.created",
        "events.question.asked",
    }
    assert [i["email"] for i in data["invitations to your address"]] == [EMAIL]
    assert "token" not in data["invitations to your address"][0]

    files = [n for n in archive.namelist() if n.startswith("uploads/")]
    assert len(files) == 1 and files[0].startswith("uploads/partnerships.documentversion/")
    assert archive.read(files[0]) == PDF + b"paula"

    text = archive.read("daten.json").decode()
    for foreign in ("Fremde Suche", "Nur für Alice", "Fremdes Dokument", provider_user.email,
                    municipality_user.email, municipality_user.name, paula.password):  # fmt: skip
        assert foreign not in text, foreign


def _rows_mentioning(*needles):
    """Every row of every table whose text, char or JSON column contains one of the needles."""
    found = []
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if not isinstance(f, models.CharField | models.TextField | models.JSONField):
                continue
            rows = model._base_manager.annotate(_text=Cast(f.name, models.TextField()))
            for needle in needles:
                variants = {needle, json.dumps(needle)[1:-1]}
                for variant in variants:
                    hits = rows.filter(_text__icontains=variant)
                    found += [
                        (model._meta.label, f.name, pk) for pk in hits.values_list("pk", flat=True)
                    ]
    return found


def test_deleting_the_account_leaves_no_personal_data_but_keeps_the_decision_log(
    world, paula, municipality_user, provider_user, client_for
):
    assert _rows_mentioning(NAME, EMAIL)  # the scan finds her before
    client = client_for(paula)
    response = client.post("/konto/meine-daten/loeschen/", {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/konto/").status_code == 302  # signed out

    assert _rows_mentioning(NAME, EMAIL) == []
    pseudonym = User.objects.get(pk=paula.pk)
    assert pseudonym.name.startswith("Gelöschte Person ")
    assert not pseudonym.is_active and not pseudonym.has_usable_password()

    # Content of the organisations stays, now by the pseudonym.
    need = Need.objects.get(title="Radwege zählen")
    assert need.author == pseudonym and need.description == f"Ansprechpartnerin: {pseudonym.name}"
    assert world["partnership"].documents.count() == 2
    # Only her own things went; her seat at the coming workshop is free again.
    assert not Membership.objects.filter(user=pseudonym).exists()
    assert not SavedSearch.objects.filter(user=pseudonym).exists()
    assert not Notification.objects.filter(user=pseudonym).exists()
    assert not Invitation.objects.exists()
    assert Registration.objects.get(user=pseudonym).status == Registration.Status.CANCELLED
    assert SavedSearch.objects.filter(user=provider_user).count() == 1

    page = client_for(municipality_user).get(f"/partnerschaften/{world['partnership'].pk}/")
    assert page.status_code == 200
    log = page.content.decode()
    assert pseudonym.name in log and NAME not in log
    assert AuditEntry.objects.filter(
        actor=pseudonym, action="partnerships.partnership.created"
    ).exists()


def test_signing_in_after_deletion_fails(world, paula, client):
    data_rights.erase_person(actor=paula, person=paula, password=PASSWORD)
    assert not client.login(email=EMAIL, password=PASSWORD)


def test_wrong_password_changes_nothing(world, paula, client_for):
    response = client_for(paula).post("/konto/meine-daten/loeschen/", {"password": "falsch"})
    assert response.status_code == 200
    assert "Das Passwort ist nicht korrekt." in response.content.decode()
    paula.refresh_from_db()
    assert paula.email == EMAIL and paula.erased_at is None
    assert Membership.objects.filter(user=paula).count() == 1


def test_last_admin_must_hand_over_first(provider_user, provider_org, client_for):
    response = client_for(provider_user).post(
        "/konto/meine-daten/loeschen/", {"password": PASSWORD}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "Sie sind die letzte Administratorin oder der letzte Administrator von „ParkSense GmbH“"
        in page
    )
    provider_user.refresh_from_db()
    assert provider_user.erased_at is None and provider_user.is_active
    assert Membership.objects.filter(user=provider_user, organisation=provider_org).exists()

    member_of(provider_org, email="zweite@parksense.example")  # a second admin
    response = client_for(provider_user).post(
        "/konto/meine-daten/loeschen/", {"password": PASSWORD}
    )
    assert response.status_code == 302
    assert User.objects.get(pk=provider_user.pk).erased_at is not None


def test_office_exports_and_deletes_on_request_and_both_are_audited(
    world, paula, office_user, client_for
):
    client = client_for(office_user)
    lookup = client.get("/geschaeftsstelle/personen/", {"email": EMAIL.upper()})
    assert NAME in lookup.content.decode()

    url = f"/geschaeftsstelle/personen/{paula.pk}/"
    response = client.post(url + "export/", {"reason": "Brief vom 3. Dezember"})
    assert response.status_code == 200
    _archive, data = _open(response.content)
    assert data["account"]["email"] == EMAIL

    response = client.post(url + "loeschen/", {"reason": "Brief vom 3. Dezember"})
    assert response.status_code == 302
    entries = AuditEntry.objects.filter(
        object_id=str(paula.pk), content_type__model="user"
    ).order_by("pk")
    assert [(e.action, e.actor, e.comment) for e in entries] == [
        ("legal.person.data_exported", office_user, "Brief vom 3. Dezember"),
        ("legal.person.erased", office_user, "Brief vom 3. Dezember"),
    ]
    assert User.objects.get(pk=paula.pk).erased_at is not None


def test_office_actions_need_a_request_note(world, paula, office_user, client_for):
    client = client_for(office_user)
    response = client.post(f"/geschaeftsstelle/personen/{paula.pk}/loeschen/", {"reason": ""})
    assert response.status_code == 200
    assert User.objects.get(pk=paula.pk).erased_at is None
    assert not AuditEntry.objects.filter(action__startswith="legal.person.").exists()


def test_others_cannot_export_or_erase_someone(paula, municipality_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        data_rights.export_personal_data(actor=municipality_user, person=paula)
    with pytest.raises(PermissionDenied):
        data_rights.erase_person(actor=municipality_user, person=paula)
    assert User.objects.get(pk=paula.pk).erased_at is None


def test_account_page_links_to_my_data(paula, client_for):
    page = client_for(paula).get("/konto/").content.decode()
    assert 'href="/konto/meine-daten/"' in page
    page = client_for(paula).get("/konto/meine-daten/").content.decode()
    assert 'href="/konto/meine-daten/export/"' in page
    assert 'href="/konto/meine-daten/loeschen/"' in page


@pytest.mark.parametrize("organisations", [2, 20])
def test_office_lookup_query_count_does_not_grow_with_memberships(
    organisations, office_user, client_for, django_assert_num_queries
):
    from accounts.tests.factories import MembershipFactory, UserFactory

    person = UserFactory(email=EMAIL)
    for _ in range(organisations):
        MembershipFactory(user=person)
    client = client_for(office_user)
    client.get("/konto/")  # session and user loaded once before counting
    with django_assert_num_queries(6):
        response = client.get("/geschaeftsstelle/personen/", {"email": EMAIL})
    assert response.content.decode().count("(Administrator, Aktiv)") == organisations
