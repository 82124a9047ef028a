"""The start-up's partnership documents count towards its provider's upload quota (#15 L2,
extended); past it the upload is refused in German and nothing is stored. The town's uploads
do not count against the start-up."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.services import provider_upload_usage
from catalog.tests.factories import ProviderProfileFactory
from partnerships.models import DocumentVersion

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _upload(client, partnership, title, size):
    pdf = PDF + b"%" + b"x" * (size - len(PDF) - 1)
    return client.post(
        f"/partnerschaften/{partnership.pk}/dokumente/",
        {"document-title": title, "document-file": SimpleUploadedFile("p.pdf", pdf)},
        follow=True,
    )


def test_the_start_ups_documents_count_and_past_the_quota_nothing_is_stored(
    client_for, provider_user, municipality_user, partnership, provider_org, settings
):
    settings.PROVIDER_UPLOAD_QUOTA_BYTES = 1000
    profile = ProviderProfileFactory(organisation=provider_org)
    client = client_for(provider_user)
    before = DocumentVersion.objects.count()
    assert "Gespeichert." in _upload(client, partnership, "Zwischenbericht", 800).content.decode()
    assert provider_upload_usage(profile) == 800
    html = _upload(client, partnership, "Schlussbericht", 300).content.decode()
    assert "passt nicht mehr in den Speicher Ihrer Organisation" in html
    assert DocumentVersion.objects.count() == before + 1
    # The town uploads on the same partnership: its file is not the start-up's.
    town = client_for(municipality_user)
    assert "Gespeichert." in _upload(town, partnership, "Protokoll", 900).content.decode()
    assert provider_upload_usage(profile) == 800
