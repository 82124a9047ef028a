import json

import pytest
from django.core.management import CommandError, call_command

from catalog.models import Status
from core.models import AuditEntry
from explorations import records as content_rules
from explorations.models import ExplorationEntry, MarketExploration

pytestmark = pytest.mark.django_db


def _entry(record, title):
    return next(e for e in record.entries.all() if e.snapshot["title"] == title)


def test_town_member_freezes_the_needs_matches_from_the_need_page(
    client_for, municipality_user, need
):
    client = client_for(municipality_user)
    page = client.get(need.get_absolute_url()).content.decode()
    assert f'action="/vorhaben/{need.pk}/markterkundung/"' in page
    response = client.post(f"/vorhaben/{need.pk}/markterkundung/")
    record = MarketExploration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/markterkundungen/{record.pk}/"
    assert record.need_title == need.title
    assert record.need_requirements["hosting_de_required"] is True
    assert record.frozen_by == municipality_user
    html = client.get(response["Location"]).content.decode()
    assert need.title in html
    assert "Parkleitsystem mit Bodensensoren" in html
    assert "Parkraum-App mit Sensoren" in html
    assert "Hosting außerhalb Deutschlands — Ihre Vorgabe" in html
    assert "passt nicht" in html


def test_exclusions_make_the_platform_say_does_not_fit(record):
    parking = _entry(record, "Parkleitsystem mit Bodensensoren")
    rival = _entry(record, "Parkraum-App mit Sensoren")
    assert parking.fits is True and parking.exclusions == []
    assert rival.fits is False
    assert rival.exclusions == [
        {"kind": "hosting", "cause": "Hosting außerhalb Deutschlands — Ihre Vorgabe"}
    ]
    assert parking.snapshot["provider"] == "ParkSense GmbH"
    assert parking.snapshot["price_min"] == "4800.00"
    assert parking.snapshot["licence"] == "EUPL-1.2"
    assert parking.snapshot["url"].endswith(f"/loesungen/{parking.solution.slug}/")
    assert parking.snapshot["contact"]["website"] == "https://parksense.example"


def test_freezing_writes_an_audit_entry_with_the_hash(record, need):
    entry = AuditEntry.objects.get(action="explorations.record.frozen")
    assert entry.object_id == str(need.pk)
    assert entry.comment == record.sha256


def test_snapshot_unchanged_after_the_solution_is_edited_and_withdrawn(
    client_for, municipality_user, record, parking
):
    before = _entry(record, "Parkleitsystem mit Bodensensoren").snapshot
    parking.title = "Ganz neuer Titel"
    parking.price_min = 99999
    parking.save()
    type(parking).objects.filter(pk=parking.pk).update(status=Status.ARCHIVED)
    record.refresh_from_db()
    entry = record.entries.get(solution=parking)
    assert entry.snapshot == before
    html = client_for(municipality_user).get(record.get_absolute_url()).content.decode()
    assert "Parkleitsystem mit Bodensensoren" in html
    assert "Ganz neuer Titel" not in html
    assert "4.800,00\u00a0€" in html
    record.organisation.name = "Kreisstadt Bad Hersfeld"
    record.organisation.save()
    call_command("verify_exploration", record.pk)  # still intact


def test_verify_exploration_exit_codes(record, capsys):
    call_command("verify_exploration", record.pk)
    assert f"Record {record.pk} intact: SHA-256 {record.sha256}" in capsys.readouterr().out
    entry = record.entries.first()
    ExplorationEntry.objects.filter(pk=entry.pk).update(
        snapshot={**entry.snapshot, "price_min": "1.00"}
    )
    with pytest.raises(CommandError) as failure:
        call_command("verify_exploration", record.pk)
    assert failure.value.returncode == 1
    assert "has been changed" in str(failure.value)


def test_hash_is_the_same_on_every_export(client_for, municipality_user, record):
    from io import BytesIO

    from pypdf import PdfReader

    client = client_for(municipality_user)
    base = f"/markterkundungen/{record.pk}"
    data = json.loads(client.get(base + ".json").content)
    assert data["sha256"] == record.sha256
    unsealed = {k: v for k, v in data.items() if k != "sha256"}
    assert content_rules.sha256_of(unsealed) == record.sha256
    assert record.sha256 in client.get(base + ".csv").content.decode("utf-8-sig")
    assert record.sha256 in _ods_text(client.get(base + ".ods").content)
    pdf = PdfReader(BytesIO(client.get(base + ".pdf").content))
    assert record.sha256 in "".join(p.extract_text() for p in pdf.pages).replace("\n", "")
    assert record.sha256 in client.get(base + "/").content.decode()


def test_json_export_has_the_documented_keys(client_for, municipality_user, record):
    data = json.loads(
        client_for(municipality_user).get(f"/markterkundungen/{record.pk}.json").content
    )
    assert data["frozen_at"] == record.frozen_at.isoformat()
    assert data["need"]["title"] == record.need_title
    assert data["filters_text"] == record.filters_text
    assert data["route_check"]["routes"]
    entry = data["entries"][0]
    assert set(entry) >= {
        "solution", "provider", "fits", "reasons", "exclusions", "verdict", "verdict_reason",
        "snapshot",
    }  # fmt: skip


def _ods_rows(content):
    from io import BytesIO

    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow

    document = load(BytesIO(content))
    table = document.spreadsheet.getElementsByType(Table)[0]
    rows = []
    for row in table.getElementsByType(TableRow):
        rows.append([str(cell) for cell in row.getElementsByType(TableCell)])
    return rows


def _ods_text(content):
    return "\n".join(";".join(row) for row in _ods_rows(content))


def test_ods_and_csv_read_back_to_the_same_rows(client_for, municipality_user, record):
    import csv
    import io

    client = client_for(municipality_user)
    base = f"/markterkundungen/{record.pk}"
    csv_rows = list(
        csv.reader(
            io.StringIO(client.get(base + ".csv").content.decode("utf-8-sig")), delimiter=";"
        )
    )
    ods_rows = _ods_rows(client.get(base + ".ods").content)
    assert csv_rows == ods_rows
    assert csv_rows[0][:4] == ["Nr.", "Lösung", "Anbieter", "Urteil der Plattform"]
    titles = {row[1] for row in csv_rows[1:3]}
    assert titles == {"Parkleitsystem mit Bodensensoren", "Parkraum-App mit Sensoren"}
    parking = next(r for r in csv_rows if r[1] == "Parkleitsystem mit Bodensensoren")
    assert parking[2:4] == ["ParkSense GmbH", "passt"]
    assert parking[8] == "4800,00"
    assert csv_rows[-1] == ["SHA-256", record.sha256]


def test_pdf_is_tagged_and_names_need_providers_and_hash(client_for, municipality_user, record):
    from io import BytesIO

    from pypdf import PdfReader

    response = client_for(municipality_user).get(f"/markterkundungen/{record.pk}.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = text.replace("\n", " ")
    assert record.need_title in flat
    assert "ParkSense GmbH" in flat
    assert "Konkurrenz AG" in flat
    assert record.sha256 in text.replace("\n", "")
