"""Security review 2026-12, L7: a material named .html whose bytes start with %PDF passed the
content check and was served as text/html. Name and type now follow the checked content."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from events import services

pytestmark = pytest.mark.django_db
PDF_HEADED_HTML = b"%PDF-1.4\n<html><body><h1>Folien</h1><script>alert(1)</script></body></html>"


def test_an_html_named_pdf_is_stored_and_served_as_pdf(client_for, workshop, office_user):
    upload = SimpleUploadedFile("folien.html", PDF_HEADED_HTML, content_type="text/html")
    material = services.add_material(
        actor=office_user, workshop=workshop, title="Folien", file=upload, published=True
    )
    assert material.file.name.endswith("/folien.pdf")
    response = client_for(office_user).get(
        f"/veranstaltungen/{workshop.slug}/material/{material.pk}/"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="folien.pdf"'


def test_a_stored_html_name_is_served_as_pdf_too(client_for, workshop, office_user):
    from events.models import Material

    material = Material.objects.create(
        workshop=workshop,
        title="Alt",
        file=SimpleUploadedFile("alt.html", PDF_HEADED_HTML),
        published=True,
    )
    response = client_for(office_user).get(
        f"/veranstaltungen/{workshop.slug}/material/{material.pk}/"
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="alt.pdf"'
