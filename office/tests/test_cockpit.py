import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from accounts.models import Organisation
from accounts.tests.factories import (
    MunicipalityFactory,
    MunicipalityOrgFactory,
    ProviderOrgFactory,
    member_of,
)
from municipalities.models import Municipality
from office.stats import DateRange, figure_by_slug

pytestmark = pytest.mark.django_db
URL = "/geschaeftsstelle/statistik/"


def at(year, month, day=15):
    return timezone.make_aware(dt.datetime(year, month, day, 12))


def make_provider(created):
    org = ProviderOrgFactory()
    Organisation.objects.filter(pk=org.pk).update(created_at=created)
    return org


@pytest.mark.parametrize("role", ["outsider", "provider_user", "municipality_user"])
def test_cockpit_is_office_only(client_for, request, role):
    client = client_for(request.getfixturevalue(role))
    assert client.get(URL).status_code == 403
    assert client.get(URL + "wachstum.csv").status_code == 403


def test_anonymous_goes_to_login(client):
    assert client.get(URL)["Location"].startswith("/konto/login/")


def test_growth_equals_database_counts(office_user):
    for created in [at(2025, 1), at(2025, 3), at(2025, 3, 20), at(2025, 6), at(2024, 12)]:
        make_provider(created)
    period = DateRange(dt.date(2025, 1, 1), dt.date(2025, 4, 30))
    figure = figure_by_slug("wachstum", period)
    rows = {row[0]: row for row in figure.rows}
    assert list(rows) == ["2025-01", "2025-02", "2025-03", "2025-04"]
    providers = Organisation.objects.providers()
    for month, row in rows.items():
        year, mon = map(int, month.split("-"))
        new = providers.filter(created_at__year=year, created_at__month=mon).count()
        end = at(year, mon, 1) + dt.timedelta(days=31)
        end = end.replace(day=1, hour=0)
        total = providers.filter(created_at__lt=end).count()
        assert (row[1], row[2]) == (new, total), month
    assert rows["2025-03"][1:3] == [2, 4]


def test_municipality_map_counts_reached_per_district(office_user, municipality_org):
    MunicipalityFactory(
        ags="06611000",
        name="Kassel",
        district_ags="06611",
        district="Kassel",
        lat="51.3",
        lon="9.5",
    )
    other = MunicipalityFactory(
        ags="06631009",
        name="Fulda",
        district_ags="06631",
        district="Fulda",
        lat="50.55",
        lon="9.68",
    )
    member_of(MunicipalityOrgFactory(municipality=other))
    MunicipalityOrgFactory(municipality=MunicipalityFactory(district_ags="06611"))  # none approved
    Municipality.objects.filter(pk=municipality_org.municipality_id).update(lat="50.87", lon="9.7")
    figure = figure_by_slug("kommunen", DateRange.default())
    by_key = {row[1]: row for row in figure.rows}
    for key, row in by_key.items():
        gemeinden = Municipality.objects.gemeinden().filter(district_ags=key)
        assert row[2] == gemeinden.count()
        approved = gemeinden.filter(organisation__memberships__status="active").distinct()
        assert row[3] == approved.count()
    assert by_key["06631"][2:] == [1, 1, 100]
    assert by_key["06611"][2:] == [2, 0, 0]


def test_page_shows_svg_charts_with_tables(client_for, office_user, municipality_org):
    make_provider(timezone.now())
    response = client_for(office_user).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") >= 2
    assert 'role="img"' in html and "<table" in html and 'scope="col"' in html
    assert "style=" not in html  # CSP: no inline styles
    assert "<script>" not in html


def test_csv_export_matches_figure(client_for, office_user):
    make_provider(at(2025, 2))
    response = client_for(office_user).get(URL + "wachstum.csv?von=2025-01-01&bis=2025-03-31")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Monat"
    # Month, then new/total for providers, solutions and references.
    assert [r[:3] for r in rows[1:]] == [
        ["2025-01", "0", "0"],
        ["2025-02", "1", "1"],
        ["2025-03", "0", "1"],
    ]


def test_unknown_figure_is_404(client_for, office_user):
    assert client_for(office_user).get(URL + "gibtsnicht.csv").status_code == 404


def test_reversed_date_range_shows_error_and_default_period(client_for, office_user):
    response = client_for(office_user).get(URL + "?von=2025-05-01&bis=2025-01-01")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["period"] == DateRange.default()


def test_unmet_searches_group_spellings_and_equal_database_counts(office_user, monkeypatch):
    from matching.models import SearchLog
    from matching.searchlog import record_search
    from office import stats

    for query, count in [
        ("Starkregen Frühwarnung", 0),
        ("starkregen fruehwarnung", 0),
        ("  Starkregen   Frühwarnung ", 0),
        ("Parkplatz", 3),
        ("Glasfaser Ausbau", 0),
        ("", 0),
    ]:
        record_search(query, count)
    monkeypatch.setattr(stats, "UNMET_MIN_VISITORS", 1)  # thresholds: test_stats_inflation.py
    assert SearchLog.objects.count() == 5  # the empty query is not logged
    figure = figure_by_slug("ohne-treffer", DateRange.default())
    counts = {row[0].casefold(): row[1] for row in figure.rows}
    assert figure.rows[0][1] == 3
    assert counts["glasfaser ausbau"] == 1
    assert "parkplatz" not in counts
    folded = SearchLog.objects.filter(result_count=0, query_folded="starkregen fruehwarnung")
    assert figure.rows[0][1] == folded.count()


def test_unmet_searches_respect_the_date_range(office_user, monkeypatch):
    from matching.models import SearchLog
    from matching.searchlog import record_search
    from office import stats

    old = record_search("Drohnen", 0)
    SearchLog.objects.filter(pk=old.pk).update(created_at=at(2020, 1))
    record_search("Drohnen", 0)
    monkeypatch.setattr(stats, "UNMET_MIN_VISITORS", 1)
    figure = figure_by_slug("ohne-treffer", DateRange.default())
    assert figure.rows == [["Drohnen", 1]]


def test_solutions_and_references_over_time_equal_database_counts(office_user, municipality_org):
    from catalog.models import Reference, Solution
    from catalog.tests.factories import SolutionFactory

    for when in [at(2025, 1), at(2025, 2), at(2025, 2, 20)]:
        solution = SolutionFactory()
        Solution.objects.filter(pk=solution.pk).update(published_at=when)
    SolutionFactory(status="draft")  # never published: not counted
    ref = Reference.objects.create(solution=solution, municipality=municipality_org.municipality)
    Reference.objects.filter(pk=ref.pk).update(created_at=at(2025, 2))
    figure = figure_by_slug("wachstum", DateRange(dt.date(2025, 1, 1), dt.date(2025, 2, 28)))
    feb = figure.rows[1]
    published = Solution.objects.filter(published_at__isnull=False)
    assert (
        feb[3:5]
        == [
            published.filter(published_at__month=2).count(),
            published.filter(published_at__lt=at(2025, 3, 1)).count(),
        ]
        == [2, 3]
    )
    assert feb[5:7] == [1, Reference.objects.count()]


def test_solutions_per_topic_equal_database_counts(office_user):
    from catalog.models import Status, Topic
    from catalog.tests.factories import SolutionFactory

    wasser, mobil = Topic.objects.get(slug="wasser"), Topic.objects.get(slug="mobilitaet")
    SolutionFactory(topics=[wasser, mobil])
    SolutionFactory(topics=[wasser])
    SolutionFactory(topics=[wasser], status=Status.DRAFT)
    from django.utils import timezone as tz

    from catalog.models import Solution

    Solution.objects.update(published_at=tz.now() - dt.timedelta(days=1))
    rows = dict(figure_by_slug("handlungsfelder", DateRange.default()).rows)
    for topic in (wasser, mobil):
        assert rows[topic.name] == topic.solutions.filter(status=Status.PUBLISHED).count()
    assert (rows[wasser.name], rows[mobil.name]) == (2, 1)


def test_needs_per_month_and_partnerships_equal_database_counts(
    office_user, municipality_org, provider_org
):
    from matching.models import Need
    from partnerships.tests.factories import PartnershipFactory

    needs = [
        Need.objects.create(organisation=municipality_org, title=f"N{i}", description="d")
        for i in range(3)
    ]
    Need.objects.filter(pk__in=[n.pk for n in needs]).update(created_at=at(2025, 4))
    PartnershipFactory(municipality=municipality_org, provider=provider_org, need=needs[0])
    PartnershipFactory(municipality=municipality_org, provider=provider_org, need=needs[0])
    figure = figure_by_slug("vorhaben", DateRange(dt.date(2025, 4, 1), dt.date(2025, 4, 30)))
    assert figure.rows == [
        [
            "2025-04",
            Need.objects.filter(created_at__month=4).count(),
            0,  # no published solutions: nothing can match
            0,
            Need.objects.filter(partnerships__isnull=False).distinct().count(),
        ]
    ]
    assert figure.rows[0][4] == 1


NOTHING_FITS = "Für dieses Vorhaben passt keine Lösung auf dem Marktplatz gut genug."


def test_needs_with_a_match_count_what_their_own_pages_show(
    client_for, office_user, municipality_user, municipality_org
):
    from catalog.models import Topic
    from catalog.tests.factories import SolutionFactory
    from matching.models import Need

    SolutionFactory(
        title="Parkleitsystem mit Bodensensoren",
        summary="Freie Parkplätze in der Innenstadt erkennen und anzeigen.",
        topics=[Topic.objects.get(slug="mobilitaet")],
        hosting="other",
    )
    parking = {
        "title": "Parkleitsystem Innenstadt",
        "description": "Freie Parkplätze mit Bodensensoren anzeigen",
    }
    fits = Need.objects.create(organisation=municipality_org, **parking)
    # The solution fits this need too, but is hosted outside Germany: its page lists nothing.
    Need.objects.create(organisation=municipality_org, hosting_de_required=True, **parking)
    Need.objects.create(
        organisation=municipality_org,
        title="Friedhofsverwaltung",
        description="Grabstellen digital verwalten",
    )
    row = figure_by_slug("vorhaben", DateRange.default()).rows[-1]
    client = client_for(municipality_user)
    listing = [
        need
        for need in Need.objects.order_by("pk")
        if NOTHING_FITS not in client.get(need.get_absolute_url()).content.decode()
    ]
    assert listing == [fits]
    assert row[1:4] == [3, len(listing), round(100 * len(listing) / 3)] == [3, 1, 33]


@pytest.mark.parametrize("needs", [2, 200])
def test_cockpit_reads_stored_matches_in_constant_queries(
    needs, client_for, office_user, municipality_org, monkeypatch, django_assert_num_queries
):
    from catalog.tests.factories import SolutionFactory
    from matching.models import Need, NeedMatchResult
    from matching.need_matches import store_matches
    from matching.ranking import Index

    SolutionFactory(
        title="Parkleitsystem mit Bodensensoren",
        summary="Freie Parkplätze in der Innenstadt erkennen und anzeigen.",
    )
    first = Need.objects.create(
        organisation=municipality_org,
        title="Parkleitsystem Innenstadt",
        description="Freie Parkplätze mit Bodensensoren anzeigen",
    )
    stored = store_matches(first)
    others = Need.objects.bulk_create(
        Need(organisation=municipality_org, title=first.title, description=first.description)
        for _ in range(needs - 1)
    )
    # Same text, same ranking: the first need's stored hits are theirs too.
    NeedMatchResult.objects.bulk_create(
        NeedMatchResult(need=n, version=stored.version, hits=stored.hits, any_fits=stored.any_fits)
        for n in others
    )
    ranked = []
    original = Index.search
    monkeypatch.setattr(
        Index, "search", lambda self, *a, **kw: ranked.append(a) or original(self, *a, **kw)
    )
    client = client_for(office_user)
    client.get(URL)  # warm the session
    with django_assert_num_queries(COCKPIT_QUERIES):
        response = client.get(URL)
    assert ranked == []
    (figure,) = [f for f, _chart in response.context["figures"] if f.slug == "vorhaben"]
    assert figure.rows[-1][1:5] == [needs, needs, 100, 0]


COCKPIT_QUERIES = 20


def test_workshop_registrations_equal_database_counts(
    office_user,
    municipality_user,
    municipality_org,
    other_municipality_user,
    other_municipality_org,
):
    from events.models import Registration, Workshop

    start = timezone.now() + dt.timedelta(days=3)
    w = Workshop.objects.create(
        title="Parkraum",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        registration_deadline=start,
        capacity=1,
    )
    Workshop.objects.filter(pk=w.pk).update(status=Workshop.Status.PUBLISHED)
    Registration.objects.create(
        workshop=w,
        user=municipality_user,
        organisation=municipality_org,
        status=Registration.Status.CONFIRMED,
    )
    Registration.objects.create(
        workshop=w,
        user=other_municipality_user,
        organisation=other_municipality_org,
        status=Registration.Status.WAITING,
    )
    period = DateRange(timezone.localdate(), timezone.localdate() + dt.timedelta(days=10))
    rows = figure_by_slug("veranstaltungen", period).rows
    regs = Registration.objects.filter(workshop=w)
    assert rows == [
        [
            "Parkraum",
            regs.filter(status="confirmed").count(),
            "",  # attendance not recorded yet
            "",
            regs.filter(status="waiting").count(),
            regs.filter(status="cancelled").count(),
            0,
            1,
        ]
    ]
    assert rows[0][1] == rows[0][4] == 1


def test_workshop_attendance_equals_database_counts(office_user, client_for):
    """Attendance recorded through the events service; figures, CSV and chart compared with
    counts taken straight from the registrations table."""
    from accounts.tests.factories import member_of
    from events import services
    from events.models import Registration, Workshop
    from events.tests.factories import WorkshopFactory, past

    held = WorkshopFactory(capacity=5, title="Wasser, Forst")
    small = WorkshopFactory(capacity=1, title="Klimaschutz")
    upcoming = WorkshopFactory(capacity=9, title="Mobilität")
    people = [member_of(MunicipalityOrgFactory()) for _ in range(6)]
    for person in people[:4]:
        services.register(actor=person, workshop=held)
    for person in people[3:]:
        services.register(actor=person, workshop=small)  # 1 confirmed, 2 waiting
    services.register(actor=people[0], workshop=upcoming)
    for workshop in (held, small):
        past(workshop)
    confirmed = list(held.registrations.filter(status="confirmed").order_by("pk"))
    services.record_attendance(
        actor=office_user, workshop=held, attended_ids=[r.pk for r in confirmed[:3]]
    )
    services.record_attendance(actor=office_user, workshop=small, attended_ids=[])
    today = timezone.localdate()
    period = DateRange(today - dt.timedelta(days=30), today + dt.timedelta(days=30))
    figure = figure_by_slug("veranstaltungen", period)
    rows = {row[0]: row for row in figure.rows}
    for workshop in Workshop.objects.filter(pk__in=[held.pk, small.pk, upcoming.pk]):
        regs = Registration.objects.filter(workshop=workshop)
        n_confirmed = regs.filter(status="confirmed").count()
        recorded = regs.filter(attended__isnull=False).exists()
        n_attended = regs.filter(attended=True).count()
        assert rows[workshop.title][1:6] == [
            n_confirmed,
            n_attended if recorded else "",
            round(100 * n_attended / n_confirmed) if recorded else "",
            regs.filter(status="waiting").count(),
            regs.filter(status="cancelled").count(),
        ], workshop.title
    assert rows["Wasser, Forst"][1:4] == [4, 3, 75]
    assert rows["Klimaschutz"][1:5] == [1, 0, 0, 2]
    assert rows["Mobilität"][2:4] == ["", ""]
    client = client_for(office_user)
    query = f"?von={period.start.isoformat()}&bis={period.end.isoformat()}"
    response = client.get(URL + "veranstaltungen.csv" + query)
    exported = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert exported[1:] == [[str(c) for c in row] for row in figure.rows]
    page = client.get(URL + query).content.decode()
    assert "Anmeldungen und Teilnahme" in page
    assert page.count('class="sr-chart"') >= 6
