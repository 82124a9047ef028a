"""/partnerschaften/ explains innovation partnerships to everyone; only members see theirs."""

import pytest
from django.test import Client

from partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_reads_how_a_partnership_works_but_sees_no_partnership():
    PartnershipFactory(title="Geheime Parkraumpartnerschaft")
    response = Client().get("/partnerschaften/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "So funktioniert eine Innovationspartnerschaft" in html
    assert "Erfüllt die Lösung die Kriterien" in html
    assert (
        '<a href="/konto/login/?next=/partnerschaften/">'
        "Anmelden, um eine Partnerschaft zu beginnen oder Ihre Partnerschaften zu sehen</a>"
    ) in html
    assert "Geheime Parkraumpartnerschaft" not in html


def test_member_sees_the_explanation_and_its_own_partnership(client_for, municipality_user):
    own = PartnershipFactory(
        title="Unsere Parkraumpartnerschaft",
        municipality=municipality_user.memberships.get().organisation,
    )
    PartnershipFactory(title="Fremde Partnerschaft")
    html = client_for(municipality_user).get("/partnerschaften/").content.decode()
    assert "So funktioniert eine Innovationspartnerschaft" in html
    assert f'<a href="{own.get_absolute_url()}">Unsere Parkraumpartnerschaft</a>' in html
    assert "Fremde Partnerschaft" not in html
    assert "Anmelden, um eine Partnerschaft" not in html
