import pytest
from django.core import mail
from django.core.management import call_command

from accounts import demo
from accounts.models import Membership, User
from municipalities.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def bad_hersfeld(db):
    from accounts.tests.factories import MunicipalityFactory

    return MunicipalityFactory(ags="06632002", name="Bad Hersfeld")


def test_demo_users_are_created_once_and_can_log_in(client, bad_hersfeld, capsys):
    import io

    out = io.StringIO()
    demo.load(out)
    demo.load(out)
    assert User.objects.count() == 3
    assert Membership.objects.active().count() == 3
    town = Membership.objects.get(user__email="kommune@demo.smarte-region.de").organisation
    assert town.municipality == bad_hersfeld
    response = client.post(
        "/konto/login/",
        {"login": "kommune@demo.smarte-region.de", "password": demo.PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/konto/").status_code == 200


def test_print_logins_lists_every_demo_user():
    import io

    out = io.StringIO()
    demo.print_logins(out)
    for email, *_rest in demo.LOGINS:
        assert email in out.getvalue()


def test_signup_sends_verification_and_login_waits_for_it(client):
    response = client.post(
        "/konto/signup/",
        {
            "email": "neu@kommune.example",
            "name": "Erika Muster",
            "function": "Hauptamt",
            "password1": "Ein-Sicheres-Passwort-42",
            "password2": "Ein-Sicheres-Passwort-42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="neu@kommune.example")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    # Not verified yet: logging in leads to the verification notice, not into the account.
    client.logout()
    client.post(
        "/konto/login/", {"login": "neu@kommune.example", "password": "Ein-Sicheres-Passwort-42"}
    )
    assert client.get("/konto/").status_code == 302
    link = next(word for word in body.split() if "/konto/confirm-email/" in word)
    path = link[link.index("/konto/") :]
    response = client.post(path)
    assert response.status_code == 302
    assert user.emailaddress_set.get().verified
    assert client.get("/konto/").status_code == 200


def test_repeated_failed_logins_are_throttled(client, outsider):
    for _ in range(5):
        client.post("/konto/login/", {"login": outsider.email, "password": "falsch"})
    # Even the right password is refused now, with a German explanation.
    response = client.post(
        "/konto/login/", {"login": outsider.email, "password": "Sicheres-Passwort-2026"}
    )
    assert response.status_code == 200
    assert "Zu viele" in response.content.decode()
    assert client.get("/konto/").status_code == 302


def test_demo_data_command_runs_twice_without_changes():
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (User.objects.count(), Municipality.objects.count())
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (User.objects.count(), Municipality.objects.count()) == counts
    assert counts[0] >= 3
