import pytest

from accounts.tests.factories import MunicipalityFactory
from api.services import create_api_token

pytestmark = pytest.mark.django_db


def test_openapi_schema_and_local_docs(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/municipalities" in schema["paths"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
    # No executable inline script: every <script> either loads a file or is JSON data.
    for chunk in html.split("<script")[1:]:
        assert ' src="/static/' in chunk.split(">")[0] or 'type="application/json"' in chunk


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/v1/does-not-exist")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "No such API endpoint."}


def test_missing_object_is_json_404(client):
    response = client.get("/api/v1/municipalities/00000000")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_bad_parameter_is_422_with_code(client):
    response = client.get("/api/v1/municipalities?limit=abc")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["detail"][0]["loc"][-1] == "limit"


def test_bad_cursor_is_400(client):
    response = client.get("/api/v1/municipalities?cursor=!!!")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_cursor"


@pytest.mark.parametrize(
    "header", ["Bearer nonsense", "Bearer srm_abcd1234_x", "Basic Zm9vOmJhcg=="]
)
def test_wrong_token_is_401(client, header):
    response = client.get("/api/v1/municipalities", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == "Bearer"


def test_token_of_deactivated_user_is_401(client, provider_user, provider_org):
    _, plaintext = create_api_token(actor=provider_user, organisation=provider_org, name="t")
    provider_user.is_active = False
    provider_user.save()
    response = client.get(
        "/api/v1/municipalities", headers={"Authorization": f"Bearer {plaintext}"}
    )
    assert response.status_code == 401


def test_cursor_pagination_walks_every_row_once(client):
    for n in range(7):
        MunicipalityFactory(ags=f"0661{n:04d}", name=f"Ort {n}")
    seen, cursor = [], ""
    while True:
        body = client.get(f"/api/v1/municipalities?limit=3&cursor={cursor}").json()
        seen += [m["ags"] for m in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == [f"0661{n:04d}" for n in range(7)]
    assert len(seen) == len(set(seen))


def test_municipality_filters(client):
    MunicipalityFactory(ags="06611000", name="Kassel", district_ags="06611")
    MunicipalityFactory(ags="06632002", name="Bad Hersfeld", district_ags="06632")
    body = client.get("/api/v1/municipalities?q=hersf").json()
    assert [m["ags"] for m in body["items"]] == ["06632002"]
    body = client.get("/api/v1/municipalities?district_ags=06611").json()
    assert [m["name"] for m in body["items"]] == ["Kassel"]
    assert client.get("/api/v1/municipalities/06611000").json()["name"] == "Kassel"


def test_rate_limit_per_ip_answers_429_with_retry_after(client, settings):
    settings.API_RATE_LIMITS = {"ip": 3, "token": 5}
    statuses = [client.get("/api/v1/municipalities").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/municipalities")
    assert response.json()["code"] == "rate_limited"
    assert 1 <= int(response["Retry-After"]) <= 60
    # Another client IP has its own budget.
    assert client.get("/api/v1/municipalities", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_rate_limit_per_token_is_separate_from_ip(client, settings, provider_user, provider_org):
    settings.API_RATE_LIMITS = {"ip": 2, "token": 4}
    _, plaintext = create_api_token(actor=provider_user, organisation=provider_org, name="t")
    _, other = create_api_token(actor=provider_user, organisation=provider_org, name="u")
    auth = {"Authorization": f"Bearer {plaintext}"}
    statuses = [client.get("/api/v1/municipalities", headers=auth).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    # A second token still has its own budget; anonymous requests from the same IP too.
    assert (
        client.get(
            "/api/v1/municipalities", headers={"Authorization": f"Bearer {other}"}
        ).status_code
        == 200
    )
    assert client.get("/api/v1/municipalities").status_code == 200


def test_me_requires_token_and_names_its_organisation(client, provider_user, provider_org):
    assert client.get("/api/v1/me").status_code == 401
    _, plaintext = create_api_token(actor=provider_user, organisation=provider_org, name="CRM")
    body = client.get("/api/v1/me", headers={"Authorization": f"Bearer {plaintext}"}).json()
    assert body == {
        "email": provider_user.email,
        "token": "CRM",
        "organisation": {"slug": provider_org.slug, "name": provider_org.name, "kind": "provider"},
    }


def test_nul_bytes_are_refused_with_400(client, provider_user, provider_org):
    response = client.get("/api/v1/municipalities?q=a%00b")
    assert (response.status_code, response.json()["code"]) == (400, "bad_request")
    _, plaintext = create_api_token(actor=provider_user, organisation=provider_org, name="t")
    response = client.post(
        "/api/v1/my/solutions",
        '{"title": "a\\u0000b", "summary": "x", "topics": ["verwaltung"]}',
        content_type="application/json",
        headers={"Authorization": f"Bearer {plaintext}"},
    )
    assert response.status_code == 400
