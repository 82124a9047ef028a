"""A provider signs up, founds its organisation, fills in the profile, creates a solution (first
with errors) and submits both; the office approves; an anonymous visitor finds the solution
with a paraphrased German query and a facet."""

from playwright.sync_api import expect

from .test_journey_signup import sign_up

FOUNDER = "gruenderin@pegelfunk.example"
COMPANY = "PegelFunk UG"
TITLE = "Funkpegel für kleine Bäche mit Frühwarnung"
OFFICE_USER = "geschaeftsstelle@demo.smarte-region.de"


def save(ui):
    ui.submit(ui.page.locator("main form button[type=submit]").last)


def step(ui, label: str):
    """A lifecycle button ("Zur Prüfung einreichen", "Archivieren") of the provider."""
    ui.submit(ui.page.locator("main form[action$='/status/'] button", has_text=label))


def test_provider_signs_up_publishes_and_is_found(make_ui):
    provider = make_ui()
    sign_up(provider, FOUNDER)
    provider.goto("/konto/anbieter-registrieren/")
    provider.page.locator("main input[name=name]").fill(COMPANY)
    save(provider)
    expect(provider.page.get_by_role("status")).to_contain_text(COMPANY)

    provider.goto("/anbieter/konto/profil/")
    profile = provider.page.locator("main form")
    profile.locator("[name=short_text]").fill("Funkpegel und Frühwarnung für Kommunen")
    profile.locator("[name=city]").fill("Fulda")
    save(provider)
    expect(provider.page.locator("h1")).to_contain_text(COMPANY)  # the provider dashboard
    step(provider, "Zur Prüfung einreichen")

    # The solution form first shows its errors (accessible), then saves a draft.
    provider.goto("/anbieter/konto/loesungen/neu/")
    solution_form = provider.page.locator("main form")
    solution_form.evaluate("el => el.noValidate = true")
    save(provider)
    expect(provider.page.locator("main [aria-invalid=true]").first).to_be_visible()
    provider.screenshot("solution-errors-1280")
    solution_form = provider.page.locator("main form")
    solution_form.locator("[name=title]").fill(TITLE)
    solution_form.locator("[name=summary]").fill(
        "Batteriebetriebene Funkpegel melden steigende Bachläufe an den Bauhof."
    )
    solution_form.locator("[name=description]").fill(
        "LoRaWAN-Sensoren messen alle fünf Minuten; ab einer Schwelle geht eine SMS raus."
    )
    solution_form.get_by_role("checkbox", name="Wasser & Abwasser").check()
    solution_form.locator("select[name=maturity]").select_option(label="Prototyp")
    save(provider)
    expect(provider.page.locator("h1")).to_have_text(TITLE)
    solution_path = provider.page.url.removeprefix(provider.base_url)
    step(provider, "Zur Prüfung einreichen")
    expect(provider.page.locator("main .kern-alert")).to_contain_text("Eingereicht")

    # Not public before the office approves it.
    anonymous = make_ui()
    anonymous.goto(solution_path, status=404)

    office = make_ui()
    office.login(OFFICE_USER)
    office.goto("/geschaeftsstelle/moderation/")
    for name in (TITLE, COMPANY):
        card = office.page.locator("main article", has_text=name)
        office.submit(card.locator("button[name=action][value=approve]"))

    # Neither word is in the text: "Hochwasser" is a thesaurus synonym of "Pegel", the compound
    # "Bachpegel" splits into Bach + Pegel (the text has "Funkpegel" and "Bäche"); the
    # maturity facet narrows the list down.
    anonymous.goto("/loesungen/")
    search = anonymous.page.locator("main form[role=search]")
    search.locator("input[name=q]").fill("Hochwasser Bachpegel")
    anonymous.submit(search.locator("button[type=submit]"))
    results = anonymous.page.locator("main").get_by_role("link", name=TITLE)
    expect(results).to_have_count(1)
    search = anonymous.page.locator("main form[role=search]")
    search.get_by_role("checkbox", name="Prototyp").check()
    anonymous.page.wait_for_url("**maturity=prototype**")
    anonymous.audit()
    expect(anonymous.page.locator("main").get_by_role("link", name=TITLE)).to_have_count(1)
    anonymous.screenshot("solutions-search-1280")
    anonymous.submit(anonymous.page.locator("main").get_by_role("link", name=TITLE))
    expect(anonymous.page.locator("main")).to_contain_text(COMPANY)
