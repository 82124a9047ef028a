"""Security review 2026-12: image bombs (M3), reference-claim spam (L1), text limits (H2)."""

import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog import services
from catalog.forms import reencode_image
from catalog.models import ProviderProfile, Reference, Status
from catalog.tests.factories import ProviderProfileFactory, SolutionFactory
from core.models import Notification

pytestmark = pytest.mark.django_db


def _png_bomb(width, height):
    """A valid 1-bit PNG of zeros: a few KB on disk, width × height pixels once decoded."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + packed bits
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


@pytest.fixture
def own(provider_org):
    return ProviderProfileFactory(organisation=provider_org)


@pytest.mark.parametrize("side", [13000, 7000])
def test_an_image_of_too_many_pixels_is_refused_before_decoding(side, monkeypatch):
    from PIL import ImageFile

    decoded = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: decoded.append(self))
    upload = SimpleUploadedFile("logo.png", _png_bomb(side, side), content_type="image/png")
    with pytest.raises(ValidationError) as error:
        reencode_image(upload, max_bytes=2 * 1024 * 1024, max_side=800, name="logo")
    assert error.value.messages == ["Das Bild hat zu viele Pixel (höchstens 40 Megapixel)."]
    assert decoded == []


def test_a_13000_px_png_logo_gets_a_german_form_error(client_for, provider_user, own):
    bomb = SimpleUploadedFile("logo.png", _png_bomb(13000, 13000), content_type="image/png")
    response = client_for(provider_user).post(
        "/anbieter/konto/profil/",
        {"name": own.name, "website": "https://parksense.example", "logo": bomb,
         "contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "höchstens 40 Megapixel" in response.content.decode()
    assert not ProviderProfile.objects.get(pk=own.pk).logo


def test_a_town_is_claimed_as_reference_once_while_open(
    client_for, provider_user, own, municipality_org, municipality_user
):
    solution = SolutionFactory(provider=own)
    client = client_for(provider_user)
    url = f"/loesungen/{solution.slug}/referenz/"
    for _ in range(3):
        response = client.post(url, {"municipality": municipality_org.municipality.pk})
    assert Reference.objects.count() == 1
    assert Notification.objects.filter(user=municipality_user).count() == 1
    assert "bereits als Referenz genannt" in response.content.decode()


def test_a_rejected_reference_may_be_claimed_again(provider_user, own, municipality_org):
    solution = SolutionFactory(provider=own)
    town = municipality_org.municipality
    first = services.claim_reference(actor=provider_user, solution=solution, municipality=town)
    Reference.objects.filter(pk=first.pk).update(status=Reference.Status.REJECTED)
    services.claim_reference(actor=provider_user, solution=solution, municipality=town)
    assert Reference.objects.filter(status=Reference.Status.CLAIMED).count() == 1


def test_a_newline_in_a_title_does_not_drop_the_office_e_mail(
    own, provider_user, office_user, mailoutbox, django_capture_on_commit_callbacks
):
    solution = SolutionFactory(
        provider=own, title="RT Entwurf\nBcc: attacker@evil.example", status=Status.DRAFT
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(solution, Status.SUBMITTED, actor=provider_user)
    (mail,) = mailoutbox
    assert mail.to == [office_user.email] and mail.bcc == []
    assert (
        mail.subject == "[Smart Region Marktplatz] Zur Prüfung eingereicht: RT Entwurf "
        "Bcc: attacker@evil.example"
    )
