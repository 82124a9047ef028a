"""Shortlist, dismiss and contact on the need page; who may change the shortlist."""

import pytest

from catalog.tests.factories import SolutionFactory
from matching.models import Need, NeedDecision

from .conftest import PARKING

pytestmark = pytest.mark.django_db


def decide_url(need, solution):
    return f"/vorhaben/{need.pk}/loesungen/{solution.pk}/"


def test_member_shortlists_dismisses_and_restores_without_javascript(
    client_for, municipality_user, need, parking, rival_parking
):
    client = client_for(municipality_user)
    html = client.get(need.get_absolute_url()).content.decode()
    assert "Parkleitsystem mit Bodensensoren" in html and "Parkraum-App mit Sensoren" in html
    assert "Auf die Merkliste" in html and "Ausblenden" in html
    assert f'href="/loesungen/{parking.slug}/kontakt/?vorhaben={need.pk}"' in html

    response = client.post(decide_url(need, parking), {"decision": "shortlisted"})
    assert response.status_code == 302 and response["Location"].startswith(need.get_absolute_url())
    html = client.get(need.get_absolute_url()).content.decode()
    assert "Merkliste" in html and "Auf der Merkliste" in html
    assert "Von der Merkliste nehmen" in html

    client.post(decide_url(need, rival_parking), {"decision": "dismissed"})
    response = client.get(need.get_absolute_url())
    ranked = [r.solution for r in response.context["results"]]
    assert rival_parking not in ranked and parking in ranked
    assert [d.solution for d in response.context["dismissed"]] == [rival_parking]
    assert "1 ausgeblendete Lösung" in response.content.decode()

    client.post(decide_url(need, rival_parking), {"decision": "reset"})
    response = client.get(need.get_absolute_url())
    assert rival_parking in [r.solution for r in response.context["results"]]
    assert NeedDecision.objects.get().kind == NeedDecision.Kind.SHORTLISTED


def test_htmx_request_gets_the_matches_fragment(client_for, municipality_user, need, parking):
    response = client_for(municipality_user).post(
        decide_url(need, parking), {"decision": "shortlisted"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="need-matches">')
    assert "<html" not in html and "Auf der Merkliste" in html


def test_decision_forms_use_data_hx_attributes_and_csrf(client_for, municipality_user, need):
    html = client_for(municipality_user).get(need.get_absolute_url()).content.decode()
    assert 'data-hx-post="' in html and " hx-post=" not in html
    assert "csrfmiddlewaretoken" in html


def test_csrf_is_enforced(municipality_user, need, parking):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(municipality_user)
    response = client.post(decide_url(need, parking), {"decision": "shortlisted"})
    assert response.status_code == 403
    assert not NeedDecision.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("provider_user", 404),
        ("other_municipality_user", 404),
        ("outsider", 404),
        ("office_user", 403),  # the office sees the need, but the shortlist is the town's
    ],
)
def test_others_cannot_decide_on_a_private_need(client_for, request, need, parking, who, status):
    response = client_for(request.getfixturevalue(who)).post(
        decide_url(need, parking), {"decision": "dismissed"}
    )
    assert response.status_code == status
    assert not NeedDecision.objects.exists()


def test_anonymous_is_sent_to_login(client, need, parking):
    response = client.post(decide_url(need, parking), {"decision": "dismissed"})
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    assert not NeedDecision.objects.exists()


@pytest.mark.parametrize(
    "who", ["provider_user", "other_municipality_user", "outsider", "office_user"]
)
def test_public_need_viewers_see_the_ranking_but_cannot_change_it(
    client_for, request, need, parking, who
):
    need.visibility = Need.Visibility.PUBLIC
    need.save()
    client = client_for(request.getfixturevalue(who))
    html = client.get(need.get_absolute_url()).content.decode()
    assert "Parkleitsystem mit Bodensensoren" in html
    assert "Auf die Merkliste" not in html and "Ausblenden" not in html
    response = client.post(decide_url(need, parking), {"decision": "dismissed"})
    assert response.status_code == 403
    assert not NeedDecision.objects.exists()


def test_public_viewers_do_not_see_the_towns_shortlist(
    client_for, municipality_user, other_municipality_user, need, parking
):
    need.visibility = Need.Visibility.PUBLIC
    need.save()
    NeedDecision.objects.create(need=need, solution=parking, kind="shortlisted")
    html = client_for(other_municipality_user).get(need.get_absolute_url()).content.decode()
    assert "Auf der Merkliste" not in html


def test_office_sees_the_shortlist_read_only(client_for, office_user, need, parking):
    NeedDecision.objects.create(need=need, solution=parking, kind="shortlisted")
    html = client_for(office_user).get(need.get_absolute_url()).content.decode()
    assert "Auf der Merkliste" in html and "Wiederherstellen" not in html


def test_only_published_solutions_can_be_decided_on(client_for, municipality_user, need):
    draft = SolutionFactory(title="Entwurf", status="draft")
    response = client_for(municipality_user).post(
        decide_url(need, draft), {"decision": "shortlisted"}
    )
    assert response.status_code == 404


def test_unknown_decision_changes_nothing(client_for, municipality_user, need, parking):
    response = client_for(municipality_user).post(decide_url(need, parking), {"decision": "x"})
    assert response.status_code == 302
    assert not NeedDecision.objects.exists()


def test_need_page_query_count_does_not_grow_with_results(
    client_for, municipality_user, need, profile, django_assert_num_queries
):
    client = client_for(municipality_user)

    def add(n):
        for i in range(n):
            solution = SolutionFactory(
                provider=profile, title=f"Parkleitsystem Variante {i}", **PARKING
            )
            kind = "shortlisted" if i % 2 else "dismissed"
            NeedDecision.objects.create(need=need, solution=solution, kind=kind)

    add(2)
    client.get(need.get_absolute_url())  # warm the in-memory index
    with django_assert_num_queries(15) as small:
        response = client.get(need.get_absolute_url())
    baseline = len(small.captured_queries)
    assert len(response.context["results"]) >= 2
    add(18)
    client.get(need.get_absolute_url())
    with django_assert_num_queries(baseline):
        response = client.get(need.get_absolute_url())
    assert len(response.context["results"]) + len(response.context["dismissed"]) >= 10
