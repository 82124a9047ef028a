"""Every public page: axe-core clean, also with validation errors showing, and screenshots."""

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE

PUBLIC_PAGES = [
    ("start", "/"),
    ("login", "/konto/login/"),
    ("signup", "/konto/signup/"),
    ("password-reset", "/konto/password/reset/"),
    ("municipalities", "/kommunen/"),
    ("municipality", "/kommunen/06632002/"),
    ("district", "/kommunen/06632/"),
    ("opendata", "/opendata/"),
    ("solutions", "/loesungen/"),
    ("solution", "/loesungen/parkleitsystem-mit-bodensensoren/"),
    ("provider", "/anbieter/parksense-gmbh/"),
    ("workshops", "/veranstaltungen/"),
    ("workshop", "/veranstaltungen/mobilitaet-im-laendlichen-raum/"),
    ("needs", "/vorhaben/"),
]
# Signed in as the demo town: (name, list page, link text of the item to open or None).
TOWN_PAGES = [
    pytest.param("need-form", "/vorhaben/neu/", None, id="need-form"),
    pytest.param("need", "/vorhaben/", "Weniger Parksuchverkehr in der Altstadt", id="need"),
    pytest.param("partnerships", "/partnerschaften/", None, id="partnerships"),
    pytest.param(
        "partnership",
        "/partnerschaften/",
        "Parkleitsystem Innenstadt Bad Hersfeld",
        id="partnership",
    ),
]


@pytest.mark.parametrize(("name", "path"), PUBLIC_PAGES, ids=[n for n, _ in PUBLIC_PAGES])
def test_public_page_is_accessible_on_desktop_and_phone(make_ui, name, path):
    for label, viewport in (("1280", DESKTOP), ("390", PHONE)):
        ui = make_ui(viewport=viewport)
        ui.goto(path)
        expect(ui.page.locator("h1")).to_have_count(1)
        ui.assert_reflows()
        ui.screenshot(f"{name}-{label}")


def test_not_found_page_is_accessible(ui):
    ui.goto("/gibt-es-nicht/", status=404)
    expect(ui.page.locator("h1")).to_have_count(1)
    ui.screenshot("not-found-1280")


def test_signup_with_errors_is_accessible(ui):
    ui.goto("/konto/signup/")
    form = ui.page.locator("form").filter(has=ui.page.locator("input[name=email]"))
    form.locator("input[name=email]").fill("kein-e-mail")
    form.locator("input[name=name]").fill("Erika Muster")
    form.locator("input[name=function]").fill("Hauptamt")
    form.locator("input[name=password1]").fill("kurz")
    form.locator("input[name=password2]").fill("anders")
    form.locator("input[name=email]").evaluate("el => el.type = 'text'")  # reach the server
    ui.submit(form.locator("button[type=submit]").last)
    expect(ui.page.locator("[aria-invalid=true]").first).to_be_visible()
    ui.screenshot("signup-errors-1280")


def test_login_with_wrong_password_is_accessible(ui):
    ui.goto("/konto/login/")
    form = ui.page.locator("form").filter(has=ui.page.locator("input[name=login]"))
    form.locator("input[name=login]").fill("niemand@example.org")
    form.locator("input[name=password]").fill("falsches-passwort")
    ui.submit(form.locator("button[type=submit]").last)
    expect(ui.page.get_by_role("alert")).to_contain_text("Passwort sind leider falsch")


@pytest.mark.parametrize(("name", "path", "item"), TOWN_PAGES)
def test_town_page_is_accessible_on_desktop_and_phone(make_ui, name, path, item):
    for label, viewport in (("1280", DESKTOP), ("390", PHONE)):
        ui = make_ui(viewport=viewport)
        ui.login("kommune@demo.smarte-region.de")
        ui.goto(path)
        if item:
            ui.submit(ui.page.locator("main").get_by_role("link", name=item).first)
        expect(ui.page.locator("h1")).to_have_count(1)
        ui.assert_reflows()
        ui.screenshot(f"{name}-{label}")
