"""The favicon is shipped with the app and served locally (no 404 in the browser console)."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_pages_link_the_icons_and_they_exist(client):
    page = client.get("/").content.decode()
    icons = re.findall(r'<link rel="(?:icon|apple-touch-icon)" href="/static/([^"]+)"', page)
    assert icons == ["core/favicon.svg", "core/favicon.ico", "core/apple-touch-icon.png"]
    for path in icons:
        assert finders.find(path), path
    with open(finders.find("core/favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # ICO header


def test_favicon_ico_at_the_root_is_the_shipped_icon(client):
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Content-Type"]) == (200, "image/x-icon")
    with open(finders.find("core/favicon.ico"), "rb") as icon:
        assert b"".join(response.streaming_content) == icon.read()
    assert "max-age=604800" in response["Cache-Control"]
