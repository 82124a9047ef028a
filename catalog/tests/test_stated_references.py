"""References outside the municipality register (#16 item 13): imported, entered and exported as
the provider's statement ("Angabe des Anbieters"), never verified and never counted as such."""

import copy

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from accounts.tests.factories import MunicipalityFactory
from catalog import services
from catalog.exchange import ExchangeError, export_catalog, import_catalog
from catalog.models import ProviderProfile, Reference, Solution

pytestmark = pytest.mark.django_db

DOC = {
    "format": "smart-region-catalog/1",
    "providers": [{"id": "prov-park", "name": "ParkSense GmbH"}],
    "solutions": [
        {
            "id": "sol-park",
            "provider": "prov-park",
            "title": "Parkleitsystem mit Bodensensoren",
            "summary": "Sensoren erfassen jeden Stellplatz, Anzeigetafeln lenken zu freien "
            "Parkplätzen.",
            "topics": ["mobilitaet"],
            "references": [
                {"municipality": "Bad Hersfeld", "ags": "06632002", "year": 2021},
                {
                    "municipality": "Stadtwerke Linz",
                    "country": "Österreich",
                    "year": 2022,
                    "summary": "Zwei Parkhäuser in der Innenstadt.",
                },  # fmt: skip
                {"municipality": "Passau", "ags": "09262000", "year": 2023},
            ],
        }
    ],
}


@pytest.fixture
def hersfeld(db):
    return MunicipalityFactory(ags="06632002", name="Bad Hersfeld")


def stated():
    return list(
        Reference.objects.filter(status=Reference.Status.STATED)
        .order_by("place_name")
        .values_list("place_name", "state", "country", "year", "municipality")
    )


def test_import_accepts_references_without_ags_and_outside_hessen_as_stated(hersfeld):
    import_catalog(DOC, publish=True)
    assert stated() == [
        ("Passau", "Bayern", "Deutschland", 2023, None),
        ("Stadtwerke Linz", "", "Österreich", 2022, None),
    ]
    town = Reference.objects.get(municipality=hersfeld)
    assert town.status == Reference.Status.CLAIMED  # the register town can still confirm it
    assert Reference.objects.verified().count() == 0


def test_importing_the_same_stated_references_twice_changes_nothing(hersfeld):
    import_catalog(DOC, publish=True)
    again = import_catalog(DOC, publish=True)
    assert again.unchanged == {"providers": 1, "solutions": 1}
    assert Reference.objects.count() == 3


def test_export_then_import_keeps_stated_references(hersfeld):
    import_catalog(DOC, publish=True)
    exported = export_catalog()
    refs = exported["solutions"][0]["references"]
    assert {"municipality": "Passau", "state": "Bayern", "country": "Deutschland", "year": 2023,
            "summary": "", "verified": False} in refs  # fmt: skip
    assert not any("ags" in r for r in refs if r["municipality"] != "Bad Hersfeld")
    # The same document into an empty catalog gives the same references ...
    Solution.objects.all().delete()
    ProviderProfile.objects.all().delete()
    import_catalog(exported, publish=True)
    assert stated() == [
        ("Passau", "Bayern", "Deutschland", 2023, None),
        ("Stadtwerke Linz", "", "Österreich", 2022, None),
    ]
    assert Reference.objects.get(place_name="Stadtwerke Linz").summary == (
        "Zwei Parkhäuser in der Innenstadt."
    )
    # ... and into the catalog it came from changes nothing.
    assert import_catalog(export_catalog()).unchanged == {"providers": 1, "solutions": 1}


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        (
            {"municipality": "Tippfehlingen", "ags": "06999999"},
            "Lösung „sol-park“, references[0]: Der Schlüssel „ags“ steht nicht im "
            "Gemeindeverzeichnis",
        ),
        (
            {"municipality": "Irgendwo", "ags": "99000000"},
            "Lösung „sol-park“, references[0]: Der Schlüssel „ags“ ist kein deutscher "
            "Gemeindeschlüssel",
        ),
        (
            {"year": 2022, "country": "Österreich"},
            "Lösung „sol-park“, references[0]: Eine Referenz ohne Schlüssel aus dem "
            "Gemeindeverzeichnis braucht den Schlüssel „municipality“ (den Ort)",
        ),
        (
            {"municipality": "Linz", "country": "Ö" * 101},
            "Lösung „sol-park“, references[0]: Der Schlüssel „country“ ist länger als 100 Zeichen",
        ),
    ],
)
def test_bad_references_are_refused_in_german_and_nothing_is_written(hersfeld, reference, message):
    doc = copy.deepcopy(DOC)
    doc["solutions"][0]["references"] = [reference]
    with pytest.raises(ExchangeError) as exc:
        import_catalog(doc, publish=True)
    assert str(exc.value) == message
    assert not Solution.objects.exists() and not Reference.objects.exists()


def test_solution_page_lists_stated_references_separately_and_labelled(client, hersfeld):
    import_catalog(DOC, publish=True)
    Reference.objects.filter(municipality=hersfeld).update(status=Reference.Status.CONFIRMED)
    response = client.get(Solution.objects.get().get_absolute_url())
    html = response.content.decode()
    assert [r.municipality.name for r in response.context["references"]] == ["Bad Hersfeld"]
    section = html.split("Referenzen außerhalb des Verzeichnisses (Angabe des Anbieters)")[1]
    section = section.split("</ul>")[0]
    assert 'Passau, Bayern, Deutschland (2023) <span class="sr-muted">(Angabe des Anbieters)' in (
        section
    )
    assert "Stadtwerke Linz, Österreich (2022)" in section
    assert "Zwei Parkhäuser in der Innenstadt." in section
    assert "sr-badge" not in section  # no "bestätigt" badge among them
    register = html.split('id="refs"')[1].split('id="stated-refs"')[0]
    assert register.count('class="sr-badge"') == 1  # the confirmed register town only


def test_stated_references_are_not_counted_in_the_verified_facets(client, hersfeld):
    from catalog.tests.factories import SolutionFactory

    import_catalog(DOC, publish=True)  # one claimed register town, two stated places
    confirmed = SolutionFactory(title="Verkehrszählung")
    Reference.objects.create(
        solution=confirmed, municipality=hersfeld, status=Reference.Status.CONFIRMED
    )
    response = client.get("/loesungen/")
    groups = {g["name"]: g for g in response.context["facet_groups"]}
    assert {v["value"]: v["count"] for v in groups["verified"]["values"]} == {
        "any": 1,
        "hessen": 1,
    }
    for value in ("any", "hessen"):
        found = client.get("/loesungen/", {"verified": value}).context["solutions"]
        assert [s.title for s in found] == ["Verkehrszählung"]


def test_need_reasons_count_only_register_references_as_verified(
    client_for, municipality_user, municipality_org
):
    from catalog.tests.factories import SolutionFactory
    from matching.models import Need

    SolutionFactory(title="Pegelmessung", summary="Sensoren messen Wasserstände.")
    parking = SolutionFactory(
        title="Parkleitsystem mit Bodensensoren",
        summary="Sensoren erfassen jeden Stellplatz, Anzeigetafeln lenken zu freien Parkplätzen.",
        description="Weniger Parksuchverkehr in der Altstadt.",
    )
    Reference.objects.create(
        solution=parking,
        municipality=municipality_org.municipality,
        status=Reference.Status.CONFIRMED,
    )
    for place, country in (("Passau", "Deutschland"), ("Linz", "Österreich")):
        Reference.objects.create(
            solution=parking, place_name=place, country=country, status=Reference.Status.STATED
        )
    need = Need.objects.create(
        organisation=municipality_org,
        title="Parkplatzsuche in der Altstadt",
        description="Anzeigetafeln sollen freie Stellplätze zeigen.",
    )
    response = client_for(municipality_user).get(need.get_absolute_url())
    result = next(r for r in response.context["results"] if r.solution == parking)
    assert [r.municipality.name for r in result.verified] == ["Bad Hersfeld"]
    assert "1 bestätigte Referenz (in Ihrem Landkreis)" in response.content.decode()


def test_a_stated_reference_can_never_be_verified(hersfeld, municipality_user, provider_user):
    import_catalog(DOC, publish=True)
    ref = Reference.objects.get(place_name="Passau")
    for status in Reference.VERIFIED:
        with pytest.raises(IntegrityError), transaction.atomic():
            Reference.objects.filter(pk=ref.pk).update(status=status)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reference.objects.create(
            solution=ref.solution, place_name="München", status=Reference.Status.CONFIRMED
        )
    with pytest.raises(IntegrityError), transaction.atomic():  # a stated one needs a place
        Reference.objects.create(solution=ref.solution, status=Reference.Status.STATED)
    # No town (and no user without one) may decide it.
    for user in (municipality_user, provider_user):
        assert services.can_decide_reference(user, ref) is False
        with pytest.raises(PermissionDenied):
            services.decide_reference(actor=user, reference=ref, confirm=True)
    ref.refresh_from_db()
    assert ref.status == Reference.Status.STATED


def test_a_stated_reference_is_not_offered_to_towns_for_confirmation(
    client_for, hersfeld, municipality_user
):
    import_catalog(DOC, publish=True)
    response = client_for(municipality_user).get("/referenzen/bestaetigen/")
    assert [r.place_label for r in response.context["references"]] == ["Bad Hersfeld"]


@pytest.fixture
def own_solution(provider_org):
    from catalog.tests.factories import ProviderProfileFactory, SolutionFactory

    return SolutionFactory(provider=ProviderProfileFactory(organisation=provider_org))


def test_provider_adds_a_stated_reference_outside_the_register(
    client_for, provider_user, own_solution
):
    client = client_for(provider_user)
    url = f"/loesungen/{own_solution.slug}/referenz/"
    form_html = client.get(url).content.decode()
    assert "Oder: Ort oder Organisation außerhalb des Verzeichnisses" in form_html
    response = client.post(
        url, {"place_name": "Zürich", "country": "Schweiz", "year": "2024"}, follow=True
    )
    assert "Die Referenz wird als Angabe des Anbieters angezeigt." in response.content.decode()
    assert stated() == [("Zürich", "", "Schweiz", 2024, None)]
    assert Reference.objects.get().created_by == provider_user
    html = client.get(own_solution.get_absolute_url()).content.decode()
    section = html.split("Referenzen außerhalb des Verzeichnisses (Angabe des Anbieters)")[1]
    assert "Zürich, Schweiz (2024)" in section.split("</ul>")[0]
    # The same place twice is refused.
    response = client.post(url, {"place_name": "zürich", "country": "Schweiz"})
    assert "Dieser Ort ist bereits als Referenz genannt." in response.content.decode()
    assert Reference.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"year": "2024"},
            "Wählen Sie eine Kommune aus dem Verzeichnis oder nennen Sie einen Ort außerhalb "
            "davon.",
        ),
        (
            {"municipality": "TOWN", "place_name": "Zürich", "country": "Schweiz"},
            "Wählen Sie eine Kommune aus dem Verzeichnis oder nennen Sie einen Ort außerhalb "
            "davon, nicht beides.",
        ),
        ({"place_name": "Zürich"}, "Nennen Sie das Bundesland oder das Land des Ortes."),
    ],
)
def test_reference_form_needs_a_town_or_a_place_with_its_country(
    client_for, provider_user, own_solution, hersfeld, data, message
):
    if data.get("municipality") == "TOWN":
        data = {**data, "municipality": hersfeld.pk}
    response = client_for(provider_user).post(f"/loesungen/{own_solution.slug}/referenz/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Reference.objects.exists()


def test_api_shows_a_stated_reference_without_ags_and_unverified(client, hersfeld):
    import_catalog(DOC, publish=True)
    refs = client.get(f"/api/v1/solutions/{Solution.objects.get().slug}").json()["references"]
    passau = next(r for r in refs if r["municipality"] == "Passau")
    assert passau == {
        "municipality": "Passau",
        "ags": None,
        "state": "Bayern",
        "country": "Deutschland",
        "stated": True,
        "year": 2023,
        "verified": False,
    }


def test_open_data_table_lists_only_register_keys_and_the_json_the_stated_place(hersfeld):
    from api.opendata_catalog import TABLE_COLUMNS, catalog_table, open_document

    import_catalog(DOC, publish=True)
    columns, rows = catalog_table()
    row = dict(zip(columns, rows[0], strict=True))
    assert columns == TABLE_COLUMNS
    assert (row["references"], row["verified_references"]) == ("06632002:2021", 0)
    refs = open_document()["solutions"][0]["references"]
    assert [r["municipality"] for r in refs if "ags" not in r] == ["Passau", "Stadtwerke Linz"]
