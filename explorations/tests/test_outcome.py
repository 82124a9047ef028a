"""The outcome of a need: recorded once, each provider of the need's records told once (with
the reason the clerk confirmed), an award in operation becomes one verified reference."""

import pytest
from django.core import mail

from catalog.models import Reference
from core.models import Notification
from explorations.models import ExplorationEntry, NeedOutcome, OutcomeNotice
from matching.models import Need

pytestmark = pytest.mark.django_db


def _url(need, suffix=""):
    return f"/vorhaben/{need.pk}/ergebnis/{suffix}"


@pytest.fixture
def judged(record, rival):
    """The town did not consider the rival (hosted abroad) and said why."""
    entry = record.entries.get(solution=rival)
    entry.verdict = ExplorationEntry.Verdict.NOT_CONSIDERED
    entry.verdict_reason = "Hosting außerhalb Deutschlands"
    entry.save()
    return record


def _award(parking, rival, rival_reason="Nicht in Deutschland gehostet, daher ausgeschieden."):
    return {
        "kind": "award",
        "solution": parking.pk,
        "net_value": "48.000,50",
        "contract_date": "2027-02-15",
        "term": "24 Monate",
        f"anbieter-{parking.provider.pk}": "",
        f"anbieter-{rival.provider.pk}": rival_reason,
    }


def test_the_form_lists_every_provider_with_the_towns_reason(
    client_for, municipality_user, need, judged, parking, rival
):
    html = client_for(municipality_user).get(_url(need)).content.decode()
    assert "Ergebnis erfassen" in html
    assert f"Begründung für {rival.provider.name}" in html
    assert f"Begründung für {parking.provider.name}" in html
    assert "Hosting außerhalb Deutschlands</textarea>" in html
    option = f'<option value="{parking.pk}">Parkleitsystem mit Bodensensoren'
    assert f"{option} ({parking.provider.name})</option>" in html


def test_an_award_tells_each_provider_once_with_the_edited_reason(
    client_for,
    municipality_user,
    provider_user,
    other_provider_user,
    need,
    judged,
    parking,
    rival,
    django_capture_on_commit_callbacks,
):
    client = client_for(municipality_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(need), _award(parking, rival))
    assert response.status_code == 302
    assert response["Location"] == _url(need)
    outcome = NeedOutcome.objects.get(need=need)
    assert (outcome.kind, outcome.solution, str(outcome.net_value)) == (
        "award",
        parking,
        "48000.50",
    )
    assert outcome.contract_date.isoformat() == "2027-02-15"
    notices = {n.provider: (n.chosen, n.reason) for n in OutcomeNotice.objects.all()}
    assert notices == {
        parking.provider: (True, ""),
        rival.provider: (False, "Nicht in Deutschland gehostet, daher ausgeschieden."),
    }
    won = Notification.objects.get(user=provider_user)
    lost = Notification.objects.get(user=other_provider_user)
    assert "an Ihre Lösung „Parkleitsystem mit Bodensensoren“" in won.body
    assert "Begründung der Kommune: Nicht in Deutschland gehostet" in lost.body
    assert sorted(m.to[0] for m in mail.outbox) == [
        "alice@parksense.example",
        "bob@konkurrenz.example",
    ]
    need.refresh_from_db()
    assert (need.status, need.closed_reason) == (Need.Status.CLOSED, Need.CloseReason.SOLVED)
    shown = client.get(_url(need)).content.decode()
    assert "Das Ergebnis ist erfasst; 2 Anbieter wurden benachrichtigt." in shown
    assert '<h2 id="reference-heading">Referenz</h2>' in shown

    # A second submission records nothing and tells nobody again.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(_url(need), _award(parking, rival, "anders"))
    assert again.status_code == 200
    assert NeedOutcome.objects.count() == 1
    assert Notification.objects.filter(kind="outcome").count() == 2
    assert len(mail.outbox) == 2
    page = again.content.decode()
    assert "Zuschlag erteilt" in page
    assert "48.000,50" in page
    assert "15.02.2027" in page
    assert "Nicht in Deutschland gehostet, daher ausgeschieden." in page


def test_an_award_needs_a_reason_for_every_provider_not_chosen(
    client_for, municipality_user, need, judged, parking, rival
):
    response = client_for(municipality_user).post(_url(need), _award(parking, rival, " "))
    assert response.status_code == 400
    assert "Teilen Sie diesem Anbieter mit, warum er nicht gewählt wurde." in (
        response.content.decode()
    )
    assert not NeedOutcome.objects.exists()
    assert not Notification.objects.filter(kind="outcome").exists()


def test_a_cancelled_procedure_needs_its_reason_and_closes_the_need(
    client_for, municipality_user, need, judged, parking, rival
):
    client = client_for(municipality_user)
    refused = client.post(_url(need), {"kind": "cancelled", "reason": ""})
    assert refused.status_code == 400
    assert "Nennen Sie den Grund, warum das Verfahren aufgehoben wurde." in (
        refused.content.decode()
    )
    # As the browser sends it: the rival's reason pre-filled from the verdict, none for parking.
    client.post(
        _url(need),
        {
            "kind": "cancelled",
            "reason": "Haushaltssperre",
            f"anbieter-{parking.provider.pk}": "",
            f"anbieter-{rival.provider.pk}": "Hosting außerhalb Deutschlands",
        },
    )
    need.refresh_from_db()
    assert (need.status, need.closed_reason) == (Need.Status.CLOSED, Need.CloseReason.DROPPED)
    # A provider without a reason of its own is told the reason of the cancellation.
    assert dict(OutcomeNotice.objects.values_list("provider", "reason")) == {
        parking.provider.pk: "Haushaltssperre",
        rival.provider.pk: "Hosting außerhalb Deutschlands",
    }


def test_without_a_record_the_form_says_nobody_would_hear_the_outcome(
    client_for, municipality_user, need
):
    html = client_for(municipality_user).get(_url(need)).content.decode()
    assert "Für dieses Vorhaben ist noch keine Markterkundung festgehalten" in html
    assert f'<a href="/vorhaben/{need.pk}/#matches">Halten Sie zuerst' in html


def test_no_fitting_solution_leads_to_the_partnership_offer(
    client_for, municipality_user, need, record
):
    response = client_for(municipality_user).post(_url(need), {"kind": "no_solution"})
    assert response.status_code == 302
    assert response["Location"] == f"/partnerschaften/neu/?need={need.pk}"
    need.refresh_from_db()
    assert need.status == Need.Status.OPEN


@pytest.mark.parametrize(
    "who, status",
    [
        ("municipality_user", 200),
        ("office_user", 200),
        ("other_municipality_user", 404),
        ("provider_user", 404),
    ],
)
def test_who_sees_the_outcome(request, client_for, need, record, who, status):
    NeedOutcome.objects.create(need=need, kind="cancelled", reason="Haushaltssperre")
    user = request.getfixturevalue(who)
    assert client_for(user).get(_url(need)).status_code == status


def test_the_office_reads_the_form_page_but_cannot_record(client_for, office_user, need, record):
    assert client_for(office_user).get(_url(need)).status_code == 403
    assert client_for(office_user).post(_url(need), {"kind": "no_solution"}).status_code == 403
    assert not NeedOutcome.objects.exists()


def test_each_provider_sees_only_its_own_notice(
    client_for, municipality_user, provider_user, other_provider_user, need, judged, parking, rival
):
    client_for(municipality_user).post(_url(need), _award(parking, rival))
    mine = client_for(provider_user).get("/anbieter/konto/markterkundungen/").content.decode()
    assert "Ihre Lösungen wurden in 1 Markterkundung betrachtet, 1 Zuschlag." in mine
    assert "Ihre Lösung hat den Zuschlag erhalten" in mine
    assert "Nicht in Deutschland gehostet" not in mine
    theirs = client_for(other_provider_user).get("/anbieter/konto/markterkundungen/")
    html = theirs.content.decode()
    assert "Ihre Lösungen wurden in 1 Markterkundung betrachtet, 0 Zuschläge." in html
    assert "Zuschlag erteilt: eine andere Lösung" in html
    assert "Nicht in Deutschland gehostet, daher ausgeschieden." in html
    assert client_for(municipality_user).get("/anbieter/konto/markterkundungen/").status_code == 403


def test_an_award_in_operation_becomes_one_verified_reference(
    client_for, municipality_user, need, judged, parking, rival
):
    client = client_for(municipality_user)
    client.post(_url(need), _award(parking, rival))
    for _attempt in range(2):
        response = client.post(_url(need, "referenz/"))
        assert response.status_code == 302
    reference = Reference.objects.get(solution=parking)
    assert reference.status == Reference.Status.FROM_EXPLORATION
    assert reference.is_verified
    assert reference.municipality == need.organisation.municipality
    assert NeedOutcome.objects.get(need=need).reference == reference
    page = client.get(parking.get_absolute_url()).content.decode()
    assert "bestätigt – aus Markterkundung" in page
    assert "Bad Hersfeld" in page


def _notices(need, n):
    from catalog.tests.factories import ProviderProfileFactory

    outcome = NeedOutcome.objects.create(need=need, kind="cancelled", reason="Haushaltssperre")
    OutcomeNotice.objects.bulk_create(
        OutcomeNotice(outcome=outcome, provider=ProviderProfileFactory(), reason=f"Grund {i}")
        for i in range(n)
    )
    return outcome


@pytest.mark.parametrize("rows", [2, 20])
def test_outcome_page_queries_do_not_grow_with_providers(
    client_for, municipality_user, need, rows, django_assert_num_queries
):
    _notices(need, rows)
    client = client_for(municipality_user)
    with django_assert_num_queries(6):
        html = client.get(_url(need)).content.decode()
    assert html.count("Grund ") == rows


@pytest.mark.parametrize("rows", [2, 20])
def test_provider_outcome_page_queries_do_not_grow_with_notices(
    client_for, provider_user, provider_org, municipality_org, rows, django_assert_num_queries
):
    from catalog.tests.factories import ProviderProfileFactory

    profile = ProviderProfileFactory(organisation=provider_org)
    for i in range(rows):
        outcome = NeedOutcome.objects.create(
            need=Need.objects.create(organisation=municipality_org, title=f"Vorhaben {i}"),
            kind="cancelled",
            reason="Haushaltssperre",
        )
        OutcomeNotice.objects.create(outcome=outcome, provider=profile, reason=f"Grund {i}")
    client = client_for(provider_user)
    with django_assert_num_queries(8):
        html = client.get("/anbieter/konto/markterkundungen/").content.decode()
    assert html.count("Verfahren aufgehoben") == rows


def test_a_search_recorded_for_a_need_reaches_its_outcome(
    client_for, municipality_user, other_provider_user, need, parking, rival
):
    """A record frozen on /loesungen/ for a need counts as one of the need's records."""
    client = client_for(municipality_user)
    search = client.get("/loesungen/?q=Parkraum").content.decode()
    assert f'<option value="{need.pk}">{need.title}</option>' in search
    client.post("/markterkundungen/neu/", {"query": "q=Parkraum", "need": str(need.pk)})
    record = need.explorations.get()
    assert (record.need_title, record.search_text) == (need.title, "Parkraum")
    assert record.entries.filter(provider=rival.provider).exists()
    client.post(_url(need), {"kind": "cancelled", "reason": "Haushaltssperre"})
    assert Notification.objects.filter(user=other_provider_user, kind="outcome").count() == 1


def test_a_search_is_recorded_only_for_an_open_need_of_ones_own_town(
    client_for, municipality_user, other_municipality_user, need, parking
):
    other = client_for(other_municipality_user)
    refused = other.post("/markterkundungen/neu/", {"query": "q=Parkraum", "need": str(need.pk)})
    assert refused.status_code == 404
    assert other.post("/markterkundungen/neu/", {"query": "", "need": "x"}).status_code == 404
    Need.objects.filter(pk=need.pk).update(status=Need.Status.CLOSED)
    client = client_for(municipality_user)
    closed = client.post("/markterkundungen/neu/", {"query": "q=Parkraum", "need": str(need.pk)})
    assert closed.status_code == 403
    assert not need.explorations.exists()
