"""Meine Daten in the browser: axe-core clean and valid HTML, the ZIP download, the refusal
for the last administrator, and the office's lookup and deletion pages."""

import io
import json
import zipfile

from playwright.sync_api import expect

from .support import DEMO_PASSWORD
from .test_html_validity import fetch, validate

TOWN = "kommune@demo.smarte-region.de"  # the only admin of Bad Hersfeld in the demo
OFFICE = "geschaeftsstelle@demo.smarte-region.de"


def test_town_member_downloads_data_and_cannot_leave_as_last_admin(ui, tmp_path):
    ui.login(TOWN)
    ui.goto("/konto/")
    ui.submit(ui.page.get_by_role("link", name="Meine Daten herunterladen oder mein Konto löschen"))
    expect(ui.page.locator("h1")).to_have_text("Meine Daten")

    with ui.page.expect_download() as download:
        ui.page.get_by_role("link", name="Meine Daten herunterladen (ZIP)").click()
    archive = zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
    assert json.loads(archive.read("daten.json"))["account"]["email"] == TOWN

    ui.submit(ui.page.get_by_role("link", name="Mein Konto löschen"))
    ui.page.get_by_label("Ihr Passwort").fill("falsch")
    ui.submit(ui.page.get_by_role("button", name="Mein Konto endgültig löschen"))
    expect(ui.page.locator(".sr-error-summary")).to_contain_text("Das Passwort ist nicht korrekt.")

    ui.page.get_by_label("Ihr Passwort").fill(DEMO_PASSWORD)
    ui.submit(ui.page.get_by_role("button", name="Mein Konto endgültig löschen"))
    expect(ui.page.locator(".sr-error-summary")).to_contain_text(
        "letzte Administrator von „Bad Hersfeld“"
    )
    ui.goto("/konto/")  # still signed in: nothing was deleted

    errors = validate(fetch(ui, ["/konto/meine-daten/", "/konto/meine-daten/loeschen/"]), tmp_path)
    assert not errors, "Nu HTML checker errors:\n" + "\n".join(errors)


def test_office_finds_a_person_and_opens_the_deletion_page(ui, tmp_path):
    ui.login(OFFICE)
    ui.goto("/geschaeftsstelle/")
    ui.submit(ui.page.get_by_role("link", name="Personenbezogene Daten auf Antrag"))
    ui.page.get_by_label("E-Mail-Adresse der Person").fill(TOWN)
    ui.submit(ui.page.get_by_role("button", name="Suchen"))
    expect(ui.page.locator("main h2")).to_have_text("Karl Kommunal")
    erase = ui.page.get_by_role("link", name="Konto und personenbezogene Daten löschen")
    erase_path = erase.get_attribute("href")
    ui.submit(erase)
    expect(ui.page.get_by_label("Antrag")).to_be_visible()

    paths = ["/geschaeftsstelle/personen/", f"/geschaeftsstelle/personen/?email={TOWN}", erase_path]
    errors = validate(fetch(ui, paths), tmp_path)
    assert not errors, "Nu HTML checker errors:\n" + "\n".join(errors)
