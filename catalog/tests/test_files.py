"""Solution images and PDFs: re-encoding, who sees them, who deletes them."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from catalog.models import SolutionDocument, SolutionImage, Status
from catalog.tests.factories import ProviderProfileFactory, SolutionFactory
from core.models import AuditEntry

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _image_bytes(fmt="PNG", exif=None, size=(40, 30)):
    buf = io.BytesIO()
    image = Image.new("RGB", size, "blue")
    if exif is not None:
        image.save(buf, format=fmt, exif=exif)
    else:
        image.save(buf, format=fmt)
    return buf.getvalue()


def _gps_exif():
    exif = Image.Exif()
    exif[0x010F] = "Kamerahersteller"  # Make
    exif[0x8825] = {1: "N", 2: (50.0, 52.0, 0.0)}  # GPS position
    return exif


@pytest.fixture
def own(provider_org):
    return ProviderProfileFactory(organisation=provider_org)


def _add_image(solution, alt="Sensor am Parkplatz"):
    item = SolutionImage(solution=solution, alt_text=alt)
    item.image.save("bild.png", ContentFile(_image_bytes()), save=True)
    return item


def _add_document(solution, title="Datenblatt"):
    item = SolutionDocument(solution=solution, title=title, size=len(PDF))
    item.file.save("datenblatt.pdf", ContentFile(PDF), save=True)
    return item


def _upload(client, solution, kind, data):
    return client.post(f"/loesungen/{solution.slug}/datei/{kind}/", data)


# --- upload checks (re-encoded with Pillow, like logos) ---


def test_uploaded_jpeg_is_reencoded_without_metadata(client_for, provider_user, own):
    solution = SolutionFactory(provider=own)
    payload = _image_bytes("JPEG", exif=_gps_exif())
    assert Image.open(io.BytesIO(payload)).getexif()  # the upload carries metadata
    r = _upload(
        client_for(provider_user),
        solution,
        "bild",
        {"alt_text": "Sensor", "image": SimpleUploadedFile("foto.jpg", payload, "image/jpeg")},
    )
    assert r.status_code == 302
    stored = solution.images.get().image
    data = stored.read()
    assert b"Kamerahersteller" not in data
    reopened = Image.open(io.BytesIO(data))
    assert reopened.format == "JPEG" and not reopened.getexif()
    assert stored.name.startswith("solutions/images/") and stored.name.endswith(".jpg")


def test_png_with_appended_php_keeps_only_pixels(client_for, provider_user, own):
    solution = SolutionFactory(provider=own)
    payload = _image_bytes() + b"<?php system($_GET['c']); ?>"
    _upload(
        client_for(provider_user),
        solution,
        "bild",
        {"alt_text": "Karte", "image": SimpleUploadedFile("karte.png", payload, "image/png")},
    )
    assert b"<?php" not in solution.images.get().image.read()


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("shell.png", b"<?php system($_GET['c']); ?>", "image/png"),
        (
            "x.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>',
            "image/svg+xml",
        ),
        (
            "x.gif",
            b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
            "image/gif",
        ),
        ("bild.png", PDF, "image/png"),
    ],
)
def test_non_images_and_svg_are_rejected(client_for, provider_user, own, name, content, mime):
    solution = SolutionFactory(provider=own)
    r = _upload(
        client_for(provider_user),
        solution,
        "bild",
        {"alt_text": "x", "image": SimpleUploadedFile(name, content, mime)},
    )
    assert r.status_code == 200 and r.context["form"].errors["image"]
    assert not solution.images.exists()


def test_images_over_10_mb_are_rejected(client_for, provider_user, own):
    solution = SolutionFactory(provider=own)
    big = _image_bytes() + b"\0" * (10 * 1024 * 1024)
    r = _upload(
        client_for(provider_user),
        solution,
        "bild",
        {"alt_text": "x", "image": SimpleUploadedFile("gross.png", big, "image/png")},
    )
    assert "10 MB" in str(r.context["form"].errors["image"])
    assert not solution.images.exists()


def test_alt_text_is_required(client_for, provider_user, own):
    solution = SolutionFactory(provider=own)
    r = _upload(
        client_for(provider_user),
        solution,
        "bild",
        {"image": SimpleUploadedFile("b.png", _image_bytes(), "image/png")},
    )
    assert r.context["form"].errors["alt_text"] and not solution.images.exists()


def test_pdf_upload_stores_size_and_rejects_other_types(client_for, provider_user, own):
    solution = SolutionFactory(provider=own)
    c = client_for(provider_user)
    r = _upload(
        c,
        solution,
        "pdf",
        {"title": "Exe", "file": SimpleUploadedFile("a.pdf", b"MZ\x90\x00", "application/pdf")},
    )
    assert r.status_code == 200 and not solution.documents.exists()
    _upload(
        c,
        solution,
        "pdf",
        {"title": "Datenblatt", "file": SimpleUploadedFile("d.pdf", PDF, "application/pdf")},
    )
    assert solution.documents.get().size == len(PDF)


def test_unknown_file_kind_is_404(client_for, provider_user, own):
    solution = SolutionFactory(provider=own)
    assert (
        client_for(provider_user).get(f"/loesungen/{solution.slug}/datei/exe/").status_code == 404
    )


# --- shown on the solution page, served by a checked view ---


def test_solution_page_shows_images_with_alt_and_pdfs_with_size(client, own):
    solution = SolutionFactory(provider=own)
    image = _add_image(solution)
    document = _add_document(solution)
    html = client.get(solution.get_absolute_url()).content.decode()
    assert f'src="/loesungen/{solution.slug}/datei/bild/{image.pk}/"' in html
    assert 'alt="Sensor am Parkplatz"' in html
    assert f'href="/loesungen/{solution.slug}/datei/pdf/{document.pk}/"' in html
    assert "Datenblatt" in html and "45\xa0Bytes" in html
    assert "loeschen" not in html  # the public gets no delete links


def test_published_files_are_public(client, own):
    solution = SolutionFactory(provider=own)
    image, document = _add_image(solution), _add_document(solution)
    r = client.get(f"/loesungen/{solution.slug}/datei/bild/{image.pk}/")
    assert r.status_code == 200 and r["Content-Type"] == "image/png"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert b"".join(r.streaming_content).startswith(b"\x89PNG")
    r = client.get(f"/loesungen/{solution.slug}/datei/pdf/{document.pk}/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"] == 'attachment; filename="datenblatt.pdf"'


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.ARCHIVED])
def test_files_of_unpublished_solutions_only_for_own_provider_and_office(
    client, client_for, outsider, other_provider_user, municipality_user, provider_user,
    office_user, own, status,
):  # fmt: skip
    solution = SolutionFactory(provider=own, status=status)
    urls = [
        f"/loesungen/{solution.slug}/datei/bild/{_add_image(solution).pk}/",
        f"/loesungen/{solution.slug}/datei/pdf/{_add_document(solution).pk}/",
    ]
    for url in urls:
        assert Client().get(url).status_code == 404
        for user in (outsider, other_provider_user, municipality_user):
            assert client_for(user).get(url).status_code == 404, user
        for user in (provider_user, office_user):
            r = client_for(user).get(url)
            assert r.status_code == 200 and r["Cache-Control"] == "private, no-store"


def test_stored_files_are_not_under_the_public_media_path(own):
    """DEBUG serves MEDIA_ROOT/public/ directly; solution files must never land there."""
    solution = SolutionFactory(provider=own, status=Status.DRAFT)
    assert not _add_image(solution).image.name.startswith("public/")
    assert not _add_document(solution).file.name.startswith("public/")


def test_file_of_another_solution_is_404(client, own):
    solution, other = SolutionFactory(provider=own), SolutionFactory(provider=own)
    draft = SolutionFactory(provider=own, status=Status.DRAFT)
    image = _add_image(draft)
    # A draft's file must not leak through the URL of a published solution.
    assert client.get(f"/loesungen/{other.slug}/datei/bild/{image.pk}/").status_code == 404
    assert client.get(f"/loesungen/{solution.slug}/datei/pdf/{image.pk}/").status_code == 404


# --- deletion ---


def test_provider_deletes_image_after_confirmation_with_audit(
    client_for, provider_user, own, django_capture_on_commit_callbacks
):
    solution = SolutionFactory(provider=own)
    image = _add_image(solution)
    name = image.image.name
    c = client_for(provider_user)
    page = c.get(solution.get_absolute_url()).content.decode()
    url = f"/loesungen/{solution.slug}/datei/bild/{image.pk}/loeschen/"
    assert f'href="{url}"' in page
    confirm = c.get(url)
    assert confirm.status_code == 200 and "Sensor am Parkplatz" in confirm.content.decode()
    assert solution.images.exists()  # a GET deletes nothing
    with django_capture_on_commit_callbacks(execute=True):
        assert c.post(url).status_code == 302
    assert not solution.images.exists() and not default_storage.exists(name)
    entry = AuditEntry.objects.get(action="catalog.solution.file_removed")
    assert entry.actor == provider_user and entry.changes == {"file": "Sensor am Parkplatz"}


def test_office_deletes_a_document(client_for, office_user, own):
    solution = SolutionFactory(provider=own)
    document = _add_document(solution)
    r = client_for(office_user).post(
        f"/loesungen/{solution.slug}/datei/pdf/{document.pk}/loeschen/"
    )
    assert r.status_code == 302 and not solution.documents.exists()


def test_others_cannot_delete_files(
    client, client_for, outsider, other_provider_user, municipality_user, own
):
    solution = SolutionFactory(provider=own)
    image, document = _add_image(solution), _add_document(solution)
    urls = [
        f"/loesungen/{solution.slug}/datei/bild/{image.pk}/loeschen/",
        f"/loesungen/{solution.slug}/datei/pdf/{document.pk}/loeschen/",
    ]
    for url in urls:
        r = Client().post(url)
        assert r.status_code == 302 and "/konto/login/" in r["Location"]
        for user in (outsider, other_provider_user, municipality_user):
            assert client_for(user).post(url).status_code == 404
            assert client_for(user).get(url).status_code == 404
    assert solution.images.exists() and solution.documents.exists()


def test_other_provider_cannot_delete_via_own_solution_url(client_for, other_provider_user, own):
    """B's own solution slug with A's file id: the file is looked up within B's solution."""
    theirs = SolutionFactory(
        provider=ProviderProfileFactory(
            organisation=other_provider_user.memberships.get().organisation
        )
    )
    image = _add_image(SolutionFactory(provider=own))
    r = client_for(other_provider_user).post(
        f"/loesungen/{theirs.slug}/datei/bild/{image.pk}/loeschen/"
    )
    assert r.status_code == 404 and SolutionImage.objects.filter(pk=image.pk).exists()


def test_delete_needs_csrf(provider_user, own):
    solution = SolutionFactory(provider=own)
    image = _add_image(solution)
    c = Client(enforce_csrf_checks=True)
    c.force_login(provider_user)
    assert c.post(f"/loesungen/{solution.slug}/datei/bild/{image.pk}/loeschen/").status_code == 403
    assert solution.images.exists()


@pytest.mark.parametrize("n", [2, 20])
def test_solution_page_query_count_does_not_grow_with_files(
    n, client, own, django_assert_num_queries
):
    solution = SolutionFactory(provider=own)
    for i in range(n):
        SolutionImage.objects.create(
            solution=solution, alt_text=f"Bild {i}", image="solutions/images/x.png"
        )
        SolutionDocument.objects.create(
            solution=solution, title=f"Dok {i}", file="solutions/documents/x.pdf", size=10
        )
    # The page with its similar solutions; the first request after a catalog change also
    # reloads the matching index: warm it up.
    client.get(solution.get_absolute_url())
    with django_assert_num_queries(9):
        assert client.get(solution.get_absolute_url()).status_code == 200
