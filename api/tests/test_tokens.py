import pytest
from django.urls import reverse

from api.models import ApiToken, hash_secret
from api.services import create_api_token

pytestmark = pytest.mark.django_db
URL = "/konto/api-tokens/"


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_member_creates_token_shown_once_and_stored_hashed(client_for, provider_user, provider_org):
    client = client_for(provider_user)
    response = client.post(URL, {"name": "CRM", "organisation": provider_org.pk})
    assert response.status_code == 201
    token = ApiToken.objects.get()
    plaintext = response.context["created"]["plaintext"]
    assert plaintext.startswith(f"srm_{token.prefix}_")
    assert plaintext in response.content.decode()
    assert token.secret_hash == hash_secret(plaintext)
    assert plaintext not in token.secret_hash
    assert (token.user, token.organisation, token.name) == (provider_user, provider_org, "CRM")
    # The list afterwards never shows the secret again.
    assert plaintext not in client.get(URL).content.decode()


def test_cannot_create_token_for_foreign_organisation(
    client_for, provider_user, other_provider_org
):
    response = client_for(provider_user).post(
        URL, {"name": "x", "organisation": other_provider_org.pk}
    )
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_owner_revokes_token_and_it_stops_working(client_for, provider_user, provider_org):
    token, plaintext = create_api_token(actor=provider_user, organisation=provider_org, name="t")
    headers = {"Authorization": f"Bearer {plaintext}"}
    client = client_for(provider_user)
    assert client.get("/api/v1/municipalities", headers=headers).status_code == 200
    response = client.post(reverse("api:token-revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    response = client.get("/api/v1/municipalities", headers=headers)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_other_user_cannot_revoke_token(
    client_for, provider_user, provider_org, other_provider_user
):
    token, _ = create_api_token(actor=provider_user, organisation=provider_org, name="t")
    response = client_for(other_provider_user).post(reverse("api:token-revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoke_needs_post(client_for, provider_user, provider_org):
    token, _ = create_api_token(actor=provider_user, organisation=provider_org, name="t")
    response = client_for(provider_user).get(reverse("api:token-revoke", args=[token.pk]))
    assert response.status_code == 405
