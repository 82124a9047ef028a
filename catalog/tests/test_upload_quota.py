"""Per-provider upload quota (#15 L2): logo, solution images and PDFs of one provider together
stay under PROVIDER_UPLOAD_QUOTA_BYTES; an upload past it is refused in German and nothing is
stored."""

import io
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalog.models import ProviderProfile, SolutionDocument, SolutionImage
from catalog.services import provider_upload_usage
from catalog.tests.factories import ProviderProfileFactory, SolutionFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(size):
    return PDF + b"%" + b"x" * (size - len(PDF) - 1)


@pytest.fixture
def own(provider_org):
    return ProviderProfileFactory(organisation=provider_org)


@pytest.fixture
def quota(settings):
    settings.PROVIDER_UPLOAD_QUOTA_BYTES = 1000
    return settings.PROVIDER_UPLOAD_QUOTA_BYTES


def _stored_files(settings):
    return sorted(name for _root, _dirs, files in os.walk(settings.MEDIA_ROOT) for name in files)


def _upload_pdf(client, solution, size):
    return client.post(
        f"/loesungen/{solution.slug}/datei/pdf/",
        {"title": "Datenblatt", "file": SimpleUploadedFile("d.pdf", _pdf(size), "application/pdf")},
    )


def test_uploads_up_to_the_quota_are_kept(client_for, provider_user, own, quota):
    solution = SolutionFactory(provider=own)
    client = client_for(provider_user)
    assert _upload_pdf(client, solution, 600).status_code == 302
    assert _upload_pdf(client, solution, 400).status_code == 302
    assert provider_upload_usage(own) == 1000


def test_upload_past_the_quota_is_refused_and_nothing_is_stored(
    client_for, provider_user, own, quota, settings
):
    first, second = SolutionFactory(provider=own), SolutionFactory(provider=own)
    client = client_for(provider_user)
    assert _upload_pdf(client, first, 900).status_code == 302
    files_before = _stored_files(settings)
    response = _upload_pdf(client, second, 200)  # another solution of the same provider
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Diese Datei (0,0 MB) passt nicht mehr in den Speicher Ihrer Organisation: "
        "0,0 von 0 MB sind belegt. Bitte löschen Sie Dateien, die Sie nicht mehr brauchen."
    ) in html
    assert SolutionDocument.objects.filter(solution=second).count() == 0
    assert _stored_files(settings) == files_before


def test_quota_is_per_provider(client_for, provider_user, other_provider_org, own, quota):
    other = ProviderProfileFactory(organisation=other_provider_org)
    SolutionDocument.objects.create(
        solution=SolutionFactory(provider=other), title="Fremd", size=990, file="x.pdf"
    )
    solution = SolutionFactory(provider=own)
    assert _upload_pdf(client_for(provider_user), solution, 900).status_code == 302


def test_images_and_logo_count_too(client_for, provider_user, own, settings):
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), "blue").save(buf, format="PNG")
    item = SolutionImage(solution=SolutionFactory(provider=own), alt_text="Sensor")
    item.image.save("bild.png", ContentFile(buf.getvalue()), save=True)
    own.logo.save("logo.png", ContentFile(buf.getvalue()), save=True)
    assert provider_upload_usage(own) == 2 * len(buf.getvalue())
    settings.PROVIDER_UPLOAD_QUOTA_BYTES = 2 * len(buf.getvalue()) + 10
    response = client_for(provider_user).post(
        f"/loesungen/{item.solution.slug}/datei/bild/",
        {"alt_text": "Noch eins", "image": SimpleUploadedFile("b.png", buf.getvalue())},
    )
    assert response.status_code == 200
    assert "passt nicht mehr in den Speicher Ihrer Organisation" in response.content.decode()
    assert SolutionImage.objects.count() == 1


def test_a_new_logo_over_the_quota_keeps_the_old_one(client_for, provider_user, own, settings):
    settings.PROVIDER_UPLOAD_QUOTA_BYTES = 50
    SolutionDocument.objects.create(
        solution=SolutionFactory(provider=own), title="Voll", size=50, file="voll.pdf"
    )
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buf, format="PNG")
    response = client_for(provider_user).post(
        "/anbieter/konto/profil/",
        {
            "name": own.name,
            "logo": SimpleUploadedFile("logo.png", buf.getvalue(), "image/png"),
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "passt nicht mehr in den Speicher Ihrer Organisation" in response.content.decode()
    assert not ProviderProfile.objects.get(pk=own.pk).logo
