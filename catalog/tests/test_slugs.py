"""Provider slugs never take a fixed path under /anbieter/."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import URLResolver, get_resolver

from accounts.tests.factories import ProviderOrgFactory
from catalog.exchange import import_catalog
from catalog.models import RESERVED_PROVIDER_SLUGS, ProviderProfile
from catalog.tests.factories import ProviderProfileFactory

pytestmark = pytest.mark.django_db


def _routes(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern)


def test_every_fixed_path_under_anbieter_is_reserved():
    fixed = {
        route.removeprefix("anbieter/").split("/")[0]
        for route in _routes(get_resolver().url_patterns)
        if route.startswith("anbieter/") and not route.startswith("anbieter/<")
    }
    assert fixed and fixed <= RESERVED_PROVIDER_SLUGS


def test_provider_named_konto_gets_another_slug_and_a_working_page():
    profile = ProviderProfileFactory(organisation=ProviderOrgFactory(name="Konto"), name="Konto")
    assert profile.slug not in RESERVED_PROVIDER_SLUGS and profile.slug.startswith("konto")
    r = Client().get(f"/anbieter/{profile.slug}/")
    assert r.status_code == 200 and "<h1>Konto</h1>" in r.content.decode()
    # The fixed path still belongs to the dashboard (anonymous visitors go to the login).
    assert "/konto/login/" in Client().get("/anbieter/konto/")["Location"]
    second = ProviderProfileFactory(organisation=ProviderOrgFactory(name="KONTO"), name="KONTO")
    assert second.slug not in RESERVED_PROVIDER_SLUGS | {profile.slug}


def test_imported_provider_named_konto_is_not_reserved():
    import_catalog({
        "format": "smart-region-catalog/1",
        "providers": [{"id": "prov-konto", "name": "Konto"}],
        "solutions": [],
    })  # fmt: skip
    assert ProviderProfile.objects.get(external_id="prov-konto").slug != "konto"


def test_reserved_slug_is_refused_on_validation():
    profile = ProviderProfileFactory()
    profile.slug = "konto"
    with pytest.raises(ValidationError) as exc:
        profile.full_clean()
    assert "slug" in exc.value.message_dict
