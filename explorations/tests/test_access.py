import pytest

from catalog.tests.factories import SolutionFactory
from explorations import services
from explorations.models import MarketExploration

from .factories import make_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def town_record(municipality_org, municipality_user):
    return make_record(
        municipality_org, municipality_user, [SolutionFactory(title="Parkleitsystem")]
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("municipality_user", 200),
        ("office_user", 200),
        ("other_municipality_user", 404),
        ("provider_user", 404),
        ("outsider", 404),
    ],
)
def test_who_sees_a_record(request, client_for, town_record, who, status):
    client = client_for(request.getfixturevalue(who))
    for suffix in ("/", ".pdf", ".csv", ".ods", ".json"):
        assert client.get(f"/markterkundungen/{town_record.pk}{suffix}").status_code == status


def test_list_shows_only_the_towns_own_records(
    client_for, town_record, other_municipality_org, other_municipality_user, office_user
):
    other = make_record(
        other_municipality_org, other_municipality_user, [SolutionFactory(title="Bürgerbüro")]
    )
    html = client_for(other_municipality_user).get("/markterkundungen/").content.decode()
    assert f'href="/markterkundungen/{other.pk}/"' in html
    assert f'href="/markterkundungen/{town_record.pk}/"' not in html
    html = client_for(office_user).get("/markterkundungen/").content.decode()
    assert f'href="/markterkundungen/{other.pk}/"' in html
    assert f'href="/markterkundungen/{town_record.pk}/"' in html


def test_the_office_reads_but_does_not_change(client_for, office_user, town_record):
    client = client_for(office_user)
    html = client.get(town_record.get_absolute_url()).content.decode()
    assert "Voten speichern" not in html
    assert "Markterkundung abschließen" not in html
    assert client.post(f"/markterkundungen/{town_record.pk}/abschliessen/").status_code == 403
    town_record.refresh_from_db()
    assert not town_record.is_closed


def test_only_the_needs_town_freezes_its_matches(
    client_for, need, other_municipality_user, office_user, municipality_user
):
    url = f"/vorhaben/{need.pk}/markterkundung/"
    assert client_for(other_municipality_user).post(url).status_code == 404
    assert client_for(office_user).post(url).status_code == 403
    assert not MarketExploration.objects.exists()
    html = client_for(office_user).get(need.get_absolute_url()).content.decode()
    assert f'action="{url}"' not in html


def test_service_refuses_a_closed_record(municipality_user, town_record):
    services.close_exploration(actor=municipality_user, record=town_record)
    with pytest.raises(services.RecordClosed):
        services.update_route_input(
            actor=municipality_user,
            record=town_record,
            estimated_value=1,
            scope="works",
            procedure_start=None,
        )
