"""Challenges: providers see matching public needs, send one proposal each; the town rates."""

import pytest
from django.core import mail

from catalog.tests.factories import SolutionFactory
from core.models import Notification
from matching.models import Need, Proposal

from .conftest import make_need

pytestmark = pytest.mark.django_db


def proposal_url(need):
    return f"/vorhaben/{need.pk}/vorschlag/"


def rate_url(proposal):
    return f"/vorhaben/{proposal.need_id}/vorschlaege/{proposal.pk}/bewertung/"


def test_provider_sees_matching_public_needs_but_never_private_ones(
    client_for, provider_user, municipality_org, other_municipality_org, parking
):
    public = make_need(municipality_org, Need.Visibility.PUBLIC)
    make_need(other_municipality_org, Need.Visibility.PRIVATE, title="Geheimes Parkleitsystem")
    make_need(
        municipality_org,
        Need.Visibility.PUBLIC,
        title="Waldbrand früh erkennen",
        description="Kameras sollen Rauch im Wald erkennen.",
    )
    response = client_for(provider_user).get("/herausforderungen/")
    assert response.status_code == 200
    needs = [c["need"] for c in response.context["challenges"]]
    assert needs == [public]
    html = response.content.decode()
    assert "Geheimes Parkleitsystem" not in html and "Waldbrand" not in html
    assert "Parkleitsystem mit Bodensensoren" in html  # the matching own solution is named


def test_private_need_cannot_be_answered_by_direct_url(
    client_for, provider_user, municipality_org, parking
):
    private = make_need(municipality_org, Need.Visibility.PRIVATE)
    client = client_for(provider_user)
    assert client.get(proposal_url(private)).status_code == 404
    response = client.post(proposal_url(private), {"solution": parking.pk, "text": "Wir!"})
    assert response.status_code == 404
    assert not Proposal.objects.exists()


def test_provider_without_matching_solution_sees_no_challenges(
    client_for, other_provider_user, other_profile, public_need
):
    SolutionFactory(provider=other_profile, title="Schul-Tablets", summary="Tablets für Schulen.")
    response = client_for(other_provider_user).get("/herausforderungen/")
    assert response.context["challenges"] == []
    assert "Zurzeit passt kein öffentliches Vorhaben" in response.content.decode()


def test_proposal_notifies_the_town_and_is_edited_not_duplicated(
    client_for, provider_user, municipality_user, public_need, parking, profile, on_commit
):
    second = SolutionFactory(provider=profile, title="Parkhaus-Schranke")
    client = client_for(provider_user)
    with on_commit(execute=True):
        response = client.post(
            proposal_url(public_need), {"solution": parking.pk, "text": "Unsere Sensoren passen."}
        )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.provider == profile and proposal.solution == parking
    note = Notification.objects.get(user=municipality_user)
    assert "Neuer Vorschlag" in note.subject
    assert [m.to for m in mail.outbox] == [[municipality_user.email]]

    html = client.get(proposal_url(public_need)).content.decode()
    assert "Unsere Sensoren passen." in html  # the form is prefilled for editing
    with on_commit(execute=True):
        client.post(
            proposal_url(public_need), {"solution": second.pk, "text": "Lieber die Schranke."}
        )
    proposal = Proposal.objects.get()
    assert proposal.solution == second and proposal.text == "Lieber die Schranke."
    assert len(mail.outbox) == 1  # an edit does not notify again


def test_provider_cannot_propose_a_foreign_or_unpublished_solution(
    client_for, provider_user, public_need, rival_parking, profile
):
    draft = SolutionFactory(provider=profile, title="Entwurf", status="draft")
    client = client_for(provider_user)
    for solution in (rival_parking, draft):
        response = client.post(proposal_url(public_need), {"solution": solution.pk, "text": "x"})
        assert response.status_code == 200
        assert "solution" in response.context["form"].errors
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("municipality_user", 403), ("office_user", 403), ("outsider", 403)],
)
def test_only_providers_propose(client_for, request, public_need, parking, who, status):
    client = client_for(request.getfixturevalue(who))
    assert client.get("/herausforderungen/").status_code == status
    assert client.get(proposal_url(public_need)).status_code == status
    response = client.post(proposal_url(public_need), {"solution": parking.pk, "text": "x"})
    assert response.status_code == status
    assert not Proposal.objects.exists()


def test_anonymous_is_sent_to_login(client, public_need):
    for url in ("/herausforderungen/", proposal_url(public_need)):
        response = client.get(url)
        assert response.status_code == 302 and "/konto/login/" in response["Location"]


@pytest.fixture
def proposal(public_need, parking, profile, provider_user):
    return Proposal.objects.create(
        need=public_need, provider=profile, solution=parking, text="Unsere Sensoren passen.",
        author=provider_user,
    )  # fmt: skip


def test_town_sees_and_rates_proposals_and_the_provider_is_notified(
    client_for, municipality_user, provider_user, proposal, on_commit
):
    client = client_for(municipality_user)
    html = client.get(proposal.need.get_absolute_url()).content.decode()
    assert "Vorschläge von Anbietern" in html and "Unsere Sensoren passen." in html
    with on_commit(execute=True):
        response = client.post(rate_url(proposal), {"rating": "4", "comment": "Bitte Angebot."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.rating, proposal.rating_comment) == (4, "Bitte Angebot.")
    assert proposal.rated_by == municipality_user
    note = Notification.objects.get(user=provider_user)
    assert "bewertet" in note.subject and "4 von 5" in note.body
    assert [m.to for m in mail.outbox] == [[provider_user.email]]


def test_invalid_rating_is_refused(client_for, municipality_user, proposal):
    client_for(municipality_user).post(rate_url(proposal), {"rating": "9"})
    proposal.refresh_from_db()
    assert proposal.rating is None


@pytest.mark.parametrize(
    "who",
    ["provider_user", "other_provider_user", "other_municipality_user", "outsider", "office_user"],
)
def test_only_the_town_rates(client_for, request, proposal, who):
    response = client_for(request.getfixturevalue(who)).post(rate_url(proposal), {"rating": "1"})
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.rating is None


def test_proposals_are_hidden_from_other_providers_and_the_public(
    client, client_for, other_provider_user, other_municipality_user, provider_user, proposal
):
    url = proposal.need.get_absolute_url()
    assert "Unsere Sensoren passen." not in client.get(url).content.decode()
    for user in (other_provider_user, other_municipality_user):
        assert "Unsere Sensoren passen." not in client_for(user).get(url).content.decode()
    html = client_for(provider_user).get(url).content.decode()
    assert "Unsere Sensoren passen." in html  # its own proposal
    assert "Ihren Vorschlag bearbeiten" in html


def test_office_sees_proposals_read_only(client_for, office_user, proposal):
    html = client_for(office_user).get(proposal.need.get_absolute_url()).content.decode()
    assert "Unsere Sensoren passen." in html and "Bewertung speichern" not in html


def test_challenge_list_query_count_does_not_grow(
    client_for, provider_user, municipality_org, parking, django_assert_num_queries
):
    client = client_for(provider_user)
    for _ in range(2):
        make_need(municipality_org, Need.Visibility.PUBLIC)
    client.get("/herausforderungen/")  # reverse matches are cached per need and catalog state
    with django_assert_num_queries(10) as small:
        response = client.get("/herausforderungen/")
    baseline = len(small.captured_queries)
    assert len(response.context["challenges"]) == 2
    for _ in range(10):
        make_need(municipality_org, Need.Visibility.PUBLIC)
    client.get("/herausforderungen/")
    with django_assert_num_queries(baseline):
        response = client.get("/herausforderungen/")
    assert len(response.context["challenges"]) == 12
