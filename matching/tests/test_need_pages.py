import pytest

from matching.models import Need

pytestmark = pytest.mark.django_db

# `parking`: a realistic catalog plus one parking solution (conftest).


def test_municipality_member_posts_a_need_and_sees_matches_with_reasons(
    client_for, municipality_user, parking
):
    client = client_for(municipality_user)
    response = client.post(
        "/vorhaben/neu/",
        {
            "title": "Parkplatzsuche in der Altstadt",
            "description": "Die Leute kurven ewig durch die Altstadt und suchen einen Stellplatz.",
            "visibility": "private",
        },
    )
    need = Need.objects.get()
    assert response.status_code == 302 and response["Location"] == need.get_absolute_url()
    html = client.get(need.get_absolute_url()).content.decode()
    assert "Parkleitsystem mit Bodensensoren" in html
    assert "Warum diese Lösung" in html


def test_need_without_fitting_solution_offers_a_partnership(
    client_for, municipality_user, municipality_org, parking
):
    need = Need.objects.create(
        organisation=municipality_org,
        title="Drohnen für Deichkontrolle",
        description="Wir suchen Drohnen, die Deiche nach Wühlmäusen absuchen.",
    )
    html = client_for(municipality_user).get(need.get_absolute_url()).content.decode()
    assert "keine Lösung" in html
    assert f"/partnerschaften/neu/?need={need.pk}" in html


def test_partnership_offer_stays_reachable_when_something_fits(
    client_for, municipality_user, other_municipality_user, municipality_org, parking
):
    """'Passt' can be wrong on near misses (docs/search.md), so the town keeps the offer."""
    need = Need.objects.create(
        organisation=municipality_org,
        title="Parkplatzsuche in der Altstadt",
        description="Die Leute kurven ewig durch die Altstadt und suchen einen Stellplatz.",
        visibility="public",
    )
    html = client_for(municipality_user).get(need.get_absolute_url()).content.decode()
    assert "Parkleitsystem mit Bodensensoren" in html
    assert "keine Lösung" not in html
    assert "Keine dieser Lösungen hilft wirklich weiter?" in html
    assert f'href="/partnerschaften/neu/?need={need.pk}"' in html
    other = client_for(other_municipality_user).get(need.get_absolute_url()).content.decode()
    assert "Keine dieser Lösungen hilft wirklich weiter?" not in other
    assert f"/partnerschaften/neu/?need={need.pk}" not in other


@pytest.mark.parametrize("who", ["provider_user", "outsider"])
def test_only_municipality_members_create_needs(client_for, request, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get("/vorhaben/neu/").status_code == 403
    assert client.post("/vorhaben/neu/", {"title": "x", "description": "y"}).status_code == 403
    assert not Need.objects.exists()


def test_invalid_need_rerenders_with_german_errors(client_for, municipality_user):
    response = client_for(municipality_user).post("/vorhaben/neu/", {"title": ""})
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert not Need.objects.exists()


def test_need_list_hides_other_towns_private_needs(
    client_for, other_municipality_user, municipality_org
):
    Need.objects.create(organisation=municipality_org, title="Geheimes Vorhaben", description="x")
    html = client_for(other_municipality_user).get("/vorhaben/").content.decode()
    assert "Geheimes Vorhaben" not in html


def test_reasons_name_whole_words_topics_and_verified_references_nearby(
    client_for, municipality_user, municipality_org, parking
):
    from accounts.tests.factories import MunicipalityFactory
    from catalog.models import Reference, Topic
    from catalog.tests.factories import SolutionFactory

    from .conftest import PARKING

    mobility = Topic.objects.get(slug="mobilitaet")
    parking.topics.set([mobility])
    SolutionFactory(title="Parkraum-App mit Sensoren", **PARKING)  # fits, no references
    neighbour = MunicipalityFactory(ags="06632011", name="Bebra")  # same district (06632)
    far = MunicipalityFactory(ags="06411000", name="Darmstadt", district_ags="06411")
    Reference.objects.create(solution=parking, municipality=neighbour, status="confirmed")
    Reference.objects.create(solution=parking, municipality=far, status="confirmed")
    need = Need.objects.create(
        organisation=municipality_org,
        title="Parkplatzsuche in der Altstadt",
        description="Anzeigetafeln sollen freie Stellplätze zeigen.",
    )
    need.topics.set([mobility])
    response = client_for(municipality_user).get(need.get_absolute_url())
    result = next(r for r in response.context["results"] if r.solution == parking)
    # Whole words as the town wrote them: "Parkplatzsuche" through the solution's
    # "Parkplätzen" (a word the compound is built from), never "park (parkplatzsuche)".
    assert result.words == ["Parkplatzsuche", "Altstadt", "Anzeigetafeln", "Stellplätze"]
    assert result.topics == [mobility]
    assert [r.municipality for r in result.verified_nearby] == [neighbour]
    html = response.content.decode()
    assert "passende Begriffe: Parkplatzsuche, Altstadt, Anzeigetafeln, Stellplätze;" in html
    assert "Handlungsfelder: Mobilität &amp; Verkehr" in html
    assert (
        "Sensoren erfassen jeden <mark>Stellplatz</mark>, <mark>Anzeigetafeln</mark> lenken zu "
        "freien <mark>Parkplätzen</mark>."
    ) in html
    assert "2 bestätigte Referenzen (davon 1 in Ihrem Landkreis)" in html

    Reference.objects.filter(municipality=far).delete()
    html = client_for(municipality_user).get(need.get_absolute_url()).content.decode()
    assert "1 bestätigte Referenz (in Ihrem Landkreis)" in html
    assert "Parkraum-App mit Sensoren" in html
    assert html.count("in Ihrem Landkreis") == 1  # not after solutions without references
