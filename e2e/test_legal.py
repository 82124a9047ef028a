"""Legal pages in the browser: axe-core clean at both widths, valid HTML, and the barrier
feedback loop from the visitor's report to the office's answer in the visitor's mailbox."""

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE
from .support import LEGAL_LINKS
from .test_html_validity import fetch, validate

OFFICE = "geschaeftsstelle@demo.smarte-region.de"
PAGES = [*LEGAL_LINKS, "/impressum/fassungen/", "/datenschutz/fassungen/1/"]


@pytest.mark.parametrize("path", PAGES)
def test_legal_page_is_accessible_on_desktop_and_phone(make_ui, path):
    for viewport in (DESKTOP, PHONE):
        ui = make_ui(viewport=viewport)
        ui.goto(path)
        expect(ui.page.locator("h1")).to_have_count(1)
        ui.assert_reflows()
        name = path.strip("/").replace("/", "-")
        ui.screenshot(f"legal-{name}-{viewport['width']}")


def test_legal_pages_are_valid_html(ui, tmp_path):
    errors = validate(fetch(ui, PAGES), tmp_path)
    assert not errors, "Nu HTML checker errors:\n" + "\n".join(errors)


def test_office_legal_pages_are_accessible_and_valid(ui, tmp_path):
    ui.login(OFFICE)
    office_pages = [
        "/geschaeftsstelle/rechtstexte/",
        "/geschaeftsstelle/rechtstexte/impressum/",
        "/geschaeftsstelle/rechtstexte/angaben/",
        "/geschaeftsstelle/rechtstexte/dgs-video/",
        "/geschaeftsstelle/verarbeitungsverzeichnis/",
        "/geschaeftsstelle/barrieremeldungen/",
    ]
    for path in office_pages:
        ui.goto(path)
    ui.goto("/impressum/")
    expect(ui.page.get_by_role("note")).to_contain_text("[Name der Behörde]")
    errors = validate(fetch(ui, office_pages), tmp_path)
    assert not errors, "Nu HTML checker errors:\n" + "\n".join(errors)


def test_barrier_report_is_answered_by_email(make_ui):
    visitor = make_ui()
    visitor.goto("/barrierefreiheit/")
    visitor.submit(visitor.page.locator("footer").get_by_role("link", name="Barriere melden"))
    form = visitor.page.locator("main form")
    visitor.submit(form.get_by_role("button", name="Meldung senden"))  # empty: errors first
    expect(visitor.page.locator("[aria-invalid=true]").first).to_be_visible()
    form.get_by_label("Adresse der Seite").fill("/loesungen/")
    form.get_by_label("Was funktioniert nicht?").fill("Die Filter lassen sich nicht aufklappen.")
    form.get_by_label("Ihre E-Mail-Adresse").fill("melderin@example.org")
    visitor.submit(form.get_by_role("button", name="Meldung senden"))
    expect(visitor.page.get_by_role("status")).to_contain_text("Vielen Dank")

    office = make_ui()
    office.login(OFFICE)
    office.goto("/geschaeftsstelle/barrieremeldungen/")
    row = office.page.locator("tbody tr").filter(has_text="/loesungen/")
    expect(row).to_contain_text("offen")
    office.submit(row.get_by_role("link", name="/loesungen/"))
    office.page.locator("textarea[name=answer]").fill(
        "Danke! Die Filter sind jetzt per Tastatur bedienbar."
    )
    office.submit(office.page.get_by_role("button", name="Antwort senden"))
    expect(office.page.get_by_role("status")).to_contain_text("Die Antwort wurde gesendet")

    answers = [m for m in visitor.mails_to("melderin@example.org") if "Antwort auf" in m["Subject"]]
    assert len(answers) == 1
    body = answers[0].get_body(preferencelist=("plain",)).get_content()
    assert "Die Filter sind jetzt per Tastatur bedienbar." in body
