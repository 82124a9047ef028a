"""Accessibility statement from the browser suite's results, and the barrier feedback queue."""

import json
import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from legal.models import BarrierReport
from legal.services import (
    add_months,
    delete_answered_barrier_reports,
    report_barrier,
    save_legal_text,
    send_barrier_reminders,
)


def _text(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def results_file(settings, tmp_path):
    path = tmp_path / "accessibility-results.json"
    settings.ACCESSIBILITY_RESULTS_FILE = path
    return path


@pytest.mark.django_db
def test_statement_lists_pages_with_known_issues_and_the_date(client, results_file):
    results_file.write_text(
        json.dumps(
            {
                "checked_at": "2026-12-01T10:00:00+01:00",
                "axe_version": "4.10.2",
                "pages": {
                    "/": {"checked_at": "2026-12-01T10:00:00+01:00", "axe": [], "html": []},
                    "/loesungen/": {
                        "checked_at": "2026-11-30T09:00:00+01:00",
                        "axe": [
                            {
                                "id": "color-contrast",
                                "impact": "serious",
                                "help": "Elements must meet minimum color contrast ratio",
                                "nodes": 3,
                            }
                        ],
                        "html": ["Stray end tag “div”."],
                    },
                },
            }
        ),
        encoding="utf-8",
    )
    html = _text(client.get("/barrierefreiheit/"))
    assert "Zuletzt automatisch geprüft am 1. Dezember 2026: 2 Seiten" in html
    assert "axe-core 4.10.2" in html
    assert (
        "<code>/loesungen/</code> (geprüft am 30. November 2026): <ul> "
        "<li>Elements must meet minimum color contrast ratio (color-contrast, 3 Stellen)</li> "
        "<li>HTML: Stray end tag “div”.</li>"
    ) in html
    assert "<code>/</code> (geprüft" not in html


@pytest.mark.django_db
def test_statement_says_so_when_every_checked_page_passed(client, results_file):
    results_file.write_text(
        json.dumps({"checked_at": "2026-12-02T08:00:00+01:00", "pages": {"/": {}}}),
        encoding="utf-8",
    )
    html = _text(client.get("/barrierefreiheit/"))
    assert "auf keiner der geprüften Seiten Mängel gefunden" in html
    assert "Zuletzt automatisch geprüft am 2. Dezember 2026: 1 Seite " in html


@pytest.mark.django_db
@pytest.mark.parametrize("content", [None, "{kaputt"])
def test_statement_is_honest_without_a_result(client, results_file, content):
    if content is not None:
        results_file.write_text(content, encoding="utf-8")
    html = _text(client.get("/barrierefreiheit/"))
    assert "liegt noch kein Ergebnis einer automatischen Prüfung vor" in html
    assert "Zuletzt automatisch geprüft" not in html


@pytest.mark.django_db
def test_statement_names_laws_feedback_and_the_enforcement_body(client_for, office_user, client):
    client_for(office_user).post(
        "/geschaeftsstelle/rechtstexte/angaben/",
        {
            "controller": "Behörde",
            "data_protection_officer": "DSB",
            "enforcement_body": "Durchsetzungsstelle Hessen\nMusterweg 2, 65185 Wiesbaden",
            "server_log_retention": "7 Tage",
        },
    )
    client.logout()
    html = _text(client.get("/barrierefreiheit/"))
    for law in ("HessBGG", "HVBIT", "(EU) 2016/2102", "BITV 2.0", "WCAG 2.1"):
        assert law in html
    assert "Schlichtungsverfahren" in html
    assert "Durchsetzungsstelle Hessen<br>Musterweg 2, 65185 Wiesbaden" in html
    assert 'href="/barrierefreiheit/barriere-melden/"' in html


def test_one_month_is_a_calendar_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)


@pytest.mark.django_db
def test_report_lands_in_the_queue_with_a_due_date_one_month_later(
    client, client_for, office_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/barrierefreiheit/barriere-melden/",
            {
                "page_url": "/loesungen/",
                "description": "Der Filter ist mit der Tastatur nicht erreichbar.",
                "name": "Maria Muster",
                "email": "maria@example.org",
            },
            follow=True,
        )
    due = add_months(timezone.localdate(), 1).strftime("%d.%m.%Y")
    assert f"antworten bis zum {due}" in _text(response)
    assert [m.to for m in mail.outbox] == [["staff@smarte-region.example"], ["maria@example.org"]]

    queue = _text(client_for(office_user).get("/geschaeftsstelle/barrieremeldungen/"))
    report = BarrierReport.objects.get()
    row = (
        f'<tr><th scope="row"><a href="/geschaeftsstelle/barrieremeldungen/{report.pk}/">'
        f"/loesungen/</a></th> <td>{timezone.localdate():%d.%m.%Y}</td> <td>{due}</td> "
        "<td>offen</td></tr>"
    )
    assert row in queue


@pytest.mark.django_db
def test_report_form_needs_page_and_description(client):
    response = client.post("/barrierefreiheit/barriere-melden/", {"page_url": "", "email": "x"})
    html = _text(response)
    assert response.status_code == 200
    assert html.count('aria-invalid="true"') == 3  # page, description, e-mail
    assert not BarrierReport.objects.exists()


@pytest.mark.django_db
def test_form_takes_the_page_from_the_link(client):
    html = _text(client.get("/barrierefreiheit/barriere-melden/?seite=/kommunen/"))
    assert 'name="page_url" value="/kommunen/"' in html


@pytest.mark.django_db
def test_form_takes_the_page_the_visitor_came_from(client):
    html = _text(
        client.get(
            "/barrierefreiheit/barriere-melden/",
            HTTP_REFERER="http://testserver/loesungen/?q=parken",
        )
    )
    assert 'name="page_url" value="/loesungen/?q=parken"' in html
    foreign = _text(
        client.get("/barrierefreiheit/barriere-melden/", HTTP_REFERER="https://evil.example/x/")
    )
    assert 'name="page_url" value=' not in foreign


@pytest.mark.django_db
def test_overdue_reports_are_marked(client_for, office_user):
    report = report_barrier(page_url="/vorhaben/", description="Kontrast")
    BarrierReport.objects.filter(pk=report.pk).update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    report_barrier(page_url="/kommunen/", description="Zoom")
    queue = _text(client_for(office_user).get("/geschaeftsstelle/barrieremeldungen/"))
    assert queue.count("überfällig") == 1
    assert re.search(r"/vorhaben/</a></th> <td>[^<]+</td> <td>[^<]+ <strong[^>]*>überfällig", queue)


@pytest.mark.django_db
def test_office_changes_the_due_date(client_for, office_user):
    report = report_barrier(page_url="/vorhaben/", description="Kontrast")
    office = client_for(office_user)
    form = _text(office.get(report.get_absolute_url()))
    assert f'type="date" name="due_on" value="{report.due_on.isoformat()}"' in form
    response = office.post(report.get_absolute_url(), {"action": "due", "due_on": "2027-03-01"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.due_on == date(2027, 3, 1)


@pytest.mark.django_db
def test_answer_is_emailed_to_the_reporter(
    client_for, office_user, django_capture_on_commit_callbacks
):
    report = report_barrier(
        page_url="/loesungen/", description="Fokus unsichtbar", name="Maria", email="m@example.org"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(office_user).post(
            report.get_absolute_url(),
            {"action": "answer", "answer": "Danke, der Fokusrahmen ist jetzt sichtbar."},
        )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["m@example.org"]
    assert message.subject == "[Smart Region Marktplatz] Antwort auf Ihre Barrieremeldung"
    assert message.body.startswith("Guten Tag Maria,\n\nDanke, der Fokusrahmen ist jetzt sichtbar.")
    assert "Fokus unsichtbar" in message.body
    report.refresh_from_db()
    assert report.status == BarrierReport.Status.ANSWERED


@pytest.mark.django_db
def test_queue_is_for_the_office_only(client_for, provider_user):
    report = report_barrier(page_url="/", description="x")
    assert client_for(provider_user).get(report.get_absolute_url()).status_code == 403


@pytest.mark.django_db
def test_reminders_for_overdue_reports_once_a_week(office_user, django_capture_on_commit_callbacks):
    report = report_barrier(page_url="/vorhaben/", description="Kontrast")
    later = report_barrier(page_url="/kommunen/", description="noch nicht fällig")
    BarrierReport.objects.filter(pk=later.pk).update(due_on=report.due_on + timedelta(days=60))
    mail.outbox.clear()
    today = report.due_on + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_barrier_reminders(today=today) == 1
    assert [m.subject for m in mail.outbox] == [
        "[Smart Region Marktplatz] Überfällige Barrieremeldung: /vorhaben/"
    ]
    assert send_barrier_reminders(today=today + timedelta(days=3)) == 0
    assert send_barrier_reminders(today=today + timedelta(days=7)) == 1


@pytest.mark.django_db
def test_remind_command_runs_the_daily_task(office_user, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    report = report_barrier(page_url="/vorhaben/", description="Kontrast")
    BarrierReport.objects.filter(pk=report.pk).update(due_on=date(2020, 1, 1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_barrier_reports")
    assert [m.subject for m in mail.outbox] == [
        "[Smart Region Marktplatz] Überfällige Barrieremeldung: /vorhaben/"
    ]


@pytest.mark.django_db
def test_answered_reports_are_deleted_after_the_retention_period(settings, office_user):
    settings.RETENTION_BARRIER_REPORT_MONTHS = 12
    old = report_barrier(page_url="/a/", description="alt")
    recent = report_barrier(page_url="/b/", description="neu")
    unanswered = report_barrier(page_url="/c/", description="offen")
    now = timezone.now()
    BarrierReport.objects.filter(pk=old.pk).update(
        status="answered", answered_at=now - timedelta(days=400)
    )
    BarrierReport.objects.filter(pk=recent.pk).update(
        status="answered", answered_at=now - timedelta(days=300)
    )
    assert delete_answered_barrier_reports() == 1
    assert set(BarrierReport.objects.values_list("pk", flat=True)) == {recent.pk, unanswered.pk}


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [2, 20])
def test_queue_query_count_does_not_grow(client_for, office_user, django_assert_num_queries, rows):
    BarrierReport.objects.bulk_create(
        BarrierReport(page_url=f"/s/{n}/", description="x", due_on=date(2027, 1, 1))
        for n in range(rows)
    )
    client = client_for(office_user)
    with django_assert_num_queries(5):
        response = client.get("/geschaeftsstelle/barrieremeldungen/")
    assert _text(response).count('<th scope="row">') == rows


@pytest.mark.django_db
def test_report_form_is_throttled_per_address(client):
    data = {"page_url": "/", "description": "Kontrast zu schwach"}
    for _ in range(10):
        assert client.post("/barrierefreiheit/barriere-melden/", data).status_code == 302
    response = client.post("/barrierefreiheit/barriere-melden/", data)
    assert "Zu viele Meldungen von Ihrer Verbindung" in _text(response)
    assert BarrierReport.objects.count() == 10


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [2, 20])
def test_version_list_query_count_does_not_grow(
    client_for, office_user, django_assert_num_queries, rows
):
    for number in range(rows - 1):
        save_legal_text(actor=office_user, page="kontakt", title="Kontakt", body=f"Text {number}")
    client = client_for(office_user)
    with django_assert_num_queries(5):
        response = client.get("/kontakt/fassungen/")
    assert _text(response).count('<th scope="row">') == rows
