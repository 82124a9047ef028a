"""Leichte Sprache follows its rules; the DGS page shows the office's self-hosted video."""

import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from legal.models import SignLanguageVideo

MAX_WORDS = 15
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
WEBVTT = b"WEBVTT\n\n00:00.000 --> 00:04.000\nWillkommen beim Marktplatz.\n"


def sentences(html: str) -> list[str]:
    """The sentences of the page's text: each block (heading, paragraph line, list item)
    split at . ! ? and :"""
    text = re.sub(r"<br\s*/?>|</(p|h\d|li)>", "\n", html)
    text = unescape(re.sub(r"<[^>]+>", " ", text))
    result = []
    for line in text.splitlines():
        parts = re.split(r"(?<=[.!?:])\s+", " ".join(line.split()))
        result += [part for part in parts if part]
    return result


def rule_violations(html: str) -> list[str]:
    return [
        s
        for s in sentences(html)
        if len(s.split()) > MAX_WORDS or ";" in s  # short, and one statement per sentence
    ]


def _body(response):
    html = response.content.decode()
    return html.split('<div lang="de">', 1)[1].split('<p class="sr-muted">', 1)[0]


def test_the_rule_check_catches_a_long_sentence():
    long = (
        "<p>Die Geschäftsstelle, die zum Land Hessen gehört, prüft jede Lösung sorgfältig, "
        "bevor sie auf dem Marktplatz für alle Besucherinnen und Besucher sichtbar wird.</p>"
    )
    assert rule_violations(long) == [re.sub(r"<[^>]+>", "", long)]
    assert rule_violations("<p>Das ist kurz; das auch.</p>") == ["Das ist kurz; das auch."]


@pytest.mark.django_db
def test_easy_language_page_has_short_sentences(client):
    body = _body(client.get("/leichte-sprache/"))
    found = sentences(body)
    assert len(found) > 40
    assert rule_violations(body) == []


def lines_with_several_sentences(html: str) -> list[str]:
    """Leichte Sprache puts every sentence on its own line (as the browser shows it: a line
    break in the HTML source is only a space)."""
    text = re.sub(r"<br\s*/?>|</(p|h\d|li)>", "\n", html.replace("\n", " "))
    text = unescape(re.sub(r"<[^>]+>", " ", text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return [line for line in lines if len(re.findall(r"[.!?](?= [A-ZÄÖÜ])", line)) > 0]


def test_the_line_check_catches_two_sentences_on_one_line():
    assert lines_with_several_sentences("<p>Das ist ein Satz. Das ist noch einer.</p>") == [
        "Das ist ein Satz. Das ist noch einer."
    ]
    assert lines_with_several_sentences("<p>Das ist ein Satz.<br>Das ist noch einer.</p>") == []
    assert lines_with_several_sentences("<p>Ein Satz.\nNoch einer.</p>") == [
        "Ein Satz. Noch einer."
    ]


@pytest.mark.django_db
def test_easy_language_page_has_one_sentence_per_line(client):
    assert lines_with_several_sentences(_body(client.get("/leichte-sprache/"))) == []


@pytest.mark.django_db
def test_easy_language_page_explains_its_words(client):
    text = " ".join(sentences(_body(client.get("/leichte-sprache/"))))
    for explained in ("Kommunen", "Digital", "Anbieter", "Lösung", "Konto", "Vorhaben"):
        assert re.search(rf"{explained}\b[^.]*\.", text), explained
    assert "Digital heißt: mit dem Computer und dem Internet." in text
    assert "Sie arbeiten für eine Kommune? Dann können Sie ein Vorhaben beschreiben." in text
    assert "Ein Vorhaben ist eine Aufgabe." in text


@pytest.mark.django_db
def test_sign_language_page_without_video_says_it_is_being_prepared(client):
    html = client.get("/gebaerdensprache/").content.decode()
    assert "Das Video in Deutscher Gebärdensprache wird gerade vorbereitet." in html
    assert "<video" not in html


@pytest.mark.django_db
def test_office_uploads_video_with_captions_and_the_page_plays_it(client_for, office_user, client):
    response = client_for(office_user).post(
        "/geschaeftsstelle/rechtstexte/dgs-video/",
        {
            "video": SimpleUploadedFile("dgs.mp4", MP4, "video/mp4"),
            "captions": SimpleUploadedFile("dgs.vtt", WEBVTT, "text/vtt"),
        },
    )
    assert response.status_code == 302
    video = SignLanguageVideo.objects.get()
    client.logout()
    html = client.get("/gebaerdensprache/").content.decode()
    assert f'<source src="/gebaerdensprache/video/{video.pk}/" type="video/mp4">' in html
    assert (
        f'<track kind="captions" src="/gebaerdensprache/untertitel/{video.pk}/" srclang="de" '
        'label="Deutsch" default>'
    ) in html
    assert "wird gerade vorbereitet" not in html
    assert "youtube" not in html.lower() and "vimeo" not in html.lower()

    served = client.get(f"/gebaerdensprache/video/{video.pk}/")
    assert served["Content-Type"] == "video/mp4"
    assert b"".join(served.streaming_content) == MP4
    captions = client.get(f"/gebaerdensprache/untertitel/{video.pk}/")
    assert captions["Content-Type"] == "text/vtt; charset=utf-8"
    assert b"".join(captions.streaming_content) == WEBVTT


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("video", "captions", "error"),
    [
        (("film.avi", MP4), ("dgs.vtt", WEBVTT), "Bitte laden Sie eine MP4- oder WebM-Datei hoch."),
        (("dgs.mp4", b"%PDF-1.4 nicht"), ("dgs.vtt", WEBVTT), "ist kein MP4- oder WebM-Video"),
        (("dgs.mp4", MP4), ("dgs.srt", WEBVTT), "Bitte laden Sie eine WebVTT-Datei hoch"),
        (("dgs.mp4", MP4), ("dgs.vtt", b"1\n00:00:00,000 --> 00:00:04,000\nHallo\n"), "WEBVTT"),
    ],
)
def test_upload_rejects_wrong_file_types(client_for, office_user, video, captions, error):
    response = client_for(office_user).post(
        "/geschaeftsstelle/rechtstexte/dgs-video/",
        {
            "video": SimpleUploadedFile(video[0], video[1]),
            "captions": SimpleUploadedFile(captions[0], captions[1]),
        },
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not SignLanguageVideo.objects.exists()


@pytest.mark.django_db
def test_video_answers_byte_ranges_for_seeking_and_safari(client, office_user):
    from legal.services import upload_sign_language_video

    video = upload_sign_language_video(
        actor=office_user,
        video=SimpleUploadedFile("dgs.mp4", MP4),
        captions=SimpleUploadedFile("dgs.vtt", WEBVTT),
    )
    url = f"/gebaerdensprache/video/{video.pk}/"
    part = client.get(url, HTTP_RANGE="bytes=4-11")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 4-11/{len(MP4)}"
    assert b"".join(part.streaming_content) == b"ftypmp42"
    tail = client.get(url, HTTP_RANGE="bytes=-4")
    assert b"".join(tail.streaming_content) == MP4[-4:]
    assert client.get(url, HTTP_RANGE=f"bytes={len(MP4)}-").status_code == 416
    assert client.get(url)["Accept-Ranges"] == "bytes"
