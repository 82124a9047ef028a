"""The office's vocabularies page names who proposed a standard, or '–' for seeded ones."""

import re

import pytest
from django.urls import reverse

from catalog.models import Standard

pytestmark = pytest.mark.django_db


def test_standard_rows_name_the_proposer_or_a_dash(provider_org, office_user, client_for):
    Standard.objects.create(name="Zeta-Schnittstelle", proposed_by=provider_org)
    Standard.objects.create(name="Zeta-Norm (gesetzt)", status=Standard.Status.ACCEPTED)
    page = client_for(office_user).get(reverse("catalog:vocabularies")).content.decode()
    rows = dict(
        re.findall(r'<th scope="row">(Zeta-[^<]+)</th><td>[^<]*</td><td>([^<]*)</td>', page)
    )
    assert rows == {"Zeta-Schnittstelle": "ParkSense GmbH", "Zeta-Norm (gesetzt)": "–"}
