"""The words a user reads (#16 item 10): messages are sent, not saved; a solution is submitted
for review; logging in, taking part in a workshop and creating an account have three different
words; references are "bestätigt"; one product name; topic names in English."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from catalog.models import Status, Topic
from catalog.tests.factories import ProviderProfileFactory, SolutionFactory
from events.tests.factories import WorkshopFactory

pytestmark = pytest.mark.django_db


def _buttons(html):
    """(classes, label) of every submit button in the page's main area."""
    main = html.split('<main id="main"', 1)[1]
    return re.findall(
        r'<button class="([^"]*)"[^>]*type="submit"[^>]*><span class="kern-label">([^<]*)</span>',
        main,
    )


def test_contact_form_sends_a_message(client_for, municipality_user, provider_org):
    solution = SolutionFactory(provider=ProviderProfileFactory(organisation=provider_org))
    html = client_for(municipality_user).get(f"/loesungen/{solution.slug}/kontakt/").content
    assert _buttons(html.decode()) == [("kern-btn kern-btn--primary", "Senden")]


def test_solution_form_saves(client_for, provider_user, provider_org):
    ProviderProfileFactory(organisation=provider_org)
    html = client_for(provider_user).get("/anbieter/konto/loesungen/neu/").content.decode()
    assert _buttons(html) == [("kern-btn kern-btn--primary", "Speichern")]


def test_draft_is_submitted_for_review(client_for, provider_user, provider_org):
    solution = SolutionFactory(
        provider=ProviderProfileFactory(organisation=provider_org), status=Status.DRAFT
    )
    html = client_for(provider_user).get(solution.get_absolute_url()).content.decode()
    assert _buttons(html) == [("kern-btn kern-btn--primary", "Zur Prüfung einreichen")]
    assert "Status ändern zu" not in html


def test_archiving_is_not_the_primary_button(client_for, provider_user, provider_org):
    solution = SolutionFactory(provider=ProviderProfileFactory(organisation=provider_org))
    html = client_for(provider_user).get(solution.get_absolute_url()).content.decode()
    assert _buttons(html) == [("kern-btn kern-btn--tertiary", "Archivieren")]


def test_workshop_registration_is_teilnahme_anmelden(client_for, municipality_user):
    workshop = WorkshopFactory()
    html = client_for(municipality_user).get(workshop.get_absolute_url()).content.decode()
    assert ("kern-btn kern-btn--primary", "Teilnahme anmelden") in _buttons(html)
    assert "Registrieren" not in html.split('<main id="main"', 1)[1]


def test_anonymous_workshop_visitor_is_asked_to_log_in(client):
    workshop = WorkshopFactory()
    html = client.get(workshop.get_absolute_url()).content.decode()
    path = workshop.get_absolute_url()
    assert (
        f'<a href="/konto/login/?next={path}">Anmelden, um an der Veranstaltung teilzunehmen</a>'
        in html
    )
    # The header keeps "Anmelden" for logging in and "Registrieren" for a new account.
    assert '<a href="/konto/login/">Anmelden</a>' in html
    assert '<a href="/konto/signup/">Registrieren</a>' in html


def test_log_in_page_says_anmelden(client):
    html = client.get("/konto/login/").content.decode()
    main = html.split('<main id="main"', 1)[1]
    assert re.search(r"<h1>\s*Anmelden\s*</h1>", main)
    assert [(c, label.strip()) for c, label in _buttons(html)] == [
        ("kern-btn kern-btn--primary", "Anmelden")
    ]
    assert "Anmeldung" not in main


def test_one_product_name_in_title_header_and_footer(client):
    html = client.get("/loesungen/").content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert title.endswith(" · Smart Region Marktplatz")
    assert '<a class="sr-brand" href="/">Smart Region Marktplatz</a>' in html
    assert "<p>Smart Region Marktplatz – ein Angebot der Geschäftsstelle" in html
    assert "Smart Region Hessen" not in html


def test_references_are_bestaetigt_in_every_german_catalog():
    found = []
    for po in Path(settings.BASE_DIR).glob("*/locale/de/LC_MESSAGES/django.po"):
        msgstrs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"$|^"(.*)"$', po.read_text(), re.M)
        found += [po.parent.parent.parent.parent.name for a, b in msgstrs if "verifizi" in a + b]
    assert found == []


def test_topic_names_in_english(client, provider_org):
    solution = SolutionFactory(
        provider=ProviderProfileFactory(organisation=provider_org),
        topics=[Topic.objects.get(slug="wasser")],
    )
    german = client.get(solution.get_absolute_url()).content.decode()
    assert "<dt>Handlungsfelder</dt><dd>Wasser &amp; Abwasser</dd>" in german
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(solution.get_absolute_url()).content.decode()
    assert "<dt>Topics</dt><dd>Water &amp; wastewater</dd>" in english
    search = client.get("/loesungen/").content.decode()
    assert "Water &amp; wastewater" in search
    assert "Wasser &amp; Abwasser" not in search


@pytest.mark.parametrize(
    "path",
    ["/geschaeftsstelle/thesaurus/", "/geschaeftsstelle/schwellenwerte/neu/"],
)
def test_office_forms_save_not_sichern(client_for, office_user, path):
    """Django admin's German "Save" is "Sichern"; our buttons ask for their own context."""
    html = client_for(office_user).get(path).content.decode()
    assert ("kern-btn kern-btn--primary", "Speichern") in _buttons(html)
    assert "Sichern" not in html
