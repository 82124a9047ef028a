"""Register search and the public municipality page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import MunicipalityFactory
from municipalities.models import Municipality
from municipalities.sections import _detail_sections, register_detail_section

LIST_URL = reverse("municipalities:list")
ATTRIBUTION = "Quelle: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD"


def names(response):
    return [m.name for m in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Giessen", "Gießen"),
        ("gießen", "Gießen"),
        ("GIESSEN", "Gießen"),
        ("Muehltal", "Mühltal"),
        ("mühltal", "Mühltal"),
        ("Rossdorf", "Roßdorf"),
        ("gross-gerau", "Groß-Gerau"),
        ("Bad Hersf", "Bad Hersfeld"),
        ("Hunfeld", "Hünfeld"),  # umlauts written as plain vowels
        ("Grossenluder", "Großenlüder"),
        ("Schlüchtern", "Schlüchtern"),
        ("Schluchtern", "Schlüchtern"),
    ],
)
def test_search_ignores_umlauts_and_sharp_s(client, register, query, expected):
    response = client.get(LIST_URL, {"q": query})

    assert response.status_code == 200
    assert expected in names(response)


def test_plain_vowels_find_umlauts_but_nothing_else(client, register):
    response = client.get(LIST_URL, {"q": "Hunfeld"})

    assert names(response) == ["Hünfeld", "Hünfelden"]
    assert client.get(LIST_URL, {"q": "Grossenluder"}).context["page"].object_list[0].name == (
        "Großenlüder"
    )
    assert names(client.get(LIST_URL, {"q": "Hanfeld"})) == []


def test_search_finds_only_matching_names(client, register):
    response = client.get(LIST_URL, {"q": "Muehltal"})

    assert names(response) == ["Mühltal"]
    assert "1 Eintrag gefunden" in response.content.decode()


def test_search_by_ags_prefix(client, register):
    response = client.get(LIST_URL, {"q": "06412"})

    assert [m.ags for m in response.context["page"]] == ["06412000"]
    response = client.get(LIST_URL, {"q": "0663"})
    assert response.context["page"].paginator.count == 141  # the region row 066 is too short
    assert all(m.ags.startswith("0663") for m in response.context["page"])


def test_same_name_lists_the_town_before_its_landkreis_and_region(client, register):
    response = client.get(LIST_URL, {"q": "Giessen"})

    assert [m.kind for m in response.context["page"]] == ["stadt", "landkreis", "regierungsbezirk"]


def test_filter_by_kind_and_landkreis(client, register):
    response = client.get(LIST_URL, {"kind": "stadt", "district": "06632"})

    found = list(response.context["page"])
    assert found
    assert all(m.kind == "stadt" and m.district_ags == "06632" for m in found)
    assert "Bad Hersfeld" in names(response)
    assert "Alheim" not in names(response)  # a Gemeinde in the same Landkreis
    response = client.get(LIST_URL, {"kind": "landkreis"})
    assert response.context["page"].paginator.count == 21


def test_unknown_filter_value_shows_a_german_error_not_a_crash(client, register):
    response = client.get(LIST_URL, {"kind": "dorf"})

    assert response.status_code == 200
    assert "dorf ist keine gültige Auswahl" in response.content.decode()


def test_list_is_paginated_and_keeps_the_query(client, register):
    response = client.get(LIST_URL, {"kind": "gemeinde", "page": 2})
    html = response.content.decode()

    assert response.context["page"].number == 2
    assert len(response.context["page"]) == 25
    assert "?kind=gemeinde&amp;page=3" in html
    assert "Seite 2 von 10" in html


def test_list_page_is_german_with_attribution_and_works_without_js(client, register):
    response = client.get(LIST_URL, {"q": "Fulda"})
    html = response.content.decode()

    assert "<html" in html
    assert "Kommunalverzeichnis" in html
    assert '<form method="get" action="/kommunen/"' in html
    assert ATTRIBUTION in html
    assert "dl-de/by-2-0" in html
    assert '<th scope="col">Einwohner</th>' in html


def test_htmx_request_gets_only_the_results_partial(client, register):
    response = client.get(LIST_URL, {"q": "Fulda"}, headers={"HX-Request": "true"})
    html = response.content.decode()

    assert "<html" not in html
    assert "<table" in html
    assert "/kommunen/06631009/" in html


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [2, 20])
def test_list_query_count_does_not_grow_with_rows(client, rows):
    MunicipalityFactory(ags="06632", name="Hersfeld-Rotenburg", kind="landkreis", district_ags="")
    MunicipalityFactory.create_batch(rows)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL, {"q": "musterstadt", "district": "06632"})

    assert response.context["page"].paginator.count == rows
    assert len(queries) == 3  # Landkreis choices, count, page


@pytest.mark.django_db
def test_search_query_count_is_pinned(client, django_assert_num_queries):
    MunicipalityFactory.create_batch(20)
    with django_assert_num_queries(3):
        client.get(LIST_URL, {"q": "Musterstadt", "kind": "stadt"})


def test_detail_page_in_german(client, register):
    response = client.get(reverse("municipalities:detail", args=["06531005"]))
    html = response.content.decode()

    assert response.status_code == 200
    assert "<h1>Gießen</h1>" in html
    assert "Stadt" in html
    assert "Einwohner am 31.12.2024" in html
    assert "89.179" in html
    assert '<a href="/kommunen/06531/">Gießen</a>' in html  # the Landkreis page
    assert '<a href="/kommunen/065/">Gießen</a>' in html  # the Regierungsbezirk page
    assert "50,586195° N, 8,674877° O" in html
    assert ATTRIBUTION in html


def test_detail_page_in_english(client, register):
    response = client.get(
        reverse("municipalities:detail", args=["06632002"]), headers={"Accept-Language": "en"}
    )
    html = response.content.decode()

    assert "Population on 31.12.2024" in html
    assert "30,846" in html


def test_kreisfreie_stadt_has_no_landkreis_link(client, register):
    response = client.get(reverse("municipalities:detail", args=["06412000"]))
    html = response.content.decode()

    assert "Kreisfreie Stadt" in html
    assert "<dt>Landkreis</dt>" not in html
    assert "756.021" in html


def test_landkreis_page_lists_its_towns_and_has_no_coordinates(client, register):
    response = client.get(reverse("municipalities:detail", args=["06632"]))
    html = response.content.decode()

    assert "Städte und Gemeinden in diesem Landkreis" in html
    assert '<a href="/kommunen/06632002/">Bad Hersfeld</a>' in html
    assert len(response.context["members"]) == 20
    assert "WGS84" not in html


def test_region_page_lists_landkreise_and_kreisfreie_staedte(client, register):
    response = client.get(reverse("municipalities:detail", args=["066"]))

    assert {m.name for m in response.context["members"]} >= {
        "Kassel",
        "Fulda",
        "Werra-Meißner-Kreis",
    }
    assert len(response.context["members"]) == 7  # 6 Landkreise + Kassel (kreisfrei)


def test_unknown_ags_is_a_german_404(client, register):
    response = client.get("/kommunen/06999999/")

    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


@pytest.mark.django_db
def test_detail_query_count_is_pinned(client, django_assert_num_queries):
    MunicipalityFactory(ags="06632002", name="Bad Hersfeld")
    with django_assert_num_queries(2):
        response = client.get("/kommunen/06632002/")
    assert response.status_code == 200


def test_other_apps_can_add_sections_to_the_detail_page(client, register):
    from django.utils.html import format_html

    def references(request, municipality):
        if municipality.ags == "06632002":
            return format_html("<section><h2>{}</h2></section>", "Referenzen")
        return None

    register_detail_section(references)
    try:
        assert "<h2>Referenzen</h2>" in client.get("/kommunen/06632002/").content.decode()
        assert "Referenzen" not in client.get("/kommunen/06631009/").content.decode()
    finally:
        _detail_sections.remove(references)


def test_get_absolute_url_points_to_the_detail_page(register):
    assert Municipality.objects.get(ags="06632002").get_absolute_url() == "/kommunen/06632002/"


def test_admin_lists_and_searches_the_register(client, register, django_user_model):
    admin = django_user_model.objects.create_superuser(email="admin@example.org", password="x")
    client.force_login(admin)

    response = client.get("/admin/municipalities/municipality/", {"q": "06432014"})

    assert response.status_code == 200
    assert "Mühltal" in response.content.decode()
