"""Query counts of API list endpoints are pinned and do not grow with the number of rows."""

import pytest

from accounts.tests.factories import MunicipalityFactory
from api.services import create_api_token

pytestmark = pytest.mark.django_db


def _rows(n):
    for i in range(n):
        MunicipalityFactory(ags=f"0662{i:04d}", name=f"Ort {i}")


@pytest.mark.parametrize("rows", [2, 20])
def test_municipality_list_anonymous(client, django_assert_num_queries, rows):
    _rows(rows)
    with django_assert_num_queries(1):
        assert len(client.get("/api/v1/municipalities?limit=50").json()["items"]) == rows


@pytest.mark.parametrize("rows", [2, 20])
def test_municipality_list_with_token(
    client, django_assert_num_queries, provider_user, provider_org, rows
):
    _rows(rows)
    _, plaintext = create_api_token(actor=provider_user, organisation=provider_org, name="t")
    headers = {"Authorization": f"Bearer {plaintext}"}
    # token lookup + last_used update + the page
    with django_assert_num_queries(3):
        assert len(client.get("/api/v1/municipalities", headers=headers).json()["items"]) == rows


def _catalog_rows(n):
    from accounts.tests.factories import MunicipalityFactory
    from catalog.models import Reference
    from catalog.tests.factories import ProviderProfileFactory, SolutionFactory

    for i in range(n):
        profile = ProviderProfileFactory()
        solution = SolutionFactory(provider=profile)
        Reference.objects.create(
            solution=solution, municipality=MunicipalityFactory(ags=f"0663{i:04d}"), year=2024
        )


@pytest.mark.parametrize("rows", [2, 20])
def test_provider_list(client, django_assert_num_queries, rows):
    _catalog_rows(rows)
    with django_assert_num_queries(1):
        assert len(client.get("/api/v1/providers?limit=50").json()["items"]) == rows


@pytest.mark.parametrize("rows", [2, 20])
def test_my_solutions_list(client, django_assert_num_queries, provider_user, provider_org, rows):
    from catalog.tests.factories import ProviderProfileFactory, SolutionFactory

    profile = ProviderProfileFactory(organisation=provider_org)
    for _ in range(rows):
        SolutionFactory(provider=profile)
    _, plaintext = create_api_token(actor=provider_user, organisation=provider_org, name="t")
    headers = {"Authorization": f"Bearer {plaintext}"}
    # token, last_used, membership check, solutions + 3 prefetches (topics, standards, refs)
    with django_assert_num_queries(7):
        body = client.get("/api/v1/my/solutions?limit=50", headers=headers).json()
    assert len(body["items"]) == rows


@pytest.mark.parametrize("rows", [2, 20])
def test_solution_list(client, django_assert_num_queries, rows):
    _catalog_rows(rows)
    # search version (the snapshot is already loaded: no request builds it), solutions (with
    # provider) + topics + standards + references with municipality
    with django_assert_num_queries(5):
        assert len(client.get("/api/v1/solutions?limit=50").json()["items"]) == rows


@pytest.mark.parametrize("rows", [2, 20])
def test_token_page(client_for, provider_user, provider_org, django_assert_num_queries, rows):
    for i in range(rows):
        create_api_token(actor=provider_user, organisation=provider_org, name=f"Token {i}")
    client = client_for(provider_user)
    client.get("/konto/")  # session and per-process caches warmed up
    with django_assert_num_queries(5):
        response = client.get("/konto/api-tokens/")
    assert len(response.context["tokens"]) == rows
