import pytest

from catalog.models import Status, Topic
from catalog.tests.factories import SolutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog_rows(db):
    mobility, water = Topic.objects.get(slug="mobilitaet"), Topic.objects.get(slug="wasser")
    SolutionFactory(title="Parkleitsystem", summary="Freie Stellplätze anzeigen", topics=[mobility])
    SolutionFactory(title="Pegelmessung", summary="Hochwasser früh erkennen", topics=[water])
    SolutionFactory(title="Verkehrszählung", summary="Zählt Autos und Räder", topics=[mobility])
    SolutionFactory(title="Geheimer Entwurf", status=Status.DRAFT, topics=[mobility])


def test_search_finds_published_solutions_by_words(client, catalog_rows):
    html = client.get("/loesungen/", {"q": "stellplätze"}).content.decode()
    assert "Parkleitsystem" in html
    assert "Pegelmessung" not in html
    assert "Geheimer Entwurf" not in client.get("/loesungen/").content.decode()


def test_topic_filter_and_counts_honour_other_filters(client, catalog_rows):
    response = client.get("/loesungen/", {"topic": "mobilitaet"})
    html = response.content.decode()
    assert "Parkleitsystem" in html and "Verkehrszählung" in html and "Pegelmessung" not in html
    counts = {t.slug: n for t, n in response.context["topics"]}
    assert counts["mobilitaet"] == 2 and counts["wasser"] == 1  # drafts never counted
    counts = {t.slug: n for t, n in client.get("/loesungen/", {"q": "Autos"}).context["topics"]}
    assert counts == {**dict.fromkeys(counts, 0), "mobilitaet": 1}


def test_htmx_request_gets_only_the_results_partial(client, catalog_rows):
    html = client.get("/loesungen/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and "Parkleitsystem" in html


@pytest.mark.parametrize("n", [2, 20])
def test_search_page_query_count_is_independent_of_results(
    client, django_assert_max_num_queries, n
):
    for _ in range(n):
        SolutionFactory()
    with django_assert_max_num_queries(8):
        assert client.get("/loesungen/").status_code == 200
