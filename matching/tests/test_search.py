from decimal import Decimal

import pytest
from django.core.management import call_command

from accounts.tests.factories import MunicipalityFactory
from catalog.models import Reference, Standard, Status, Topic
from catalog.services import transition
from catalog.tests.factories import ProviderProfileFactory, SolutionFactory
from matching import indexing
from matching.models import SearchDocument, SearchLog
from matching.selectors import search_solutions

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog_rows(db):
    mobility, water = Topic.objects.get(slug="mobilitaet"), Topic.objects.get(slug="wasser")
    SolutionFactory(title="Parkleitsystem", summary="Freie Stellplätze anzeigen", topics=[mobility])
    SolutionFactory(title="Pegelmessung", summary="Hochwasser früh erkennen", topics=[water])
    SolutionFactory(title="Verkehrszählung", summary="Zählt Autos und Räder", topics=[mobility])
    SolutionFactory(title="Geheimer Entwurf", status=Status.DRAFT, topics=[mobility])


def titles(response):
    return [s.title for s in response.context["solutions"]]


def facet(response, name):
    groups = {g["name"]: g for g in response.context["facet_groups"]}
    return {v["value"]: v["count"] for v in groups[name]["values"]} if name in groups else {}


def test_search_finds_published_solutions_by_words(client, catalog_rows):
    assert titles(client.get("/loesungen/", {"q": "stellplätze"})) == ["Parkleitsystem"]
    assert "Geheimer Entwurf" not in titles(client.get("/loesungen/"))
    assert titles(client.get("/loesungen/", {"q": "Entwurf"})) == []


@pytest.mark.parametrize(
    "query",
    [
        "Parkplatz",  # thesaurus: Parkplatz ~ Stellplatz
        "Stellplatz",  # Stellplätze, by the German stemmer
        "Leitsystem Park",  # compound parts of Parkleitsystem
        "STELLPLAETZE",  # case and umlaut folding
    ],
)
def test_search_understands_german_words(client, catalog_rows, query):
    assert titles(client.get("/loesungen/", {"q": query})) == ["Parkleitsystem"]


def test_all_words_must_match_else_any_word_with_a_notice(client, catalog_rows):
    response = client.get("/loesungen/", {"q": "Hochwasser Autos"})
    assert response.context["text_fallback"] == "none"
    assert {"Pegelmessung", "Verkehrszählung"} <= set(titles(response))
    assert "die einige davon enthalten" in response.content.decode()
    response = client.get("/loesungen/", {"q": "Hochwasser erkennen"})
    assert response.context["text_fallback"] is False
    assert titles(response) == ["Pegelmessung"]


def test_topic_filter_and_counts_honour_other_filters(client, catalog_rows):
    response = client.get("/loesungen/", {"topic": "mobilitaet"})
    assert set(titles(response)) == {"Parkleitsystem", "Verkehrszählung"}
    counts = facet(response, "topic")
    assert counts["mobilitaet"] == 2 and counts["wasser"] == 1  # drafts never counted
    counts = facet(client.get("/loesungen/", {"q": "Räder"}), "topic")
    assert counts == {**dict.fromkeys(counts, 0), "mobilitaet": 1}


@pytest.fixture
def faceted(db):
    """Six published solutions that differ in every facet."""
    mobility, water = Topic.objects.get(slug="mobilitaet"), Topic.objects.get(slug="wasser")
    lora = Standard.objects.create(name="LoRaWAN", status=Standard.Status.ACCEPTED)
    fulda = MunicipalityFactory(ags="06631009", district_ags="06631", district="Fulda")
    hersfeld = MunicipalityFactory(ags="06632002", district_ags="06632")
    startup = ProviderProfileFactory(is_startup=True, municipality=fulda)
    a = SolutionFactory(
        title="Sensor A", topics=[mobility], maturity="pilot", deploy_saas=True,
        hosting="de", oss_license="MIT", price_min=Decimal(500), size_lt5k=True,
        provider=startup,
    )  # fmt: skip
    a.standards.add(lora)
    b = SolutionFactory(
        title="Sensor B", topics=[mobility, water], maturity="market_ready",
        deploy_hardware=True, hosting="eu", price_min=Decimal(20000), size_5k_20k=True,
    )  # fmt: skip
    c = SolutionFactory(
        title="Sensor C", topics=[water], maturity="pilot", deploy_saas=True,
        deploy_on_premise=True, hosting="de", price_min=Decimal(80000), size_gt100k=True,
        provider=startup,
    )  # fmt: skip
    SolutionFactory(title="Sensor D", topics=[water], maturity="concept", hosting="other")
    SolutionFactory(title="Sensor E", topics=[mobility], maturity="prototype", deploy_service=True)
    SolutionFactory(title="Sensor F", topics=[mobility], status=Status.DRAFT, hosting="de")
    Reference.objects.create(solution=a, municipality=hersfeld, status="confirmed")
    Reference.objects.create(solution=b, municipality=fulda, status="from_partnership")
    Reference.objects.create(solution=c, municipality=hersfeld, status="claimed")
    return {"a": a, "b": b, "c": c, "lora": lora}


COMBINATIONS = [
    {},
    {"maturity": ["pilot"]},
    {"maturity": ["pilot"], "hosting": ["de"]},
    {"deployment": ["saas"], "topic": ["wasser"]},
    {"oss": ["true"], "startup": ["true"]},
    {"price": ["lt1k", "10k-50k"], "size": ["5k-20k", "lt5k"]},
    {"verified": ["any"], "topic": ["mobilitaet"]},
    {"district": ["06631"], "standard": ["lorawan"]},
    {"q": ["Sensor"], "hosting": ["de", "eu"], "maturity": ["market_ready", "pilot"]},
]


@pytest.mark.parametrize("params", COMBINATIONS)
def test_every_facet_count_equals_the_results_of_choosing_that_value(faceted, params):
    """The count shown next to a value is exactly what the user gets by ticking it."""
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, values in params.items():
        query.setlist(key, values)
    counts = search_solutions(query).facets  # the in-memory engine the page and API use
    checked = 0
    for name, values in counts.items():
        for value in values:
            chosen = query.copy()  # the value alone: ticking more values only widens
            chosen.setlist(name, [value["value"]])
            expected = len(search_solutions(chosen).ordered)
            assert value["count"] == expected, (name, value["value"], params)
            checked += 1
    assert checked > 30


def test_facets_filter_and_count_on_the_page(client, faceted):
    response = client.get("/loesungen/", {"maturity": "pilot", "hosting": "de"})
    assert set(titles(response)) == {"Sensor A", "Sensor C"}
    assert facet(response, "maturity") == {
        "concept": 0, "prototype": 0, "pilot": 2, "market_ready": 0,
    }  # fmt: skip
    assert facet(response, "hosting") == {"de": 2, "eu": 0, "other": 0}
    assert facet(response, "startup") == {"true": 2}
    assert facet(client.get("/loesungen/"), "verified") == {"any": 2, "hessen": 2}
    assert titles(client.get("/loesungen/", {"verified": "any", "sort": "newest"})) == [
        "Sensor B", "Sensor A",
    ]  # fmt: skip
    assert facet(client.get("/loesungen/"), "district") == {"06631": 2}


def test_verified_in_my_district_uses_the_users_municipality(
    client_for, faceted, municipality_user
):
    client = client_for(municipality_user)  # a member of Bad Hersfeld (district 06632)
    response = client.get("/loesungen/", {"verified": "district"})
    assert titles(response) == ["Sensor A"]  # the claimed reference on C does not count
    assert facet(response, "verified")["district"] == 1


def test_my_district_is_not_offered_to_anonymous_visitors(client, faceted):
    response = client.get("/loesungen/", {"verified": "district"})
    assert "district" not in facet(response, "verified")
    assert titles(response) == []


def test_sort_orders(client, faceted):
    newest = titles(client.get("/loesungen/", {"sort": "newest"}))
    assert newest == ["Sensor E", "Sensor D", "Sensor C", "Sensor B", "Sensor A"]
    by_refs = titles(client.get("/loesungen/", {"sort": "references"}))
    assert set(by_refs[:2]) == {"Sensor A", "Sensor B"} and by_refs[2] == "Sensor E"


def test_relevance_is_the_default_with_words(client, catalog_rows):
    SolutionFactory(title="Parkplatzsuche per App", summary="Freie Parkplätze finden")
    response = client.get("/loesungen/", {"q": "Parkplatz"})
    assert response.context["sort"] == "relevance"
    assert titles(response) == ["Parkplatzsuche per App", "Parkleitsystem"]  # word > synonym
    newest = client.get("/loesungen/", {"q": "Parkplatz", "sort": "newest"})
    assert titles(newest) == ["Parkplatzsuche per App", "Parkleitsystem"]


def test_state_lives_in_the_url_and_pages_keep_it(client):
    mobility = Topic.objects.get(slug="mobilitaet")
    for n in range(23):
        SolutionFactory(title=f"Parksensor {n}", topics=[mobility])
    response = client.get("/loesungen/", {"q": "Parksensor", "topic": "mobilitaet"})
    html = response.content.decode()
    assert "q=Parksensor&amp;topic=mobilitaet&amp;page=2" in html
    page2 = client.get("/loesungen/", {"q": "Parksensor", "topic": "mobilitaet", "page": 2})
    assert len(titles(page2)) == 3


def test_invalid_filter_values_give_a_clear_error_and_no_results(client, faceted):
    response = client.get("/loesungen/", {"maturity": "unbekannt", "district": "x"})
    assert response.status_code == 200
    assert titles(response) == []
    assert 'role="alert"' in response.content.decode()


def test_htmx_request_gets_the_search_area_only(client, catalog_rows):
    html = client.get("/loesungen/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and "Parkleitsystem" in html and 'role="search"' in html


def test_page_works_without_javascript_and_uses_no_bare_htmx_attributes(client, catalog_rows):
    html = client.get("/loesungen/").content.decode()
    assert 'method="get" action="/loesungen/"' in html
    assert " hx-" not in html and "data-hx-get" in html


def test_web_searches_are_logged_for_the_cockpit(client, catalog_rows):
    client.get("/loesungen/", {"q": "Drohne"})
    client.get("/loesungen/", {"q": "Stellplatz"})
    client.get("/loesungen/", {"topic": "wasser"})  # browsing without words is not logged
    logged = {(s.query, s.result_count, s.source) for s in SearchLog.objects.all()}
    assert logged == {("Drohne", 0, "web"), ("Stellplatz", 1, "web")}


@pytest.mark.parametrize("n", [2, 20])
def test_search_page_query_count_is_independent_of_results(
    client, django_assert_max_num_queries, n
):
    mobility = Topic.objects.get(slug="mobilitaet")
    for i in range(n):
        SolutionFactory(title=f"Parksensor {i}", topics=[mobility], hosting="de")
    client.get("/loesungen/", {"q": "Parksensor"})  # warm the in-memory ranking index
    params = {"q": "Parksensor", "topic": "mobilitaet", "hosting": "de", "sort": "relevance"}
    with django_assert_max_num_queries(7):
        assert client.get("/loesungen/", params).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/loesungen/").status_code == 200


# The index itself ----------------------------------------------------------------------------


def test_index_holds_analysed_terms_and_the_search_finds_compound_parts(client, catalog_rows):
    park = SearchDocument.objects.get(solution__title="Parkleitsystem")
    assert {"park", "leit", "parkleitsystem"} <= set(park.title.split())
    assert titles(client.get("/loesungen/", {"q": "Leitsystem"})) == ["Parkleitsystem"]
    park.solution.title = "Zaubertrankmixer"
    park.solution.save()
    indexing.index_solution(park.solution_id)  # what the task does after an edit
    assert titles(client.get("/loesungen/", {"q": "Leitsystem"})) == []
    assert titles(client.get("/loesungen/", {"q": "Zaubertrankmixer"})) == ["Zaubertrankmixer"]


def test_publishing_and_withdrawing_update_the_index_by_task(
    office_user, provider_user, django_capture_on_commit_callbacks
):
    solution = SolutionFactory(
        title="Bürgerhaushalt", status=Status.SUBMITTED,
        provider=ProviderProfileFactory(organisation=provider_user.memberships.first().organisation),
    )  # fmt: skip
    assert not SearchDocument.objects.filter(solution=solution).exists()
    with django_capture_on_commit_callbacks(execute=True):
        transition(solution, Status.PUBLISHED, actor=office_user)
    assert SearchDocument.objects.filter(solution=solution).exists()
    with django_capture_on_commit_callbacks(execute=True):
        transition(solution, Status.ARCHIVED, actor=office_user)
    assert not SearchDocument.objects.filter(solution=solution).exists()


def test_rebuild_index_command_reports_progress(catalog_rows, capsys):
    SearchDocument.objects.all().delete()
    call_command("rebuild_index")
    out = capsys.readouterr()
    assert "Indexed 3 published solutions." in out.out
    assert "3/3" in out.err  # the progress bar
    assert SearchDocument.objects.count() == 3


def test_facet_counts_without_filters_are_the_catalogs(client, faceted):
    """Fixed numbers for the facets the combination test only compares with each other."""
    response = client.get("/loesungen/")
    assert facet(response, "deployment") == {
        "saas": 2, "on_premise": 1, "hardware": 1, "service": 1,
    }  # fmt: skip
    assert facet(response, "hosting") == {"de": 2, "eu": 1, "other": 1}
    assert facet(response, "oss")["true"] == 1
    price = facet(response, "price")
    assert (price["lt1k"], price["10k-50k"], price["gt50k"]) == (1, 1, 1)
    assert facet(response, "size") == {"lt5k": 1, "5k-20k": 1, "20k-100k": 0, "gt100k": 1}
    assert facet(response, "standard") == {"lorawan": 1}


def test_verified_in_hessen_leaves_out_references_from_elsewhere(client, faceted):
    munich = MunicipalityFactory(ags="09162000", district_ags="09162", district="München")
    e = SolutionFactory(title="Sensor G", maturity="market_ready")
    Reference.objects.create(solution=e, municipality=munich, status="confirmed")
    response = client.get("/loesungen/")
    assert facet(response, "verified") == {"any": 3, "hessen": 2}
    assert titles(client.get("/loesungen/", {"verified": "hessen"})) == ["Sensor B", "Sensor A"]
    assert "Sensor G" in titles(client.get("/loesungen/", {"verified": "any"}))
