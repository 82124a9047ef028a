"""Legal pages: footer links everywhere, versions with "Stand", placeholders shown to staff."""

import re

import pytest
from django.utils import timezone

from legal.models import LegalText, Page
from legal.services import save_legal_text

LEGAL_PATHS = [f"/{page}/" for page in Page.values]


def _text(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/loesungen/", "/kommunen/", *LEGAL_PATHS])
def test_footer_links_every_legal_page(client, path):
    footer = _text(client.get(path)).split('<footer class="sr-footer">')[1]
    for target in [*LEGAL_PATHS, "/barrierefreiheit/barriere-melden/"]:
        assert f'href="{target}"' in footer


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/impressum/", "Impressum"),
        ("/datenschutz/", "Datenschutzerklärung"),
        ("/barrierefreiheit/", "Erklärung zur Barrierefreiheit"),
        ("/leichte-sprache/", "Informationen in Leichter Sprache"),
        ("/gebaerdensprache/", "Informationen in Deutscher Gebärdensprache"),
        ("/kontakt/", "Kontakt"),
    ],
)
def test_each_page_shows_its_default_version(client, path, heading):
    html = _text(client.get(path))
    assert f'<h1 id="legal-title" lang="de">{heading}</h1>' in html
    assert "(Fassung 1)" in html


@pytest.mark.django_db
def test_imprint_names_the_ddg_not_the_tmg(client):
    html = _text(client.get("/impressum/"))
    assert "§ 5 des Digitale-Dienste-Gesetzes (DDG)" in html
    assert "§ 18 Abs. 2 MStV" in html
    assert "TMG" not in html


@pytest.mark.django_db
def test_staff_see_the_open_placeholders_others_do_not(client_for, office_user, outsider):
    staff = _text(client_for(office_user).get("/impressum/"))
    assert "Hinweis für die Geschäftsstelle" in staff
    assert '<li lang="de">[Name der Behörde]</li>' in staff
    visitor = _text(client_for(outsider).get("/impressum/"))
    assert "Hinweis für die Geschäftsstelle" not in visitor


@pytest.mark.django_db
def test_notice_disappears_when_every_placeholder_is_filled(client_for, office_user):
    save_legal_text(
        actor=office_user,
        page=Page.CONTACT,
        title="Kontakt",
        body="Geschäftsstelle Smarte Region, Musterstraße 1, 65185 Wiesbaden",
    )
    html = _text(client_for(office_user).get("/kontakt/"))
    assert "Hinweis für die Geschäftsstelle" not in html
    assert "Musterstraße 1" in html


@pytest.mark.django_db
def test_office_saves_a_new_version_and_the_old_one_stays_readable(client_for, office_user, client):
    office = client_for(office_user)
    response = office.post(
        "/geschaeftsstelle/rechtstexte/impressum/",
        {"title": "Impressum", "body": "## Anbieterin\n\nHessisches Ministerium für Digitales"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/impressum/"
    office.logout()

    current = _text(client.get("/impressum/"))
    assert "Hessisches Ministerium für Digitales" in current
    stand = timezone.localdate().strftime("%-d. ")
    assert f"Stand: {stand}" in current and "(Fassung 2)" in current

    old = _text(client.get("/impressum/fassungen/1/"))
    assert "Sie lesen eine frühere Fassung (Fassung 1" in old
    assert "[Name der Behörde]" in old
    assert "Hessisches Ministerium für Digitales" not in old


@pytest.mark.django_db
def test_version_list_names_the_editor_to_staff_only(client_for, office_user, client):
    office_user.name = "Erika Redaktion"
    office_user.save()
    save_legal_text(actor=office_user, page=Page.IMPRINT, title="Impressum", body="Neu")
    assert "Erika Redaktion" in _text(client_for(office_user).get("/impressum/fassungen/"))
    client.logout()
    public = _text(client.get("/impressum/fassungen/"))
    assert "Fassung 2" in public and "Fassung 1" in public
    assert "Erika Redaktion" not in public


@pytest.mark.django_db
def test_saving_unchanged_text_makes_no_version(client_for, office_user):
    current = LegalText.objects.current(Page.IMPRINT)
    response = client_for(office_user).post(
        "/geschaeftsstelle/rechtstexte/impressum/", {"title": current.title, "body": current.body}
    )
    assert "Es hat sich nichts geändert" in _text(response)
    assert LegalText.objects.filter(page=Page.IMPRINT).count() == 1


@pytest.mark.django_db
def test_only_the_office_edits(client_for, provider_user):
    response = client_for(provider_user).post(
        "/geschaeftsstelle/rechtstexte/impressum/", {"title": "X", "body": "Y"}
    )
    assert response.status_code == 403
    assert LegalText.objects.filter(page=Page.IMPRINT).count() == 1


@pytest.mark.django_db
def test_unknown_version_is_not_found(client):
    assert client.get("/impressum/fassungen/7/").status_code == 404
