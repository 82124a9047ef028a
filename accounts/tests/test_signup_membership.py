"""Sign-up and membership (#16 item 11): sign-up asks who the person is, the office sees it on
the membership requests; the town is typed and resolved to one register entry; a person without
an organisation who opens a town-only page is pointed to the membership form."""

import re
from html import unescape

import pytest

from accounts.models import Membership, User
from accounts.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Ein-Sicheres-Passwort-42"


def _errors(html):
    """The field errors shown under the fields, in page order."""
    blocks = re.findall(r'<div class="sr-error"[^>]*>(.*?)</div>', html, re.S)
    return [unescape(e) for block in blocks for e in re.findall(r"<p>(.*?)</p>", block)]


def test_signup_asks_for_name_function_and_optional_phone(client):
    html = client.get("/konto/signup/").content.decode()
    labels = re.findall(r'<label for="id_(\w+)"[^>]*>([^<]+)<', html)
    assert [name for name, _ in labels][:4] == ["email", "name", "function", "phone"]
    assert dict(labels)["name"].strip() == "Ihr Name"
    assert dict(labels)["function"].strip() == "Ihre Funktion"
    assert dict(labels)["phone"].strip() == "Telefon (freiwillig)"


def test_signup_stores_name_function_and_phone(client):
    response = client.post(
        "/konto/signup/",
        {
            "email": "hauptamt@huenfeld.example",
            "name": "  Erika   Muster ",
            "function": "Leiterin Hauptamt",
            "phone": "06652 180-0",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="hauptamt@huenfeld.example")
    assert (user.name, user.function, user.phone) == (
        "Erika Muster",
        "Leiterin Hauptamt",
        "06652 180-0",
    )


def test_signup_without_name_and_function_is_refused(client):
    response = client.post(
        "/konto/signup/",
        {"email": "neu@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert _errors(response.content.decode()) == ["Dieses Feld ist zwingend erforderlich."] * 2
    assert not User.objects.filter(email="neu@example.org").exists()


@pytest.fixture
def huenfeld(db):
    return MunicipalityFactory(
        ags="06631014", name="Hünfeld", district="Fulda", district_ags="06631"
    )


def test_office_sees_who_asks_to_act_for_a_town(client_for, outsider, office_user, huenfeld):
    outsider.name, outsider.function, outsider.phone = "Erika Muster", "Hauptamt", "06652 1"
    outsider.save()
    client_for(outsider).post("/konto/kommune/", {"municipality": "Hünfeld"})
    html = client_for(office_user).get("/konto/mitgliedschaften/anfragen/").content.decode()
    row = re.search(r"<tr><td>(.*?)</td>", html.split("<tbody>")[1], re.S).group(1)
    assert row == (
        "<strong>Erika Muster</strong>, Hauptamt<br>"
        '<a href="mailto:charlie@example.org">charlie@example.org</a><br>'
        'Telefon: <a href="tel:066521">06652 1</a>'
    )


def test_town_field_offers_the_register_names(client_for, outsider, huenfeld):
    html = client_for(outsider).get("/konto/kommune/").content.decode()
    assert 'list="id_municipality-register"' in html
    assert '<datalist id="id_municipality-register">' in html
    assert '<option value="Hünfeld (Fulda)"></option>' in html


@pytest.mark.parametrize("typed", ["Hünfeld (Fulda)", "Hünfeld", "Huenfeld", "hunfeld", "06631014"])
def test_typed_town_is_resolved_to_the_register_entry(client_for, outsider, huenfeld, typed):
    response = client_for(outsider).post("/konto/kommune/", {"municipality": typed})
    assert response.status_code == 302
    membership = Membership.objects.get(user=outsider)
    assert membership.organisation.municipality == huenfeld
    assert membership.status == Membership.Status.PENDING


def test_ambiguous_town_name_asks_to_choose(client_for, outsider):
    MunicipalityFactory(name="Neustadt", district="Marburg-Biedenkopf")
    MunicipalityFactory(name="Neustadt", district="Fulda")
    response = client_for(outsider).post("/konto/kommune/", {"municipality": "Neustadt"})
    assert response.status_code == 200
    assert _errors(response.content.decode()) == [
        "Mehrere Kommunen heißen „Neustadt“: „Neustadt (Fulda)“, "
        "„Neustadt (Marburg-Biedenkopf)“. Bitte wählen Sie eine davon."
    ]
    assert not Membership.objects.filter(user=outsider).exists()
    response = client_for(outsider).post("/konto/kommune/", {"municipality": "Neustadt (Fulda)"})
    assert Membership.objects.get(user=outsider).organisation.municipality.district == ("Fulda")


def test_unknown_town_gets_suggestions_or_a_spelling_hint(client_for, outsider, huenfeld):
    client = client_for(outsider)
    response = client.post("/konto/kommune/", {"municipality": "Hünf"})
    assert _errors(response.content.decode()) == [
        "Keine Kommune „Hünf“ im Verzeichnis. Meinten Sie: „Hünfeld (Fulda)“?"
    ]
    response = client.post("/konto/kommune/", {"municipality": "Atlantis"})
    assert _errors(response.content.decode()) == [
        "Keine Kommune „Atlantis“ im Verzeichnis. Bitte prüfen Sie die Schreibweise."
    ]
    assert not Membership.objects.filter(user=outsider).exists()


@pytest.mark.parametrize("path", ["/vorhaben/neu/", "/partnerschaften/neu/"])
def test_town_only_page_points_a_newcomer_to_the_membership_form(client_for, outsider, path):
    response = client_for(outsider).get(path)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Ihr Konto gehört noch zu keiner Kommune." in html
    assert (
        '<a class="kern-btn kern-btn--primary" href="/konto/kommune/">'
        '<span class="kern-label">Für eine Kommune handeln</span></a>'
    ) in html


def test_provider_member_gets_the_plain_403(client_for, provider_user):
    response = client_for(provider_user).get("/vorhaben/neu/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Sie haben keine Berechtigung für diese Seite." in html
    assert 'href="/konto/kommune/"' not in html
