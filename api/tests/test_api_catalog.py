import pytest

from api.services import create_api_token
from catalog.models import Reference, Solution, Status, Topic
from catalog.tests.factories import ProviderProfileFactory, SolutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile(provider_org):
    return ProviderProfileFactory(organisation=provider_org)


@pytest.fixture
def other_profile(other_provider_org):
    return ProviderProfileFactory(organisation=other_provider_org)


def bearer(user, org):
    return {
        "Authorization": f"Bearer {create_api_token(actor=user, organisation=org, name='t')[1]}"
    }


def test_topics_are_the_vocabulary(client):
    body = client.get("/api/v1/topics").json()
    assert [t["slug"] for t in body] == list(
        Topic.objects.order_by("position", "name").values_list("slug", flat=True)
    )
    assert "mobilitaet" in [t["slug"] for t in body]


def test_only_published_solutions_and_providers_are_public(client, profile):
    published = SolutionFactory(provider=profile, title="Parkleitsystem")
    draft = SolutionFactory(provider=profile, title="Entwurf", status=Status.DRAFT)
    hidden = ProviderProfileFactory(status=Status.DRAFT)
    assert client.get(f"/api/v1/solutions/{published.slug}").json()["title"] == "Parkleitsystem"
    assert client.get(f"/api/v1/solutions/{draft.slug}").status_code == 404
    providers = client.get("/api/v1/providers").json()["items"]
    assert [p["slug"] for p in providers] == [profile.slug]
    assert providers[0]["published_solutions"] == 1
    assert client.get(f"/api/v1/providers/{hidden.slug}").status_code == 404
    assert "contacts" not in client.get(f"/api/v1/providers/{profile.slug}").json()


def test_solution_shows_references_but_not_rejected_claims(client, profile, municipality_org):
    solution = SolutionFactory(provider=profile)
    Reference.objects.create(
        solution=solution,
        municipality=municipality_org.municipality,
        year=2024,
        status=Reference.Status.CONFIRMED,
    )
    from accounts.tests.factories import MunicipalityFactory

    Reference.objects.create(
        solution=solution, municipality=MunicipalityFactory(), status=Reference.Status.REJECTED
    )
    refs = client.get(f"/api/v1/solutions/{solution.slug}").json()["references"]
    assert refs == [
        {
            "municipality": "Bad Hersfeld",
            "ags": "06632002",
            "state": "Hessen",
            "country": "Deutschland",
            "stated": False,
            "year": 2024,
            "verified": True,
        }
    ]


def test_provider_creates_edits_and_submits_own_solution(client, provider_user, provider_org):
    auth = bearer(provider_user, provider_org)
    response = client.post(
        "/api/v1/my/solutions",
        {"title": "Mängelmelder", "summary": "Bürger melden Schäden.", "topics": ["verwaltung"]},
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["topics"]) == ("draft", ["verwaltung"])
    solution = Solution.objects.get(slug=body["slug"])
    assert solution.provider.organisation == provider_org
    response = client.patch(
        f"/api/v1/my/solutions/{solution.slug}",
        {"summary": "Neu.", "maturity": "pilot"},
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 200, response.content
    solution.refresh_from_db()
    assert (solution.summary, solution.maturity) == ("Neu.", "pilot")
    response = client.post(f"/api/v1/my/solutions/{solution.slug}/submit", headers=auth)
    assert response.json()["status"] == "submitted"
    # Submitted: no more edits through the API, and not public yet.
    response = client.patch(
        f"/api/v1/my/solutions/{solution.slug}",
        {"summary": "x"},
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 422
    assert client.get(f"/api/v1/solutions/{solution.slug}").status_code == 404
    listed = client.get("/api/v1/my/solutions", headers=auth).json()["items"]
    assert [s["slug"] for s in listed] == [solution.slug]


def test_token_of_org_a_cannot_touch_org_b(client, provider_user, provider_org, other_profile):
    foreign = SolutionFactory(provider=other_profile, status=Status.DRAFT)
    auth = bearer(provider_user, provider_org)
    assert client.get(f"/api/v1/my/solutions/{foreign.slug}", headers=auth).status_code == 404
    response = client.patch(
        f"/api/v1/my/solutions/{foreign.slug}",
        {"summary": "gekapert"},
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 404
    assert (
        client.post(f"/api/v1/my/solutions/{foreign.slug}/submit", headers=auth).status_code == 404
    )
    foreign.refresh_from_db()
    assert (foreign.summary, foreign.status) != ("gekapert", Status.SUBMITTED)
    assert client.get("/api/v1/my/solutions", headers=auth).json()["items"] == []


def test_municipality_token_cannot_write_solutions(client, municipality_user, municipality_org):
    auth = bearer(municipality_user, municipality_org)
    response = client.post(
        "/api/v1/my/solutions",
        {"title": "Fremd", "summary": "x", "topics": ["verwaltung"]},
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 403
    assert response.json()["code"] == "token_scope"
    assert not Solution.objects.exists()


def test_token_stops_acting_when_membership_ends(client, provider_user, provider_org):
    auth = bearer(provider_user, provider_org)
    provider_user.memberships.update(status="rejected")
    response = client.get("/api/v1/my/solutions", headers=auth)
    assert response.status_code == 403
    assert response.json()["code"] == "token_scope"


def test_write_without_token_is_401(client):
    response = client.post(
        "/api/v1/my/solutions",
        {"title": "abc", "summary": "x", "topics": ["verwaltung"]},
        content_type="application/json",
    )
    assert response.status_code == 401


def test_unknown_topic_is_422(client, provider_user, provider_org):
    response = client.post(
        "/api/v1/my/solutions",
        {"title": "abc", "summary": "x", "topics": ["gibtsnicht"]},
        content_type="application/json",
        headers=bearer(provider_user, provider_org),
    )
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_topic"


def test_solution_list_is_published_only_and_pages(client, profile):
    published = [SolutionFactory(provider=profile) for _ in range(3)]
    SolutionFactory(provider=profile, status=Status.DRAFT)
    first = client.get("/api/v1/solutions?limit=2").json()
    second = client.get(f"/api/v1/solutions?limit=2&cursor={first['next_cursor']}").json()
    assert second["next_cursor"] is None
    slugs = [s["slug"] for s in first["items"] + second["items"]]
    assert sorted(slugs) == sorted(s.slug for s in published)
