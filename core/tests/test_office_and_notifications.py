import pytest

from core.models import Notification
from core.services import notify

pytestmark = pytest.mark.django_db


def test_office_hub_is_for_office_staff_only(client_for, office_user, municipality_user):
    assert client_for(office_user).get("/geschaeftsstelle/").status_code == 200


@pytest.mark.parametrize("who", ["municipality_user", "provider_user", "outsider"])
def test_office_hub_refuses_everyone_else(client_for, request, who):
    response = client_for(request.getfixturevalue(who)).get("/geschaeftsstelle/")
    assert response.status_code == 403
    assert "Zugriff verweigert" in response.content.decode()


def test_office_hub_sends_anonymous_to_login(client):
    response = client.get("/geschaeftsstelle/")
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_notify_creates_notice_and_sends_mail_after_commit(
    django_capture_on_commit_callbacks, mailoutbox, provider_user
):
    with django_capture_on_commit_callbacks(execute=True):
        notify([provider_user], subject="Neue Kontaktanfrage", body="Hallo", url="/konto/")
    assert Notification.objects.filter(user=provider_user, subject="Neue Kontaktanfrage").exists()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [provider_user.email]
    assert "http://127.0.0.1:8000/konto/" in mailoutbox[0].body


def test_notifications_page_shows_only_own_notices_and_marks_read(
    client_for, provider_user, outsider
):
    notify([provider_user], subject="Für Alice", email=False)
    notify([outsider], subject="Für Charlie", email=False)
    html = client_for(provider_user).get("/konto/benachrichtigungen/").content.decode()
    assert "Für Alice" in html
    assert "Für Charlie" not in html
    assert not Notification.objects.filter(user=provider_user, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=outsider, read_at__isnull=True).exists()
