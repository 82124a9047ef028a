"""The provider's consent to open its texts (CC BY 4.0): off by default, set on the profile."""

import pytest

from catalog.exchange import export_catalog
from catalog.tests.factories import ProviderProfileFactory, SolutionFactory

pytestmark = pytest.mark.django_db
NO_CONTACTS = {"contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0"}


def test_consent_is_off_by_default_and_set_by_the_provider(client_for, provider_user, provider_org):
    profile = ProviderProfileFactory(organisation=provider_org)
    assert profile.open_data_consent is False
    c = client_for(provider_user)
    page = c.get("/anbieter/konto/profil/").content.decode()
    assert 'name="open_data_consent"' in page and "CC BY 4.0" in page
    assert "Unsere Texte als offene Daten veröffentlichen (CC BY 4.0)" in page
    c.post("/anbieter/konto/profil/", {"name": profile.name, "open_data_consent": "on",
                                        **NO_CONTACTS})  # fmt: skip
    profile.refresh_from_db()
    assert profile.open_data_consent is True
    c.post("/anbieter/konto/profil/", {"name": profile.name, **NO_CONTACTS})
    profile.refresh_from_db()
    assert profile.open_data_consent is False


def test_exchange_export_keeps_every_text():
    """Consent concerns the open dataset only; export_catalog for exchange stays complete."""
    SolutionFactory(provider=ProviderProfileFactory(description="Profiltext"), description="Lang")
    document = export_catalog()
    assert document["providers"][0]["description"] == "Profiltext"
    assert document["solutions"][0]["description"] == "Lang"
