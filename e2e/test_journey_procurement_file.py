"""The town's procurement file: a clerk describes a need, freezes its matches in a market
exploration record, judges every entry, closes the record and takes the PDF home; she records
the award, every provider considered hears the outcome, and the award in operation becomes a
verified reference on the solution page."""

import io

from playwright.sync_api import expect
from pypdf import PdfReader

from .conftest import PHONE

TOWN_USER = "kommune@demo.smarte-region.de"
PROVIDER_USER = "anbieter@demo.smarte-region.de"  # ParkSense GmbH
WINNER = "Parkleitsystem mit Bodensensoren"  # ParkSense's solution in the demo catalog
TITLE = "Parkleitsystem für das Parkhaus am Linggplatz"


def test_need_to_record_to_award_to_reference(make_ui):
    town = make_ui()
    town.login(TOWN_USER)
    town.goto("/vorhaben/")
    town.submit(town.page.get_by_role("link", name="Vorhaben beschreiben"))
    form = town.page.locator("main form")
    form.locator("[name=title]").fill(TITLE)
    form.locator("[name=description]").fill(
        "Autofahrer kreisen auf der Suche nach freien Parkplätzen. Sensoren sollen jeden "
        "Stellplatz erfassen, Anzeigetafeln sollen zu freien Parkplätzen lenken."
    )
    town.submit(town.page.get_by_role("button", name="Speichern und Lösungen finden"))
    expect(town.page.locator("h1")).to_have_text(TITLE)
    need_url = town.page.url

    # Freeze the matches: a record with every solution, the platform's judgement and reasons.
    town.submit(town.page.get_by_role("button", name="Markterkundung festhalten"))
    expect(town.page.locator("h1")).to_contain_text("Markterkundung")
    record_url = town.page.url
    entries = town.page.locator("main li.sr-card[id^=entry-]")
    expect(entries.first).to_be_visible()
    expect(town.page.locator("main")).to_contain_text(WINNER)

    # Judge: the winner is considered; every other entry is not, each with its reason.
    for index in range(entries.count()):
        entry = entries.nth(index)
        if WINNER in entry.inner_text():
            entry.get_by_label("in Betracht", exact=True).check()
        else:
            entry.get_by_label("nicht in Betracht", exact=True).check()
            entry.locator("textarea").fill("Erfasst keine einzelnen Stellplätze.")
    town.submit(town.page.get_by_role("button", name="Voten speichern"))
    town.page.get_by_label("Geschätzter Auftragswert", exact=False).fill("18000")
    town.page.locator("main [name=procedure_start]").fill("2027-03-01")
    town.submit(town.page.get_by_role("button", name="Vergabearten prüfen"))
    routes = town.page.locator("#procurement-heading ~ table, main table").first
    expect(routes.locator("tbody tr").first).to_be_visible()
    town.submit(town.page.get_by_role("button", name="Markterkundung abschließen"))
    expect(town.page.locator("main")).to_contain_text("abgeschlossen")
    town.screenshot("exploration-closed-1280")
    sha = town.page.locator("main code.sr-hash").inner_text()
    assert len(sha) == 64

    # The PDF for the procurement file: tagged, with the need, every provider and the hash.
    pdf_href = town.page.get_by_role("link", name="PDF", exact=True).get_attribute("href")
    response = town.page.request.get(pdf_href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    text = "".join(page.extract_text() for page in reader.pages)
    assert TITLE in text
    assert "ParkSense GmbH" in text
    assert sha[:16] in text.replace("\n", "")
    assert "/StructTreeRoot" in reader.trailer["/Root"]

    # The award: the form lists every provider considered with the town's reason.
    town.goto(need_url.removeprefix(town.base_url))
    town.submit(town.page.get_by_role("link", name="Ergebnis der Beschaffung"))
    town.page.get_by_label("Zuschlag erteilt").check()
    town.page.locator("main select[name=solution]").select_option(
        label=f"{WINNER} (ParkSense GmbH)"
    )
    town.page.locator("main [name=net_value]").fill("17500,00")
    town.page.locator("main [name=contract_date]").fill("2027-04-01")
    town.page.locator("main [name=term]").fill("24 Monate")
    town.submit(
        town.page.get_by_role("button", name="Ergebnis speichern und Anbieter benachrichtigen")
    )
    expect(town.page.get_by_role("status")).to_contain_text("Das Ergebnis ist erfasst")
    expect(town.page.locator("main")).to_contain_text("17.500,00 €")
    town.screenshot("outcome-1280")
    notices = town.page.locator("main table tbody tr")
    expect(notices.filter(has_text="ParkSense GmbH")).to_contain_text("ja")

    # The provider hears it: Mein Bereich links to what the towns told it.
    provider = make_ui()
    provider.login(PROVIDER_USER)
    provider.goto("/konto/")
    provider.submit(
        provider.page.get_by_role("link", name="Was Ihnen die Kommunen mitgeteilt haben")
    )
    row = provider.page.locator("main table tbody tr", has_text=TITLE)
    expect(row).to_contain_text("Ihre Lösung hat den Zuschlag erhalten")
    expect(row).to_contain_text("Bad Hersfeld")
    provider.screenshot("provider-outcomes-1280")

    # In operation: the town confirms the reference; it shows on the solution page.
    town.submit(town.page.get_by_role("button", name="In Betrieb: als Referenz bestätigen"))
    town.submit(town.page.get_by_role("link", name="Zur Lösungsseite"))
    expect(town.page.locator("main")).to_contain_text("bestätigt – aus Markterkundung")

    # The need's chronology for the award file lists the frozen record and the outcome.
    town.goto(need_url.removeprefix(town.base_url))
    town.submit(town.page.get_by_role("link", name="Chronik (Bausteine für den Vergabevermerk)"))
    chronology = town.page.locator("main")
    expect(chronology).to_contain_text("Markterkundung festgehalten")
    expect(chronology).to_contain_text(sha[:12])
    town.screenshot("chronology-1280")

    # The knowledge pack of the demo partnership in regular operation.
    town.goto("/partnerschaften/")
    town.submit(town.page.get_by_role("link", name="Parkleitsystem Innenstadt Bad Hersfeld").first)
    town.submit(town.page.get_by_role("link", name="Wissenspaket für alle Bieter (§ 7 VgV)"))
    expect(town.page.locator("h1")).to_contain_text("Wissenspaket")
    town.screenshot("knowledge-pack-1280")

    # The record and the outcome read on a phone, without sideways scrolling.
    phone = make_ui(PHONE)
    phone.login(TOWN_USER)
    pages = (
        ("exploration", record_url),
        ("outcome", need_url + "ergebnis/"),
        ("chronology", need_url + "chronik/"),
    )
    for name, url in pages:
        phone.goto(url.removeprefix(phone.base_url))
        phone.screenshot(f"{name}-390")
        width = phone.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} scrolls sideways at 390 px ({width} px)"
