"""Security review 2026-12, L6: cockpit dates near the calendar's ends gave a 500, a
1900–2100 range took 28 s. They are refused with a German form error; the default period
is shown."""

import pytest

from office.stats import DateRange

pytestmark = pytest.mark.django_db
URL = "/geschaeftsstelle/statistik/"


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("von=0001-01-01", "Bitte geben Sie ein Datum zwischen dem 01.01.2000 und dem 31.12.2099"),
        ("bis=9999-12-31", "Bitte geben Sie ein Datum zwischen dem 01.01.2000 und dem 31.12.2099"),
        ("von=1900-01-01&bis=2100-12-31", "Bitte geben Sie ein Datum zwischen"),
        ("von=2000-01-01&bis=2099-12-31", "Der Zeitraum darf höchstens 10 Jahre umfassen."),
    ],
)
def test_out_of_range_dates_get_a_form_error_and_the_default_period(
    client_for, office_user, query, error
):
    client = client_for(office_user)
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert error in response.content.decode()
    assert response.context["period"] == DateRange.default()
    csv = client.get(f"{URL}wachstum.csv?{query}")
    assert csv.status_code == 200
    start = DateRange.default().start.isoformat()
    assert f"wachstum_{start}_" in csv["Content-Disposition"]
