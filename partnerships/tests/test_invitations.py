"""M5: an invited provider is a partner only after accepting; the invitation list tells
organisations of the same name apart."""

import pytest
from django.core.files.base import ContentFile

from accounts.tests.factories import ProviderOrgFactory
from catalog.models import Status
from catalog.tests.factories import ProviderProfileFactory
from core.models import Notification
from partnerships.models import Document, DocumentVersion, Stage
from partnerships.tests.factories import BudgetLineFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(municipality_org, provider_org):
    """Bad Hersfeld invited ParkSense; ParkSense has not accepted (yet)."""
    p = PartnershipFactory(
        municipality=municipality_org, provider=provider_org, provider_accepted_at=None,
        title="Parkleitsystem", problem="Geheimer Suchverkehr am Marktplatz",
    )  # fmt: skip
    BudgetLineFactory(partnership=p, description="Bodensensoren")
    document = Document.objects.create(partnership=p, title="Vertragsentwurf")
    version = DocumentVersion(
        document=document, number=1, original_name="entwurf.pdf",
        content_type="application/pdf", size=8,
    )  # fmt: skip
    version.file.save("entwurf.pdf", ContentFile(b"%PDF-1.4"), save=True)
    p.version = version
    return p


def test_invited_provider_sees_only_title_and_town(invited, provider_user, client_for):
    client = client_for(provider_user)
    html = client.get(f"/partnerschaften/{invited.pk}/").content.decode()
    assert "Parkleitsystem" in html and "Bad Hersfeld" in html
    assert "Geheimer Suchverkehr" not in html
    assert "Bodensensoren" not in html
    assert "Vertragsentwurf" not in html
    assert f"/partnerschaften/{invited.pk}/annehmen/" in html
    assert f"/partnerschaften/{invited.pk}/ablehnen/" in html
    version = invited.version
    response = client.get(f"/partnerschaften/{invited.pk}/dokumente/{version.pk}/")
    assert response.status_code == 404
    listing = client.get("/partnerschaften/").content.decode()
    assert "Einladungen an Ihre Organisation" in listing
    assert f'href="/partnerschaften/{invited.pk}/"' in listing


def test_invited_provider_cannot_end_or_upload(invited, provider_user, client_for):
    client = client_for(provider_user)
    response = client.post(f"/partnerschaften/{invited.pk}/phase/beenden/", {"reason": "weg"})
    assert response.status_code == 404
    response = client.post(
        f"/partnerschaften/{invited.pk}/dokumente/",
        {"document-title": "x", "document-file": ContentFile(b"%PDF-1.4", name="x.pdf")},
    )
    assert response.status_code == 404
    invited.refresh_from_db()
    assert invited.stage == Stage.INITIATION
    assert invited.documents.count() == 1


def test_after_accepting_the_provider_is_a_partner(invited, provider_user, client_for):
    client = client_for(provider_user)
    response = client.post(f"/partnerschaften/{invited.pk}/annehmen/")
    assert response.status_code == 302
    html = client.get(f"/partnerschaften/{invited.pk}/").content.decode()
    assert "Geheimer Suchverkehr" in html and "Bodensensoren" in html
    response = client.post(f"/partnerschaften/{invited.pk}/phase/beenden/", {"reason": "Ende"})
    invited.refresh_from_db()
    assert invited.stage == Stage.TERMINATED


def test_declining_frees_the_partnership_and_tells_the_town(
    invited, provider_user, municipality_user, client_for
):
    response = client_for(provider_user).post(f"/partnerschaften/{invited.pk}/ablehnen/")
    assert response["Location"] == "/partnerschaften/"
    invited.refresh_from_db()
    assert invited.provider is None
    assert Notification.objects.filter(user=municipality_user, kind="partnership.declined")
    assert client_for(provider_user).get(f"/partnerschaften/{invited.pk}/").status_code == 404


def test_the_town_and_others_cannot_accept_or_decline(
    invited, municipality_user, other_provider_user, client_for
):
    assert (
        client_for(municipality_user).post(f"/partnerschaften/{invited.pk}/ablehnen/").status_code
        == 403
    )
    client = client_for(other_provider_user)
    assert client.post(f"/partnerschaften/{invited.pk}/annehmen/").status_code == 404
    invited.refresh_from_db()
    assert invited.provider_accepted_at is None


def test_same_named_providers_are_told_apart_in_the_invitation_list(
    provider_org, municipality_user, client_for
):
    ProviderProfileFactory(organisation=provider_org, city="Bad Hersfeld", status=Status.PUBLISHED)
    ProviderOrgFactory(name="ParkSense GmbH")  # an imposter, no profile
    html = client_for(municipality_user).get("/partnerschaften/neu/").content.decode()
    assert "ParkSense GmbH — Bad Hersfeld, registriert am " in html
    assert ", Profil von der Geschäftsstelle geprüft</option>" in html
    assert "ParkSense GmbH — Ort nicht angegeben, registriert am " in html
    assert ", Profil nicht geprüft</option>" in html


@pytest.mark.parametrize("rows", [2, 20])
def test_invitation_page_query_count_constant(
    rows, invited, provider_user, client_for, django_assert_num_queries
):
    for n in range(rows):
        BudgetLineFactory(partnership=invited, description=f"Posten {n}")
    client = client_for(provider_user)
    client.get(f"/partnerschaften/{invited.pk}/")  # session and memberships warmed up
    with django_assert_num_queries(6):
        assert client.get(f"/partnerschaften/{invited.pk}/").status_code == 200
