"""Innovation partnership: a town starts it from its need and invites a provider; initiation,
R&D milestones (delivered and accepted), evaluation, regular operation; the verified
reference then shows on the provider's solution, publicly once the office has approved it."""

from playwright.sync_api import expect

TOWN_USER = "kommune@demo.smarte-region.de"
PROVIDER_USER = "anbieter@demo.smarte-region.de"
OFFICE_USER = "geschaeftsstelle@demo.smarte-region.de"
NEED_TITLE = "Weniger Parksuchverkehr in der Altstadt"  # demo need of Bad Hersfeld
VERIFIED = "bestätigt – aus Innovationspartnerschaft"


def form(ui, action_suffix: str):
    return ui.page.locator(f"main form[action$='{action_suffix}']")


def post(ui, action_suffix: str, prefix: str, **fields):
    """Fill a small form on the partnership page by field name and submit it.

    Each form of the page has its own prefix (unique field ids), so names read `budget-amount`."""
    target = form(ui, action_suffix)
    for name, value in fields.items():
        field = target.locator(f"[name={prefix}-{name}]")
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    ui.submit(target.locator("button[type=submit]"))
    expect(ui.page.get_by_role("status")).to_contain_text("Gespeichert.")


def change_stage(ui, link_name: str, comment: str):
    ui.submit(ui.page.get_by_role("link", name=link_name))
    ui.page.locator("main form textarea[name=comment]").fill(comment)
    ui.submit(ui.page.get_by_role("button", name="Bestätigen"))
    expect(ui.page.get_by_role("status")).to_contain_text("Die Phase wurde gewechselt.")


def current_stage(ui):
    return ui.page.locator("main [aria-current=step]")


def test_from_need_through_milestones_to_regular_operation_and_reference(make_ui):
    town = make_ui()
    town.login(TOWN_USER)
    town.goto("/vorhaben/")
    town.submit(town.page.get_by_role("link", name=NEED_TITLE).first)
    need_path = town.page.url.removeprefix(town.base_url)
    need_pk = need_path.rstrip("/").rsplit("/", 1)[-1]

    # Initiation: the need's text is carried over; the provider is invited on the same form.
    town.goto(f"/partnerschaften/neu/?need={need_pk}")
    expect(town.page.locator("main input[name=title]")).to_have_value(NEED_TITLE)
    # Each choice names place, registration date and check status (same names stay apart).
    choice = town.page.locator("main select[name=provider] option", has_text="ParkSense GmbH —")
    expect(choice).to_contain_text("Profil von der Geschäftsstelle geprüft")
    town.page.locator("main select[name=provider]").select_option(choice.get_attribute("value"))
    town.submit(town.page.locator("main form button[type=submit]"))
    expect(town.page.get_by_role("status")).to_contain_text("Die Partnerschaft wurde begonnen.")
    partnership = town.page.url.removeprefix(town.base_url)
    expect(town.page.locator("main")).to_contain_text("ParkSense GmbH")
    expect(town.page.get_by_role("link", name=NEED_TITLE)).to_have_attribute("href", need_path)

    # Starting R&D too early shows what is missing, on an accessible form page.
    town.submit(town.page.get_by_role("link", name="F&E-Phase beginnen"))
    town.submit(town.page.get_by_role("button", name="Bestätigen"))
    expect(town.page.locator("main")).to_contain_text(
        "Legen Sie mindestens ein messbares Erfolgskriterium fest."
    )
    town.screenshot("partnership-errors-1280")
    town.goto(partnership)
    post(town, "/budget/", "budget", description="Sensoren und Montage", amount="18000")
    post(
        town,
        "/kriterien/",
        "criterion",
        title="Suchverkehr sinkt",
        target="-20 % Umläufe am Marktplatz",
    )
    post(
        town,
        "/etappen/",
        "milestone",
        title="Pilot Marktplatz",
        due_on="2027-03-31",
        deliverables="40 Sensoren, Live-Karte",
        instalment="9000",
    )

    # The provider accepts the invitation.
    provider = make_ui()
    provider.login(PROVIDER_USER)
    provider.goto("/partnerschaften/")
    provider.submit(provider.page.get_by_role("link", name=NEED_TITLE).first)
    provider.submit(provider.page.get_by_role("button", name="Einladung annehmen"))
    expect(provider.page.get_by_role("status")).to_contain_text("Gespeichert.")

    # R&D: the milestone is delivered by the provider and accepted by the town.
    town.goto(partnership)
    change_stage(town, "F&E-Phase beginnen", "Kriterien, Budget und Etappe stehen.")
    expect(current_stage(town)).to_contain_text("F&E")
    provider.goto(partnership)
    provider.submit(provider.page.locator("main form[action$='/geliefert/'] button"))
    expect(provider.page.get_by_role("table", name="Etappen")).to_contain_text(
        "geliefert, Abnahme ausstehend"
    )
    town.goto(partnership)
    town.submit(town.page.locator("main form[action$='/abgenommen/'] button[type=submit]"))
    milestones = town.page.get_by_role("table", name="Etappen")
    expect(milestones.get_by_role("row", name="Pilot Marktplatz")).to_contain_text("abgenommen")

    # Evaluation: every criterion scored, then regular operation with the reference consent.
    change_stage(town, "Evaluation beginnen", "Pilot abgeschlossen.")
    scoring = town.page.locator("main form[action*='/kriterien/'][action$='/bewertung/']")
    scoring.locator("input[name=score]").fill("4")
    scoring.locator("input[name=comment]").fill("-24 % gemessen")
    town.submit(scoring.get_by_role("button", name="Bewerten"))
    town.submit(town.page.get_by_role("link", name="Regelbetrieb vereinbaren"))
    operation = town.page.locator("main form")
    operation.evaluate("el => el.noValidate = true")  # reach the server's own checks
    town.submit(operation.get_by_role("button", name="Bestätigen"))
    expect(town.page.locator("[aria-invalid=true]").first).to_be_visible()
    town.screenshot("partnership-operation-errors-1280")
    operation.locator("textarea[name=evaluation_decision]").fill("Regelbetrieb in der Altstadt")
    operation.locator("select[name=procurement_route]").select_option(index=1)
    operation.locator("input[name=marketing_consent]").check()
    town.submit(operation.get_by_role("button", name="Bestätigen"))
    expect(current_stage(town)).to_contain_text("Regelbetrieb")
    town.screenshot("partnership-operation-1280")

    # The provider sees the verified reference on the solution the partnership wrote it to.
    provider.goto(partnership)
    provider.submit(provider.page.locator("main p", has_text="Lösung").get_by_role("link"))
    references = provider.page.locator("main section", has=provider.page.locator("#refs"))
    expect(references).to_contain_text("Bad Hersfeld")
    expect(references).to_contain_text(VERIFIED)
    solution = provider.page.url.removeprefix(provider.base_url)

    # A new solution is a draft: once submitted and approved, everyone sees the reference.
    steps = provider.page.locator("main form[action$='/status/'] button[type=submit]")
    provider.submit(steps.filter(has_text="Zur Prüfung einreichen"))
    expect(provider.page.locator("main .kern-alert")).to_contain_text("Eingereicht")
    office = make_ui()
    office.login(OFFICE_USER)
    office.goto("/geschaeftsstelle/moderation/")
    card = office.page.locator("main article", has_text=NEED_TITLE)
    office.submit(card.locator("button[name=action][value=approve]"))
    anonymous = make_ui()
    anonymous.goto(solution)
    expect(anonymous.page.locator("#refs + ul")).to_contain_text(VERIFIED)
    expect(anonymous.page.locator("#refs + ul")).to_contain_text("Bad Hersfeld")
