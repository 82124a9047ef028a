"""A town clerk and a founder sign in and reach their work from "Mein Bereich" by clicking only:
the clerk its need and partnership, the founder its solution, provider dashboard, challenges
and partnership. At 1280 and at 390 px; every page is audited with axe-core."""

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE

CLERK = "kommune@demo.smarte-region.de"  # Bad Hersfeld
FOUNDER = "anbieter@demo.smarte-region.de"  # ParkSense GmbH
NEED = "Weniger Parksuchverkehr in der Altstadt"
PARTNERSHIP = "Parkleitsystem Innenstadt Bad Hersfeld"
SOLUTION = "Parkleitsystem mit Bodensensoren"

VIEWPORTS = {"1280": DESKTOP, "390": PHONE}


def header_link(ui, name):
    """Follow a link of the header, opening the menu first where a small screen folds it."""
    header = ui.page.locator("header")
    menu = header.locator("summary", has_text="Menü")
    if menu.count() and menu.is_visible():
        menu.click()
    ui.submit(header.get_by_role("link", name=name, exact=True))


def my_area(ui):
    header_link(ui, "Mein Bereich")
    expect(ui.page.locator("h1")).to_have_text("Mein Bereich")
    ui.assert_reflows()


def follow(ui, section_id, link_name):
    ui.submit(ui.page.locator(f"section[aria-labelledby={section_id}]").get_by_role(
        "link", name=link_name, exact=True
    ))  # fmt: skip


@pytest.mark.parametrize("width", VIEWPORTS)
def test_a_clerk_reaches_its_work_from_my_area(make_ui, width):
    clerk = make_ui(viewport=VIEWPORTS[width])
    clerk.login(CLERK)
    clerk.goto("/")
    my_area(clerk)
    needs = clerk.page.locator("section[aria-labelledby=my-needs]")
    expect(needs.get_by_role("row", name=NEED)).to_contain_text("Offen")
    expect(clerk.page.locator("section[aria-labelledby=my-partnerships]")).to_contain_text(
        f"{PARTNERSHIP} · Bad Hersfeld · ParkSense GmbH"
    )
    clerk.screenshot(f"my-area-clerk-{width}")

    follow(clerk, "my-needs", NEED)
    expect(clerk.page.locator("h1")).to_have_text(NEED)

    my_area(clerk)
    follow(clerk, "my-partnerships", PARTNERSHIP)
    expect(clerk.page.locator("h1")).to_have_text(PARTNERSHIP)

    my_area(clerk)
    follow(clerk, "my-needs", "Vorhaben beschreiben")
    expect(clerk.page.locator("main form [name=title]")).to_be_visible()

    my_area(clerk)
    clerk.submit(clerk.page.locator("section[aria-labelledby=my-workshops] a").first)
    assert "/veranstaltungen/" in clerk.page.url


@pytest.mark.parametrize("width", VIEWPORTS)
def test_a_founder_reaches_its_work_from_my_area(make_ui, width):
    founder = make_ui(viewport=VIEWPORTS[width])
    founder.login(FOUNDER)
    founder.goto("/")
    my_area(founder)
    solutions = founder.page.locator("section[aria-labelledby=my-solutions]")
    expect(solutions.get_by_role("row", name=SOLUTION)).to_contain_text("Veröffentlicht")
    expect(founder.page.locator("section[aria-labelledby=my-profile]")).to_contain_text(
        "ParkSense GmbH"
    )
    founder.screenshot(f"my-area-founder-{width}")

    follow(founder, "my-solutions", SOLUTION)
    expect(founder.page.locator("h1")).to_have_text(SOLUTION)

    my_area(founder)
    follow(founder, "my-profile", "Anbieter-Übersicht")
    expect(founder.page.locator("h1")).to_contain_text("ParkSense GmbH")

    my_area(founder)
    follow(founder, "my-partnerships", PARTNERSHIP)
    expect(founder.page.locator("h1")).to_have_text(PARTNERSHIP)

    # Challenges are ranked by the matcher: the first visit may load its model.
    founder.page.set_default_navigation_timeout(90_000)
    header_link(founder, "Herausforderungen")
    expect(founder.page.locator("h1")).to_have_text("Herausforderungen")
    founder.assert_reflows()
