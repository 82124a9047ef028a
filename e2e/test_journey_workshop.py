"""Virtual fair: a town registers for a workshop and asks a question; the workshop is full for
the next town, which waits and moves up when the first cancels (e-mail included)."""

from playwright.sync_api import expect

from .seed import SECOND_TOWN_USER, SMALL_WORKSHOP

FIRST_TOWN_USER = "kommune@demo.smarte-region.de"
WORKSHOP_URL = f"/veranstaltungen/{SMALL_WORKSHOP}/"
QUESTION = "Welche Pegelsensoren funktionieren ohne Stromanschluss am Bachlauf?"


def open_workshop(ui):
    ui.goto("/veranstaltungen/")
    ui.submit(ui.page.get_by_role("link", name="Sprechstunde Umweltsensorik"))
    expect(ui.page.locator("h1")).to_have_text("Sprechstunde Umweltsensorik")


def register(ui):
    ui.submit(ui.page.locator("main form[action$='/anmelden/'] button[type=submit]"))


def registration_section(ui):
    return ui.page.locator("main p", has=ui.page.get_by_role("link", name="Anmeldung stornieren"))


def test_register_ask_wait_and_move_up(make_ui):
    first = make_ui()
    first.login(FIRST_TOWN_USER)
    open_workshop(first)
    expect(first.page.locator("main")).to_contain_text("1 / 1")  # one free seat of one
    register(first)
    expect(first.page.get_by_role("status")).to_contain_text("Sie sind angemeldet.")
    expect(registration_section(first)).to_contain_text("Sie sind angemeldet.")
    first.screenshot("workshop-registered-1280")

    # An empty question is refused with a message (the browser's own check is bypassed).
    ask = first.page.locator("main form[action$='/fragen/']")
    ask.locator("textarea").evaluate("el => el.removeAttribute('required')")
    first.submit(ask.locator("button[type=submit]"))
    expect(first.page.get_by_role("alert").or_(first.page.get_by_role("status"))).to_contain_text(
        "Bitte geben Sie Ihre Frage ein."
    )
    ask = first.page.locator("main form[action$='/fragen/']")
    ask.locator("textarea").fill(QUESTION)
    first.submit(ask.locator("button[type=submit]"))
    expect(first.page.locator("main")).to_contain_text("Ihre Frage wurde hinzugefügt.")
    expect(first.page.locator("main")).to_contain_text(QUESTION)

    # The workshop is full now: the next town lands on the waiting list.
    second = make_ui()
    second.login(SECOND_TOWN_USER)
    open_workshop(second)
    expect(second.page.locator("main")).to_contain_text("0 / 1")
    register(second)
    expect(second.page.locator("main")).to_contain_text(
        "Die Veranstaltung ist ausgebucht; Sie stehen auf der Warteliste."
    )
    expect(registration_section(second)).to_contain_text("Sie stehen auf der Warteliste.")
    # Waiting people are not participants yet: no video link, no questions.
    expect(second.page.locator("main")).not_to_contain_text("video.demo.smarte-region.de")
    expect(second.page.locator("main form[action$='/fragen/']")).to_have_count(0)
    assert "Warteliste: Sprechstunde" in second.mails_to(SECOND_TOWN_USER)[-1]["Subject"]

    # The first town cancels (confirmation page first), the waiting town moves up.
    first.submit(first.page.get_by_role("link", name="Anmeldung stornieren"))
    expect(first.page.locator("h1")).to_have_text("Anmeldung stornieren")
    first.submit(first.page.locator("main form button[type=submit]"))
    expect(first.page.locator("main")).to_contain_text("Ihre Anmeldung wurde storniert.")
    expect(first.page.locator("main form[action$='/anmelden/']")).to_have_count(1)

    second.goto(WORKSHOP_URL)
    expect(registration_section(second)).to_contain_text("Sie sind angemeldet.")
    expect(second.page.locator("main")).to_contain_text("video.demo.smarte-region.de")
    promoted = second.mails_to(SECOND_TOWN_USER)[-1]
    assert "Anmeldung bestätigt: Sprechstunde Umweltsensorik" in promoted["Subject"]
    # The confirmation opens the workshop page (where the cancel link is), not the cancel page.
    body = promoted.get_body().get_content()
    assert body.rstrip().endswith(WORKSHOP_URL)
    assert "/veranstaltungen/abmelden/" not in body
    second.screenshot("workshop-promoted-1280")
