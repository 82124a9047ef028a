"""What axe-core does not check (review 2026-12): groups read with their legend, the error
summary and "Fehler:" title, focus and a status message after HTMX updates, office pages at
390 px, and the Swagger page clean except the one rule Swagger UI itself breaks."""

import re

from playwright.sync_api import expect

from .conftest import PHONE
from .support import AXE_TAGS, format_violations

TOWN_USER = "kommune@demo.smarte-region.de"
PROVIDER_USER = "anbieter@demo.smarte-region.de"
OFFICE_USER = "geschaeftsstelle@demo.smarte-region.de"
NEED_TITLE = "Weniger Parksuchverkehr in der Altstadt"
REQUIRED = "Dieses Feld ist zwingend erforderlich."


def test_empty_solution_form_shows_summary_title_and_named_groups(ui):
    ui.login(PROVIDER_USER)
    ui.goto("/anbieter/konto/loesungen/neu/")
    topics = ui.page.get_by_role("group", name="Handlungsfelder (Pflichtfeld)")
    expect(topics.get_by_role("checkbox")).not_to_have_count(0)
    ui.submit(ui.page.locator("main form button[type=submit]"))

    assert ui.page.title().startswith("Fehler: ")
    summary = ui.page.locator("[data-error-summary]")
    expect(summary).to_be_focused()  # read first: heading and links to the fields
    expect(summary.get_by_role("heading")).to_have_text(
        "Bitte korrigieren Sie die folgenden Angaben"
    )
    # The group's name and its error reach the accessibility tree (fieldset + legend +
    # aria-describedby); before, the checkboxes said "invalid" with no description.
    topics = ui.page.get_by_role("group", name="Handlungsfelder (Pflichtfeld)")
    expect(topics).to_have_accessible_description(re.compile(re.escape(REQUIRED)))
    summary.get_by_role("link", name=f"Handlungsfelder: {REQUIRED}").click()
    expect(topics.get_by_role("checkbox").first).to_be_focused()
    ui.screenshot("solution-error-summary-1280")


def test_radio_group_of_the_workshop_feedback_has_a_legend(ui):
    ui.login(TOWN_USER)
    ui.goto("/veranstaltungen/wasser-forst-klimaschutz/")
    rating = ui.page.get_by_role("group", name="Bewertung (Pflichtfeld)")
    expect(rating.get_by_role("radio")).to_have_count(5)
    # Both forms of the page label their own text field (prefixed ids).
    expect(ui.page.get_by_role("textbox", name=re.compile("^Frage"))).to_have_count(1)
    expect(ui.page.get_by_role("textbox", name="Kommentar")).to_have_count(1)


def _button(label: str, title: str = ""):
    """A decision button's accessible name; Chromium reads the visually hidden title part
    as "label : title" (a space before the colon)."""
    return re.compile(rf"^{re.escape(label)}\s?: {re.escape(title)}")


def _ranked(ui):
    return ui.page.locator("#need-matches ol.sr-result-list > li")


def test_focus_stays_and_status_speaks_after_shortlist_and_dismiss(ui):
    ui.login(TOWN_USER)
    ui.goto("/vorhaben/")
    ui.submit(ui.page.locator("main").get_by_role("link", name=NEED_TITLE).first)
    status = ui.page.locator("#need-matches-status")
    expect(status).to_have_attribute("role", "status")
    shortlist_buttons = ui.page.get_by_role("button", name=_button("Auf die Merkliste"))
    item = _ranked(ui).filter(has=shortlist_buttons).first
    title = item.locator("h3 a").inner_text()
    index = _ranked(ui).evaluate_all(
        "(items, t) => items.findIndex(li => li.querySelector('h3 a').textContent === t)", title
    )

    item.get_by_role("button", name=_button("Auf die Merkliste", title)).press("Enter")
    expect(status).to_have_text(f"„{title}“ steht jetzt auf der Merkliste.")
    entry = _ranked(ui).nth(index)
    expect(
        entry.get_by_role("button", name=_button("Von der Merkliste nehmen", title))
    ).to_be_focused()
    ui.audit()

    ui.page.keyboard.press("Enter")  # undo, still from the keyboard
    expect(status).to_have_text(f"„{title}“ wurde von der Merkliste genommen.")
    expect(entry.get_by_role("button", name=_button("Auf die Merkliste", title))).to_be_focused()

    count = _ranked(ui).count()
    entry.get_by_role("button", name=_button("Ausblenden", title)).press("Enter")
    expect(status).to_have_text(f"„{title}“ wurde ausgeblendet.")
    expect(_ranked(ui)).to_have_count(count - 1)
    # The entry that moved into its place has focus, not <body>.
    expect(_ranked(ui).nth(min(index, count - 2)).locator("button").first).to_be_focused()
    ui.audit()

    ui.page.locator("#need-matches details summary").click()
    ui.page.get_by_role("button", name=_button("Wiederherstellen", title)).press("Enter")
    expect(status).to_have_text(f"„{title}“ wird wieder angezeigt.")
    expect(
        _ranked(ui).get_by_role("button", name=_button("Auf die Merkliste", title))
    ).to_be_focused()
    expect(_ranked(ui)).to_have_count(count)
    ui.audit()


def test_workshop_topic_filter_announces_the_result_and_keeps_focus(ui):
    ui.goto("/veranstaltungen/")
    select = ui.page.get_by_label("Handlungsfeld", exact=True)
    select.focus()
    ui.page.keyboard.press("ArrowDown")
    expect(ui.page.locator("#workshop-lists-status")).to_have_text(
        re.compile(r"^\d+ kommende Veranstaltung(en)?, \d+ vergangene Veranstaltung(en)?$")
    )
    expect(select).to_be_focused()
    ui.audit()


OFFICE_PAGES = [
    ("office", "/geschaeftsstelle/"),
    ("vocabularies", "/geschaeftsstelle/vokabulare/"),
    ("thesaurus", "/geschaeftsstelle/thesaurus/"),  # with one group (e2e/seed.py)
    ("moderation", "/geschaeftsstelle/moderation/"),
    ("office-partnerships", "/geschaeftsstelle/partnerschaften/"),
    ("thresholds", "/geschaeftsstelle/schwellenwerte/"),
    ("cockpit", "/geschaeftsstelle/statistik/"),
    ("manage-workshops", "/veranstaltungen/verwalten/"),
]


def test_office_pages_reflow_at_390px(make_ui):
    ui = make_ui(viewport=PHONE)
    ui.login(OFFICE_USER)
    for name, path in OFFICE_PAGES:
        ui.goto(path)
        ui.assert_reflows()
        ui.screenshot(f"{name}-390")


def test_forgot_password_link_is_at_least_24px_high(make_ui):
    ui = make_ui(viewport=PHONE)
    ui.goto("/konto/login/")
    box = ui.page.get_by_role("link", name="Passwort vergessen?").bounding_box()
    assert box is not None and box["height"] >= 24, box


def test_api_docs_have_a_language_and_only_swagger_uis_own_violation(ui):
    """Swagger UI nests buttons in its operation headers (`nested-interactive`); that rule is
    the library's and documented in docs/accessibility.md. Everything else must pass."""
    ui.goto("/api/v1/docs", audit=False)
    expect(ui.page.locator(".opblock").first).to_be_visible()
    assert ui.page.locator("html").get_attribute("lang") == "en"
    ui.page.evaluate(ui.axe_js)
    result = ui.page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        AXE_TAGS,
    )
    ui.audited.add(len(ui.navigations) - 1)
    others = [v for v in result["violations"] if v["id"] != "nested-interactive"]
    assert not others, format_violations(ui.page.url, others)
    assert [v["id"] for v in result["violations"]] == ["nested-interactive"]
