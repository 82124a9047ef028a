"""What the clerk sees of the procurement check: the award-route rows, limits, sources, date."""

from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from partnerships.selectors import EXPLANATIONS, NOT_LEGAL_ADVICE, procurement_checks

pytestmark = pytest.mark.django_db

HVTG = (
    "Hessisches Vergabe- und Tariftreuegesetz (HVTG) vom 12. Juli 2021, in Kraft seit "
    "1. September 2021 (Wertgrenzen unterhalb der EU-Schwellenwerte)"
)
REFORM = (
    "Geplante Reform des hessischen Vergaberechts (Entwurf; nicht in Kraft, "
    "kein Datum des Inkrafttretens)"
)
YES, NO = "ja", "nein — erreicht oder überschritten"
IN_FORCE, PLANNED = "in Kraft", "geplant, nicht in Kraft"


class _Section(HTMLParser):
    """The procurement section's sentences (<p>), table body rows and warnings (<li>)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs, self.tables, self.items = [], [], []
        self._stack, self._text, self._row, self._in_body = [], None, None, False

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self.tables.append([])
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._row = []
        elif tag in ("p", "li", "th", "td"):
            self._stack.append(tag)
            self._text = []

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag in ("p", "li", "th", "td") and self._stack and self._stack[-1] == tag:
            self._stack.pop()
            text = " ".join("".join(self._text).split())
            self._text = None
            if tag == "p":
                self.paragraphs.append(text)
            elif tag == "li":
                self.items.append(text)
            elif self._row is not None:
                self._row.append(text)
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None
        elif tag == "tbody":
            self._in_body = False


def parse(html):
    section = html[html.index('aria-labelledby="procurement-heading"') :]
    parser = _Section()
    parser.feed(section[: section.index("</section>")])
    return parser


def render_partial(partnership):
    with translation.override("de"):
        return render_to_string(
            "partnerships/_partials/procurement.html",
            {
                "checks": procurement_checks(partnership),
                "explanations": EXPLANATIONS,
                "not_legal_advice": NOT_LEGAL_ADVICE,
            },
        )


def test_partial_lists_every_route_with_limit_status_and_source(partnership):
    partnership.procedure_start = date(2026, 3, 1)
    partnership.save()  # R&D budget 8,000 + 10 % bonus = 8,800
    seen = parse(render_partial(partnership))
    assert seen.tables == [
        [
            ["Direktauftrag", "10.000,00 €", YES, IN_FORCE, HVTG],
            ["Verhandlungsvergabe ohne Teilnahmewettbewerb", "50.000,00 €", YES,
             IN_FORCE, HVTG],
            ["Verhandlungsvergabe mit Teilnahmewettbewerb",
             "100.000,00 €", YES, IN_FORCE, HVTG],
            ["Beschränkte Ausschreibung ohne Teilnahmewettbewerb", "100.000,00 €",
             YES, IN_FORCE, HVTG],
            ["Direktauftrag", "100.000,00 €", YES, PLANNED, REFORM],
        ]
    ]  # fmt: skip
    assert seen.paragraphs[1].startswith(
        "8.800,00 € netto, Verfahrensbeginn 01.03.2026. EU-Schwellenwert: 216.000,00 € — "
        "nicht erreicht"
    )


def test_page_shows_both_checks_and_the_chosen_route_limit_in_german_money(
    partnership, municipality_user, client_for
):
    partnership.procedure_start = date(2026, 3, 1)
    partnership.estimated_total_value = Decimal("120000.00")
    partnership.procurement_route = "negotiated_with_competition"
    partnership.save()
    page = client_for(municipality_user).get(partnership.get_absolute_url()).content.decode()
    seen = parse(page)
    budget, total = seen.tables
    assert [row[2] for row in budget] == [YES, YES, YES, YES, YES]
    assert [row[1:3] for row in total] == [
        ["10.000,00 €", NO],
        ["50.000,00 €", NO],
        ["100.000,00 €", NO],
        ["100.000,00 €", NO],
        ["100.000,00 €", NO],
    ]
    assert "120.000,00 € netto, Verfahrensbeginn 01.03.2026." in seen.paragraphs[2]
    assert (
        "Warnung: Der Wert erreicht oder überschreitet die Wertgrenze der gewählten "
        "Vergabeart „Verhandlungsvergabe mit Teilnahmewettbewerb“ (100.000,00 €). "
        f"Quelle: {HVTG}"
    ) in seen.items


def test_without_a_start_date_the_check_uses_today(partnership, municipality_user, client_for):
    from django.utils import timezone

    partnership.procedure_start = None
    partnership.save()
    seen = parse(client_for(municipality_user).get(partnership.get_absolute_url()).content.decode())
    today = timezone.localdate().strftime("%d.%m.%Y")
    assert f"8.800,00 € netto, Verfahrensbeginn {today}." in seen.paragraphs[1]
    assert len(seen.tables[0]) == 5
