"""A town describes a need (first with errors), gets ranked matches with reasons, puts one on
its shortlist (HTMX, no reload) and sends the provider a contact request, which the provider
sees on its dashboard."""

from playwright.sync_api import expect

TOWN_USER = "kommune@demo.smarte-region.de"
PROVIDER_USER = "anbieter@demo.smarte-region.de"  # ParkSense GmbH
MATCH = "Parkleitsystem mit Bodensensoren"  # a ParkSense solution of the demo catalog
SUBJECT = "Parkleitsystem für die Innenstadt"


def test_need_matches_shortlist_and_contact(make_ui):
    town = make_ui()
    town.login(TOWN_USER)
    town.goto("/vorhaben/neu/")
    town.submit(town.page.get_by_role("button", name="Speichern und Lösungen finden"))
    expect(town.page.locator("main [aria-invalid=true]").first).to_be_visible()
    town.screenshot("need-errors-1280")
    need = town.page.locator("main form")
    need.locator("[name=title]").fill("Freie Stellplätze rund um den Lullusbrunnen anzeigen")
    need.locator("[name=description]").fill(
        "Besucher kreisen bei der Parkplatzsuche durch die Gassen. Wir wollen freie "
        "Stellplätze in Echtzeit erkennen und auf Anzeigetafeln und im Web zeigen."
    )
    need.get_by_role("checkbox", name="Mobilität").check()
    town.submit(town.page.get_by_role("button", name="Speichern und Lösungen finden"))
    expect(town.page.locator("h1")).to_have_text(
        "Freie Stellplätze rund um den Lullusbrunnen anzeigen"
    )

    # Ranked matches, each with the reasons it was found.
    ranking = town.page.locator("#need-matches > ol > li")
    expect(ranking.first).to_be_visible()
    match = ranking.filter(has=town.page.get_by_role("link", name=MATCH, exact=True))
    expect(match).to_contain_text("Warum diese Lösung")
    expect(match).to_contain_text("passende Begriffe")
    town.screenshot("need-matches-1280")

    # Shortlisting swaps the ranking in place (HTMX); the page is audited again.
    match.get_by_role("button", name="Auf die Merkliste").click()
    shortlist = town.page.locator("#need-matches section", has_text="Merkliste")
    expect(shortlist).to_contain_text(MATCH)
    town.audit()
    need_path = town.page.url.removeprefix(town.base_url)
    town.goto(need_path)  # also without JavaScript state: the shortlist is stored
    expect(town.page.locator("#need-matches section", has_text="Merkliste")).to_contain_text(MATCH)

    # Contact the provider: errors first, then the message goes out.
    match = town.page.locator("#need-matches > ol > li").filter(
        has=town.page.get_by_role("link", name=MATCH, exact=True)
    )
    town.submit(match.get_by_role("link", name="Anbieter kontaktieren"))
    contact = town.page.locator("main form")
    contact.evaluate("el => el.noValidate = true")
    town.submit(contact.locator("button[type=submit]"))
    expect(town.page.locator("main [aria-invalid=true]").first).to_be_visible()
    contact = town.page.locator("main form")
    contact.locator("[name=subject]").fill(SUBJECT)
    contact.locator("[name=message]").fill("Können Sie uns ein Angebot für 120 Stellplätze machen?")
    town.submit(contact.locator("button[type=submit]"))
    expect(town.page.get_by_role("status")).to_contain_text(
        "Ihre Nachricht wurde an den Anbieter gesendet."
    )

    provider = make_ui()
    provider.login(PROVIDER_USER)
    provider.goto("/anbieter/konto/")
    request = provider.page.locator("main article", has_text=SUBJECT)
    expect(request).to_contain_text("Bad Hersfeld")
    expect(request).to_contain_text(MATCH)
