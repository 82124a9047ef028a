import pytest

from catalog.models import Topic
from matching.models import Need

pytestmark = pytest.mark.django_db


@pytest.fixture
def needs(municipality_org, municipality_user):
    def make(title, visibility, topics=()):
        need = Need.objects.create(
            organisation=municipality_org,
            author=municipality_user,
            title=title,
            description="Beschreibung",
            visibility=visibility,
        )
        need.topics.set(Topic.objects.filter(slug__in=topics))
        return need

    return {
        "public": make("Hochwasser früh erkennen", Need.Visibility.PUBLIC, ["wasser"]),
        "other": make("Parkraum", Need.Visibility.PUBLIC, ["mobilitaet"]),
        "private": make("Geheim", Need.Visibility.PRIVATE, ["wasser"]),
    }


def test_only_public_needs_are_listed(client, needs):
    body = client.get("/api/v1/needs").json()
    assert {n["title"] for n in body["items"]} == {"Hochwasser früh erkennen", "Parkraum"}
    item = next(n for n in body["items"] if n["title"] == "Parkraum")
    assert (item["municipality"], item["ags"], item["topics"]) == (
        "Bad Hersfeld",
        "06632002",
        ["mobilitaet"],
    )


def test_private_need_is_404_even_with_own_token(
    client, needs, municipality_user, municipality_org
):
    from api.services import create_api_token

    _, plaintext = create_api_token(
        actor=municipality_user, organisation=municipality_org, name="t"
    )
    response = client.get(
        f"/api/v1/needs/{needs['private'].pk}", headers={"Authorization": f"Bearer {plaintext}"}
    )
    assert response.status_code == 404
    assert (
        client.get(f"/api/v1/needs/{needs['public'].pk}").json()["title"]
        == "Hochwasser früh erkennen"
    )


def test_topic_filter(client, needs):
    body = client.get("/api/v1/needs?topic=wasser").json()
    assert [n["title"] for n in body["items"]] == ["Hochwasser früh erkennen"]


@pytest.mark.parametrize("rows", [2, 20])
def test_need_list_query_count(client, django_assert_num_queries, municipality_org, rows):
    for i in range(rows):
        Need.objects.create(
            organisation=municipality_org,
            title=f"N{i}",
            description="d",
            visibility=Need.Visibility.PUBLIC,
        ).topics.set(Topic.objects.filter(slug="wasser"))
    with django_assert_num_queries(2):
        assert len(client.get("/api/v1/needs?limit=50").json()["items"]) == rows
