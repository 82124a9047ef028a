import pytest

from matching.models import Need

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_need(municipality_org, municipality_user):
    return Need.objects.create(
        organisation=municipality_org,
        author=municipality_user,
        title="Weniger Parksuchverkehr",
        description="Die Leute kurven ewig durch die Altstadt.",
    )


def test_private_need_visible_to_own_town_and_office(
    client_for, private_need, municipality_user, office_user
):
    for user in (municipality_user, office_user):
        response = client_for(user).get(private_need.get_absolute_url())
        assert response.status_code == 200
        assert "Altstadt" in response.content.decode()


@pytest.mark.parametrize(
    "who", ["provider_user", "other_municipality_user", "outsider", "anonymous"]
)
def test_private_need_invisible_to_everyone_else(client, client_for, request, private_need, who):
    c = client if who == "anonymous" else client_for(request.getfixturevalue(who))
    assert c.get(private_need.get_absolute_url()).status_code == 404


def test_public_need_visible_to_providers(client_for, private_need, provider_user):
    private_need.visibility = Need.Visibility.PUBLIC
    private_need.save()
    assert client_for(provider_user).get(private_need.get_absolute_url()).status_code == 200
