"""The provider's e-mail about a contact request: replies reach the town, and it names the need."""

import email
import email.policy

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from catalog.tests.factories import ProviderProfileFactory, SolutionFactory
from matching.models import Need

pytestmark = pytest.mark.django_db


@pytest.fixture
def solution(provider_org, provider_user):
    return SolutionFactory(
        provider=ProviderProfileFactory(organisation=provider_org),
        title="Parkleitsystem mit Bodensensoren",
    )


@pytest.fixture
def need(municipality_org):
    return Need.objects.create(
        organisation=municipality_org,
        title="Weniger Parksuchverkehr in der Altstadt",
        description="Autos kreisen auf der Suche nach einem Parkplatz.",
        visibility=Need.Visibility.PUBLIC,
    )


def send(client, url, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"subject": "Anfrage", "message": "Was kostet das?"})
    assert response.status_code == 302
    (message,) = mail.outbox
    return message


def test_reply_goes_to_the_clerk_and_the_mail_names_the_need(
    solution, need, municipality_user, client_for, django_capture_on_commit_callbacks
):
    municipality_user.name = "Univ.Prof. Jana Öztürk"
    municipality_user.save()
    client = client_for(municipality_user)
    url = reverse("catalog:contact", args=[solution.slug]) + f"?vorhaben={need.pk}"
    form = client.get(url).content.decode()
    assert (
        'value="Weniger Parksuchverkehr in der Altstadt: Parkleitsystem mit Bodensensoren"' in form
    )
    sent = send(client, url, django_capture_on_commit_callbacks)
    message = email.message_from_bytes(sent.message().as_bytes(), policy=email.policy.default)
    assert message["Reply-To"].addresses[0].addr_spec == "clerk@bad-hersfeld.example"
    assert message["Reply-To"].addresses[0].display_name == "Univ.Prof. Jana Öztürk"
    body = message.get_content()
    assert "Univ.Prof. Jana Öztürk <clerk@bad-hersfeld.example>, Bad Hersfeld" in body
    assert "Lösung: Parkleitsystem mit Bodensensoren" in body
    assert "Zum Vorhaben: Weniger Parksuchverkehr in der Altstadt" in body
    assert f"{settings.SITE_URL}{need.get_absolute_url()}\n" in body
    assert "Antworten Sie auf diese E-Mail, um Univ.Prof. Jana Öztürk" in body


def test_without_a_need_the_mail_still_has_reply_to(
    solution, municipality_user, client_for, django_capture_on_commit_callbacks
):
    url = reverse("catalog:contact", args=[solution.slug])
    message = send(client_for(municipality_user), url, django_capture_on_commit_callbacks)
    assert message.extra_headers["Reply-To"].endswith("<clerk@bad-hersfeld.example>")
    assert "Zum Vorhaben" not in message.body


def test_another_towns_need_is_not_named(
    solution, need, other_municipality_user, client_for, django_capture_on_commit_callbacks
):
    url = reverse("catalog:contact", args=[solution.slug]) + f"?vorhaben={need.pk}"
    message = send(client_for(other_municipality_user), url, django_capture_on_commit_callbacks)
    assert "Zum Vorhaben" not in message.body
    assert "Fulda" in message.body
