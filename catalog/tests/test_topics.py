"""Topics (Handlungsfelder) kept by the office on the vocabularies page."""

import pytest
from django.test import Client

from catalog.models import Topic
from catalog.tests.factories import SolutionFactory
from core.models import AuditEntry
from matching.models import Need

pytestmark = pytest.mark.django_db
BASE = "/geschaeftsstelle/vokabulare/handlungsfelder/"


@pytest.fixture
def office(client_for, office_user):
    return client_for(office_user)


def test_office_adds_a_topic_with_a_slug_from_its_name(office):
    page = office.get("/geschaeftsstelle/vokabulare/").content.decode()
    assert f'href="{BASE}neu/"' in page
    r = office.post(f"{BASE}neu/", {"name": "Smarte Friedhöfe", "name_en": "Smart cemeteries",
                                     "position": 99})  # fmt: skip
    assert r.status_code == 302
    topic = Topic.objects.get(name="Smarte Friedhöfe")
    assert (topic.slug, topic.name_en, topic.position) == (
        "smarte-friedhofe",
        "Smart cemeteries",
        99,
    )
    assert AuditEntry.objects.filter(
        action="catalog.topic.created", object_id=str(topic.pk)
    ).exists()
    assert "Smarte Friedhöfe" in office.get("/geschaeftsstelle/vokabulare/").content.decode()


def test_duplicate_name_is_refused(office):
    r = office.post(f"{BASE}neu/", {"name": "mobilität & verkehr", "position": 1})
    assert r.status_code == 200 and r.context["form"].errors["name"]


def test_office_renames_and_moves_a_topic_slug_stays(office, django_capture_on_commit_callbacks):
    topic = Topic.objects.get(slug="wasser")
    solution = SolutionFactory(topics=[topic])
    before = solution.updated_at
    with django_capture_on_commit_callbacks(execute=True):
        r = office.post(f"{BASE}{topic.pk}/", {"name": "Wasser & Abwasser & Starkregen",
                                               "name_en": "Water", "position": 0})  # fmt: skip
    assert r.status_code == 302
    topic.refresh_from_db()
    assert (topic.slug, topic.name, topic.name_en, topic.position) == (
        "wasser", "Wasser & Abwasser & Starkregen", "Water", 0,
    )  # fmt: skip
    assert list(Topic.objects.values_list("slug", flat=True)[:1]) == ["wasser"]  # now first
    solution.refresh_from_db()
    assert solution.updated_at > before  # the search index sees the new name
    entry = AuditEntry.objects.get(action="catalog.topic.edited", object_id=str(topic.pk))
    assert set(entry.changes["fields"]) == {"name", "name_en", "position"}


def test_unused_topic_is_deleted_after_confirmation(office):
    topic = Topic.objects.create(slug="leer", name="Leer", position=50)
    url = f"{BASE}{topic.pk}/loeschen/"
    r = office.get(url)
    assert r.status_code == 200 and "Leer" in r.content.decode()
    assert Topic.objects.filter(pk=topic.pk).exists()
    assert office.post(url).status_code == 302
    assert not Topic.objects.filter(pk=topic.pk).exists()
    assert AuditEntry.objects.filter(action="catalog.topic.deleted", changes__slug="leer").exists()


def test_used_topic_is_not_deleted_with_a_german_reason(office, municipality_org):
    topic = Topic.objects.get(slug="energie")
    SolutionFactory(topics=[topic])
    SolutionFactory(topics=[topic])
    url = f"{BASE}{topic.pk}/loeschen/"
    page = office.get(url).content.decode()
    assert "wird noch verwendet" in page and "Lösungen: 2" in page
    r = office.post(url)
    assert r.status_code == 409
    assert Topic.objects.filter(pk=topic.pk).exists()


def test_topic_used_only_by_a_need_is_not_deleted(office, municipality_org, municipality_user):
    topic = Topic.objects.create(slug="nur-vorhaben", name="Nur Vorhaben")
    need = Need.objects.create(
        organisation=municipality_org, author=municipality_user, title="T", description="D"
    )
    need.topics.add(topic)
    assert office.post(f"{BASE}{topic.pk}/loeschen/").status_code == 409
    assert Topic.objects.filter(pk=topic.pk).exists()


@pytest.mark.parametrize(
    "who", ["anonymous", "outsider", "provider_user", "municipality_user", "other_provider_user"]
)
def test_only_the_office_edits_topics(request, who):
    topic = Topic.objects.get(slug="wasser")
    c = Client()
    if who != "anonymous":
        c.force_login(request.getfixturevalue(who))
    posts = [
        (f"{BASE}neu/", {"name": "Neu", "position": 1}),
        (f"{BASE}{topic.pk}/", {"name": "Gekapert", "position": 1}),
        (f"{BASE}{topic.pk}/loeschen/", {}),
    ]
    for url, data in posts:
        r = c.post(url, data)
        expected = 302 if who == "anonymous" else 403
        assert r.status_code == expected, url
    topic.refresh_from_db()
    assert topic.name == "Wasser & Abwasser" and not Topic.objects.filter(name="Neu").exists()


@pytest.mark.parametrize("n", [2, 20])
def test_vocabularies_page_query_count_is_flat(n, office, django_assert_num_queries):
    for i in range(n):
        Topic.objects.create(slug=f"t-{i}", name=f"Thema {i}", position=100 + i)
    with django_assert_num_queries(6):
        assert office.get("/geschaeftsstelle/vokabulare/").status_code == 200
