import pytest

from accounts.tests.factories import MunicipalityFactory
from catalog.models import ContactPerson, Reference, Status
from catalog.tests.factories import ProviderProfileFactory, SolutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile(provider_org):
    profile = ProviderProfileFactory(organisation=provider_org)
    ContactPerson.objects.create(provider=profile, name="Erika Kontakt", email="erika@p.example")
    return profile


def test_published_solution_page_is_public_and_german(client, profile):
    solution = SolutionFactory(provider=profile, title="Parkleitsystem")
    html = client.get(solution.get_absolute_url()).content.decode()
    assert "Parkleitsystem" in html and "Reifegrad" in html


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED])
def test_unpublished_solution_is_hidden_from_public_and_competitors(
    client, client_for, profile, other_provider_user, provider_user, status
):
    solution = SolutionFactory(provider=profile, status=status)
    url = solution.get_absolute_url()
    assert client.get(url).status_code == 404
    assert client_for(other_provider_user).get(url).status_code == 404
    assert client_for(provider_user).get(url).status_code == 200


def test_contact_persons_only_for_municipality_and_office(
    client, client_for, profile, outsider, provider_user, municipality_user, office_user
):
    url = profile.get_absolute_url()
    assert "Erika Kontakt" not in client.get(url).content.decode()
    assert "Erika Kontakt" not in client_for(outsider).get(url).content.decode()
    assert "Erika Kontakt" in client_for(municipality_user).get(url).content.decode()
    assert "Erika Kontakt" in client_for(office_user).get(url).content.decode()


def test_markdown_description_is_sanitised(client, profile):
    solution = SolutionFactory(
        provider=profile,
        description="<script>alert(1)</script> [x](javascript:alert(2)) "
        "<img src=x onerror=alert(3)>",
    )
    html = client.get(solution.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert 'href="javascript:' not in html
    assert "<img src=x onerror" not in html


@pytest.mark.parametrize("n", [2, 20])
def test_solution_page_query_count_does_not_grow_with_references(
    client, profile, municipality_org, django_assert_num_queries, n
):
    solution = SolutionFactory(provider=profile)
    for i in range(n):
        Reference.objects.create(
            solution=solution, municipality=MunicipalityFactory(), year=2000 + i
        )
        SolutionFactory(provider=profile)
    client.get(solution.get_absolute_url())  # the matching index loads once per catalog change
    with django_assert_num_queries(9):  # the page with its similar solutions
        response = client.get(solution.get_absolute_url())
    assert response.status_code == 200
