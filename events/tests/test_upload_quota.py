"""A presenter's workshop slides count towards its provider's upload quota (#15 L2, extended):
past it the upload is refused in German and nothing is stored; the office has no quota."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import ProviderProfile
from catalog.services import provider_upload_usage
from events.models import Material

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _slides(size):
    return SimpleUploadedFile("folien.pdf", PDF + b"%" + b"x" * (size - len(PDF) - 1))


def _add(client, workshop, size):
    return client.post(
        f"/veranstaltungen/{workshop.slug}/material/neu/",
        {"title": "Folien", "file": _slides(size)},
    )


def test_slides_count_and_past_the_quota_nothing_is_stored(
    client_for, provider_user, accepted_slot, settings
):
    settings.PROVIDER_UPLOAD_QUOTA_BYTES = 1000
    workshop, provider = accepted_slot.workshop, accepted_slot.provider
    client = client_for(provider_user)
    assert _add(client, workshop, 700).status_code == 302
    assert provider_upload_usage(ProviderProfile.objects.get(pk=provider.pk)) == 700
    response = _add(client, workshop, 400)
    assert response.status_code == 200
    assert (
        "Diese Datei (0,0 MB) passt nicht mehr in den Speicher Ihrer Organisation: "
        "0,0 von 0 MB sind belegt."
    ) in response.content.decode()
    assert Material.objects.filter(workshop=workshop).count() == 1


def test_the_office_adds_slides_without_a_provider_quota(
    client_for, office_user, accepted_slot, settings
):
    settings.PROVIDER_UPLOAD_QUOTA_BYTES = 100
    workshop = accepted_slot.workshop
    assert _add(client_for(office_user), workshop, 700).status_code == 302
    assert provider_upload_usage(accepted_slot.provider) == 0  # not the provider's upload
