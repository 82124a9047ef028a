"""The HTMX topic filter on /veranstaltungen/ announces how many workshops it shows."""

import pytest

from catalog.models import Topic

from .factories import WorkshopFactory, past

pytestmark = pytest.mark.django_db


def test_topic_filter_update_fills_the_status_line(client):
    topic = Topic.objects.get(slug="wasser")  # seeded by a migration
    WorkshopFactory().topics.add(topic)
    WorkshopFactory()
    past(WorkshopFactory()).topics.add(topic)
    page = client.get("/veranstaltungen/").content.decode()
    assert '<p id="workshop-lists-status" class="sr-status" role="status"></p>' in page
    html = client.get("/veranstaltungen/", {"thema": topic.slug}, headers={"HX-Request": "true"})
    assert (
        '<p id="workshop-lists-status" data-hx-swap-oob="innerHTML">'
        "1 kommende Veranstaltung, 1 vergangene Veranstaltung</p>"
    ) in html.content.decode()
    everything = client.get("/veranstaltungen/", headers={"HX-Request": "true"}).content.decode()
    assert "2 kommende Veranstaltungen, 1 vergangene Veranstaltung" in everything
