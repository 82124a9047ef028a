"""The API's solution search uses the search page's FilterSet: same parameters, same results."""

import datetime as dt

import pytest
from django.utils import timezone

from catalog.models import Solution, Status, Topic
from catalog.tests.factories import ProviderProfileFactory, SolutionFactory
from matching.models import SearchLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    wasser, mobil, energie = (
        Topic.objects.get(slug=s) for s in ("wasser", "mobilitaet", "energie")
    )
    startup = ProviderProfileFactory(is_startup=True)
    solutions = [
        SolutionFactory(title="Parkleitsystem", topics=[mobil], maturity="market_ready"),
        SolutionFactory(title="Pegelsensor", topics=[wasser], maturity="pilot", provider=startup),
        SolutionFactory(title="Starkregen-Warnung", topics=[wasser, mobil], maturity="pilot"),
        SolutionFactory(title="Solarkataster", topics=[energie], maturity="prototype"),
        SolutionFactory(title="Parkhaus-Entwurf", topics=[mobil], status=Status.DRAFT),
    ]
    # Distinct publication times: the page sorts newest first.
    for days, solution in enumerate(solutions):
        Solution.objects.filter(pk=solution.pk).update(
            published_at=timezone.now() - dt.timedelta(days=days)
        )
    return solutions


PARAMS = [
    "",
    "topic=wasser",
    "topic=wasser&topic=mobilitaet",
    "maturity=pilot",
    "maturity=pilot&maturity=prototype&topic=wasser",
    "q=park",
    "q=sensor&topic=wasser",
    "startup=true",
    "startup=false&topic=mobilitaet",
    "q=park&sort=newest",
    "sort=references&hosting=de",
    "verified=any",
]


@pytest.mark.parametrize("params", PARAMS)
def test_api_and_html_return_the_same_results(client, catalog, params):
    html = client.get(f"/loesungen/?{params}")
    page_slugs = [s.slug for s in html.context["solutions"]]
    api = client.get(f"/api/v1/solutions?{params}&limit=100").json()
    assert [s["slug"] for s in api["items"]] == page_slugs
    html_facets = {
        g["name"]: {v["value"]: v["count"] for v in g["values"]}
        for g in html.context["facet_groups"]
    }
    for name, counts in html_facets.items():
        api_counts = {f["value"]: f["count"] for f in api["facets"][name]}
        assert {value: api_counts[value] for value in counts} == counts


def test_filters_and_facets(client, catalog):
    body = client.get("/api/v1/solutions?topic=wasser&maturity=pilot").json()
    assert {s["title"] for s in body["items"]} == {"Pegelsensor", "Starkregen-Warnung"}
    facets = {f["value"]: f["count"] for f in body["facets"]["topic"]}
    # Topic counts ignore the topic filter itself but honour maturity=pilot.
    assert (facets["wasser"], facets["mobilitaet"], facets["energie"]) == (2, 1, 0)


def test_invalid_filter_value_is_422(client, catalog):
    response = client.get("/api/v1/solutions?maturity=fertig")
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


def test_pages_follow_the_page_order(client, catalog):
    first = client.get("/api/v1/solutions?limit=3").json()
    rest = client.get(f"/api/v1/solutions?limit=3&cursor={first['next_cursor']}").json()
    assert rest["next_cursor"] is None
    all_slugs = [s["slug"] for s in client.get("/api/v1/solutions?limit=100").json()["items"]]
    assert [s["slug"] for s in first["items"] + rest["items"]] == all_slugs


def test_api_searches_are_logged_with_their_result_count(client, catalog):
    client.get("/api/v1/solutions?q=park")
    client.get("/api/v1/solutions?q=Drohnenabwehr")
    client.get("/api/v1/solutions?topic=wasser")  # no text: not logged
    logged = {(s.query, s.result_count, s.source) for s in SearchLog.objects.all()}
    assert logged == {("park", 1, "api"), ("Drohnenabwehr", 0, "api")}


def test_match_returns_ranked_ids_and_scores(client, catalog):
    response = client.post(
        "/api/v1/match",
        {"title": "Parkplatz finden", "description": "Parkleitsystem für die Innenstadt"},
        content_type="application/json",
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert results and set(results[0]) == {"id", "score"}
    assert results[0]["id"] == catalog[0].slug
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)
    assert all(r["id"] != catalog[4].slug for r in results)  # drafts are never matched


def test_match_needs_a_title(client):
    response = client.post("/api/v1/match", {"description": "x"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        '{"title": ""}',
        '{"title": "Park", "limit": 0}',
        '{"title": "Park", "limit": 101}',
    ],
)
def test_match_answers_bad_input_with_a_json_error_and_changes_nothing(client, body):
    response = client.post("/api/v1/match", body, content_type="application/json")
    assert 400 <= response.status_code < 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] in {"bad_request", "validation_error"}
    assert response.json()["detail"]
    assert not SearchLog.objects.exists()
