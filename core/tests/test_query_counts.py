"""Query counts of the core pages are pinned and the same for 2 and 20 rows."""

import pytest

from core.models import Notification

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [2, 20])
def test_notification_list(client_for, outsider, django_assert_num_queries, rows):
    for i in range(rows):
        Notification.objects.create(user=outsider, subject=f"Neue Lösung {i}", url="/loesungen/")
    client = client_for(outsider)
    client.get("/konto/")  # session and per-process caches warmed up
    with django_assert_num_queries(6):
        response = client.get("/konto/benachrichtigungen/")
    page = response.content.decode()
    assert page.count("Neue Lösung ") == rows
    assert Notification.objects.unread().count() == 0
