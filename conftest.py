"""The shared test cast (house style): one person per role, plus their organisations.

- provider_user: admin of provider_org ("alice")
- other_provider_user: admin of other_provider_org ("bob", a competitor)
- municipality_user: admin of municipality_org (Bad Hersfeld-like town)
- other_municipality_user: admin of another town
- office_user: member of the office (Geschäftsstelle)
- outsider: signed in, member of nothing
- anonymous: the `client` fixture without login
"""

import pytest

from accounts.tests.factories import (
    MunicipalityOrgFactory,
    OfficeOrgFactory,
    ProviderOrgFactory,
    UserFactory,
    member_of,
)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.LANGUAGE_CODE = "de"
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_search_caches():
    """Each process caches search indexes by catalog version; tests start without them."""
    from matching import facets, services

    facets._cache.update(version=None, engine=None)
    services._cache.update(key=None, index=None)


@pytest.fixture
def provider_org(db):
    return ProviderOrgFactory(name="ParkSense GmbH")


@pytest.fixture
def other_provider_org(db):
    return ProviderOrgFactory(name="Konkurrenz AG")


@pytest.fixture
def municipality_org(db):
    return MunicipalityOrgFactory(municipality__ags="06632002", municipality__name="Bad Hersfeld")


@pytest.fixture
def other_municipality_org(db):
    return MunicipalityOrgFactory(
        municipality__ags="06631009",
        municipality__name="Fulda",
        municipality__district="Fulda",
        municipality__district_ags="06631",
    )


@pytest.fixture
def office_org(db):
    return OfficeOrgFactory()


@pytest.fixture
def provider_user(provider_org):
    return member_of(provider_org, email="alice@parksense.example")


@pytest.fixture
def other_provider_user(other_provider_org):
    return member_of(other_provider_org, email="bob@konkurrenz.example")


@pytest.fixture
def municipality_user(municipality_org):
    return member_of(municipality_org, email="clerk@bad-hersfeld.example")


@pytest.fixture
def other_municipality_user(other_municipality_org):
    return member_of(other_municipality_org, email="clerk@fulda.example")


@pytest.fixture
def office_user(office_org):
    return member_of(office_org, email="staff@smarte-region.example")


@pytest.fixture
def outsider(db):
    return UserFactory(email="charlie@example.org")


@pytest.fixture
def client_for(client):
    """client_for(user) → the test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login
