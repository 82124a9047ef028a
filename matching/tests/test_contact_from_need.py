"""The match list's contact link carries the need, so the provider's e-mail names it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_own_town_contact_link_names_the_need(
    need, parking, municipality_user, other_municipality_user, client_for
):
    link = reverse("catalog:contact", args=[parking.slug])
    page = client_for(municipality_user).get(need.get_absolute_url()).content.decode()
    assert f'href="{link}?vorhaben={need.pk}"' in page
