import datetime as dt

import pytest
from django.utils import timezone

from events.models import Registration, Workshop

pytestmark = pytest.mark.django_db


def workshop(title, status, days=14):
    start = timezone.now() + dt.timedelta(days=days)
    w = Workshop.objects.create(
        title=title,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        registration_deadline=start - dt.timedelta(days=1),
        video_link="https://v.example/geheim",
    )
    Workshop.objects.filter(pk=w.pk).update(status=status)
    return w


def test_drafts_hidden_video_link_never_exposed(client, municipality_user, municipality_org):
    public = workshop("Parkraum", Workshop.Status.PUBLISHED)
    workshop("Entwurf", Workshop.Status.DRAFT)
    workshop("Vorbei", Workshop.Status.DONE, days=-30)
    Registration.objects.create(
        workshop=public,
        user=municipality_user,
        organisation=municipality_org,
        status=Registration.Status.CONFIRMED,
    )
    body = client.get("/api/v1/workshops").json()
    assert {w["title"] for w in body["items"]} == {"Parkraum", "Vorbei"}
    assert "geheim" not in client.get("/api/v1/workshops").content.decode()
    assert [w["title"] for w in client.get("/api/v1/workshops?upcoming=true").json()["items"]] == [
        "Parkraum"
    ]
    detail = client.get(f"/api/v1/workshops/{public.slug}").json()
    assert detail["confirmed_registrations"] == 1
    assert client.get("/api/v1/workshops/entwurf").status_code == 404


@pytest.mark.parametrize("rows", [2, 20])
def test_workshop_list_query_count(client, django_assert_num_queries, rows):
    for i in range(rows):
        workshop(f"W{i}", Workshop.Status.PUBLISHED)
    with django_assert_num_queries(2):
        assert len(client.get("/api/v1/workshops?limit=50").json()["items"]) == rows
