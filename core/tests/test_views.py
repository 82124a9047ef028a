import pytest

pytestmark = pytest.mark.django_db


def test_home_explains_the_three_pillars_in_german(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "Marktplatz" in html
    assert "Virtuelle Messe" in html
    assert "Innovationspartnerschaften" in html
    assert 'href="#main"' in html  # skip link


def test_home_in_english_after_switching_language(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Virtual fair" in html


def test_unknown_page_gives_german_404(client):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_security_headers_are_set(client):
    response = client.get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"].split("script-src")[1]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]
