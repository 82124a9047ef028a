"""Keyboard only: skip link, visible focus on every tab stop, search without a mouse."""

from playwright.sync_api import expect

from .seed import SECOND_TOWN_USER
from .support import DEMO_PASSWORD

FOCUSED = "() => document.activeElement"
FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== 'none',
    visible: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0,
  };
}"""


def focused_is(page, selector: str) -> bool:
    return page.evaluate("(s) => document.activeElement.matches(s)", selector)


def test_skip_link_is_first_tab_stop_and_moves_focus_to_main(ui):
    ui.goto("/")
    ui.page.keyboard.press("Tab")
    assert focused_is(ui.page, "a.sr-skip"), "the first Tab stop is not the skip link"
    skip = ui.page.locator("a.sr-skip")
    expect(skip).to_be_in_viewport()
    expect(skip).to_have_text("Zum Hauptinhalt springen")
    ui.page.keyboard.press("Enter")
    ui.page.wait_for_function("() => document.activeElement.id === 'main'")
    assert ui.page.url.endswith("#main")
    # The next Tab continues inside the main content, not in the header.
    ui.page.keyboard.press("Tab")
    assert ui.page.evaluate(
        "() => document.getElementById('main').contains(document.activeElement)"
    )


def assert_every_tab_stop_shows_focus(page, stops: int = 25):
    seen = []
    for _ in range(stops):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STYLE)
        if state["tag"] == "body":
            break
        seen.append(state)
        assert state["visible"], f"focused element is not visible: {state}"
        assert state["outline"] or state["shadow"], f"no visible focus indicator on {state}"
    assert len(seen) >= 5, f"only {len(seen)} tab stops: {seen}"


def test_focus_is_visible_on_every_tab_stop_of_the_start_page(ui):
    ui.goto("/")
    assert_every_tab_stop_shows_focus(ui.page)


def test_focus_is_visible_on_the_sign_in_form(ui):
    ui.goto("/konto/login/")
    assert_every_tab_stop_shows_focus(ui.page)


def tab_to(page, locator, limit: int = 80):
    """Press Tab until `locator` has focus (no clicks), failing after `limit` presses."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return locator
    raise AssertionError(f"{locator} is not reachable with Tab")


def test_municipality_register_search_by_keyboard(ui):
    ui.goto("/kommunen/")
    results = ui.page.locator("#register-results")
    field = tab_to(ui.page, ui.page.locator("main form[role=search] input[name=q]"))
    ui.page.keyboard.type("Bad Hersfeld")
    ui.page.keyboard.press("Enter")
    expect(results.locator("tbody tr")).to_have_count(1)
    ui.audit()
    assert field.evaluate("el => el === document.activeElement"), "search moved the focus"
    link = tab_to(ui.page, results.get_by_role("link", name="Bad Hersfeld"))
    ui.press_and_load(link)
    expect(ui.page.locator("h1")).to_contain_text("Bad Hersfeld")


def test_workshop_registration_by_keyboard(ui):
    """Sign in, find the workshop in the menu and register: Tab, typing and Enter only."""
    ui.goto("/konto/login/")
    tab_to(ui.page, ui.page.locator("main input[name=login]"))
    ui.page.keyboard.type(SECOND_TOWN_USER)
    tab_to(ui.page, ui.page.locator("main input[name=password]"))
    ui.page.keyboard.type(DEMO_PASSWORD)
    with ui.page.expect_navigation():
        ui.page.keyboard.press("Enter")
    ui.audit()
    menu = tab_to(ui.page, ui.page.locator("header nav a[href='/veranstaltungen/']"))
    ui.press_and_load(menu)
    workshop = tab_to(ui.page, ui.page.get_by_role("link", name="Mobilität im ländlichen Raum"))
    ui.press_and_load(workshop)
    expect(ui.page.locator("h1")).to_have_text("Mobilität im ländlichen Raum")
    button = tab_to(ui.page, ui.page.locator("main form[action$='/anmelden/'] button"))
    assert ui.page.evaluate(FOCUS_STYLE)["outline"], "the register button shows no focus outline"
    ui.press_and_load(button)
    expect(ui.page.get_by_role("status")).to_contain_text("Sie sind angemeldet.")
    cancel = tab_to(ui.page, ui.page.get_by_role("link", name="Anmeldung stornieren"))
    expect(cancel).to_be_focused()


def test_catalog_search_and_facet_by_keyboard(ui):
    """Search words, Enter, a facet with the space bar, then open a result: no mouse."""
    ui.goto("/loesungen/")
    tab_to(ui.page, ui.page.locator("main form[role=search] input[name=q]"))
    ui.page.keyboard.type("freie Parkplätze")
    ui.page.keyboard.press("Enter")
    ui.page.wait_for_url("**q=freie**")
    ui.audit()
    result = ui.page.locator("main").get_by_role("link", name="Parkleitsystem mit Bodensensoren")
    expect(result).to_be_visible()
    facet = ui.page.locator("main form[role=search]").get_by_role("checkbox", name="Marktreif")
    tab_to(ui.page, facet)
    ui.page.keyboard.press("Space")
    ui.page.wait_for_url("**maturity=market_ready**")
    ui.audit()
    # The results are swapped in place (HTMX); the keyboard user stays where they were.
    expect(ui.page.locator("#f-maturity-market_ready")).to_be_focused()
    expect(
        ui.page.locator("main form[role=search]").get_by_role("checkbox", name="Marktreif")
    ).to_be_checked()
    link = tab_to(ui.page, result)
    ui.press_and_load(link)
    expect(ui.page.locator("h1")).to_have_text("Parkleitsystem mit Bodensensoren")
