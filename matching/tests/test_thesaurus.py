"""The office's thesaurus groups: validation, access, and that the search uses them."""

import pytest

from catalog.tests.factories import SolutionFactory
from core.services import history_of
from matching import thesaurus
from matching.models import ThesaurusEntry
from matching.services import match_text

pytestmark = pytest.mark.django_db

URL = "/geschaeftsstelle/thesaurus/"


def test_office_adds_a_group_and_the_search_finds_the_synonym(client_for, office_user, catalog):
    ticket = SolutionFactory(
        title="Verwarngeld digital erfassen",
        summary="Das Ordnungsamt erfasst Verwarngelder mobil.",
    )
    # Solutions the word itself finds (the hybrid ranking lists every solution, with a
    # score from the words of 0 for those without any of them).
    ids = lambda: [h["id"] for h in match_text("Knöllchen", "", limit=10) if h["direct"]]  # noqa: E731
    assert ticket.slug not in ids()

    response = client_for(office_user).post(
        URL, {"words": "Knöllchen, Verwarngeld", "active": "on"}
    )
    assert response.status_code == 302
    assert ticket.slug in ids()

    entry = ThesaurusEntry.objects.get()
    client_for(office_user).post(f"{URL}{entry.pk}/", {"words": entry.words})  # deactivate
    assert ticket.slug not in ids()


def test_groups_are_stored_folded_and_listed(client_for, office_user):
    client = client_for(office_user)
    client.post(URL, {"words": "Straße , Fahrbahn,straße", "active": "on"})
    entry = ThesaurusEntry.objects.get()
    assert entry.words == "strasse, fahrbahn" and entry.created_by == office_user
    assert thesaurus.office_groups() == [["strasse", "fahrbahn"]]
    html = client.get(URL).content.decode()
    assert "strasse, fahrbahn" in html and "aktiv" in html
    assert [h.action for h in history_of(entry)] == ["matching.thesaurus.created"]


@pytest.mark.parametrize(
    ("words", "error"),
    [
        ("Parkplatz", "mindestens zwei verschiedene Wörter"),
        ("Parkplatz, parkplatz", "mindestens zwei verschiedene Wörter"),
        ("Parkplatz, P+R", "nur aus Buchstaben"),
        ("Park platz, Stellplatz", "nur aus Buchstaben"),
        ("Zone30, Tempo", "nur aus Buchstaben"),
        ("", "Dieses Feld ist zwingend erforderlich."),
    ],
)
def test_invalid_groups_get_clear_german_errors(client_for, office_user, words, error):
    response = client_for(office_user).post(URL, {"words": words, "active": "on"})
    assert response.status_code == 200
    html = response.content.decode()
    assert error in html
    assert 'aria-describedby="id_words_helptext id_words_error"' in html
    assert not ThesaurusEntry.objects.exists()


def test_version_changes_on_add_edit_and_deactivate(office_user):
    before = thesaurus.version()
    entry = ThesaurusEntry.objects.create(words="knoellchen, verwarngeld", created_by=office_user)
    added = thesaurus.version()
    assert added != before
    ThesaurusEntry.objects.filter(pk=entry.pk).update(
        active=False, updated_at=entry.updated_at.replace(year=entry.updated_at.year + 1)
    )
    assert thesaurus.version() != added
    assert thesaurus.office_groups() == []


@pytest.mark.parametrize(
    "who", ["provider_user", "municipality_user", "other_municipality_user", "outsider"]
)
def test_only_the_office_edits_the_thesaurus(client_for, request, who):
    entry = ThesaurusEntry.objects.create(words="knoellchen, verwarngeld")
    client = client_for(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"words": "a, b"}).status_code == 403
    assert client.post(f"{URL}{entry.pk}/", {"words": "x, y"}).status_code == 403
    entry.refresh_from_db()
    assert entry.words == "knoellchen, verwarngeld" and ThesaurusEntry.objects.count() == 1


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_office_hub_links_the_thesaurus(client_for, office_user):
    html = client_for(office_user).get("/geschaeftsstelle/").content.decode()
    assert f'href="{URL}"' in html and "Such-Thesaurus" in html


def test_thesaurus_page_query_count_does_not_grow(
    client_for, office_user, django_assert_num_queries
):
    client = client_for(office_user)
    ThesaurusEntry.objects.create(words="a, b", created_by=office_user)
    with django_assert_num_queries(5) as small:
        client.get(URL)
    baseline = len(small.captured_queries)
    for i in range(15):
        ThesaurusEntry.objects.create(words=f"wort{i}, begriff", created_by=office_user)
    with django_assert_num_queries(baseline):
        response = client.get(URL)
    assert len(response.context["entries"]) == 16
