"""`manage.py backup` / `manage.py restore`: a populated instance survives the round trip, row for
row and file for file; damaged archives and non-empty targets are refused without changes."""

import io
import json
import tarfile
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from accounts.models import Membership
from accounts.tests.factories import (
    MembershipFactory,
    MunicipalityOrgFactory,
    ProviderOrgFactory,
    UserFactory,
)
from core.management.commands.backup import MANIFEST, media_files
from core.management.commands.restore import flush_database
from core.models import AuditEntry, Notification
from core.services import log_action, notify

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n" + bytes(range(256)) * 40
RECREATED_BY_MIGRATE = (ContentType, Permission)


def populate(client):
    """Rows in several apps (auth, admin, sessions, allauth, core, accounts, municipalities, and
    whatever the migrations seeded) plus uploaded files in nested folders."""
    provider = ProviderOrgFactory(name="ParkSense GmbH")
    town = MunicipalityOrgFactory(municipality__ags="06632002", municipality__name="Bad Hersfeld")
    alice = UserFactory(email="alice@parksense.example", name="Alice Äbelé")
    MembershipFactory(user=alice, organisation=provider)
    MembershipFactory(
        user=UserFactory(email="kaemmerer@bad-hersfeld.example"),
        organisation=town,
        role=Membership.Role.EDITOR,
        status=Membership.Status.PENDING,
    )
    editors = Group.objects.create(name="Redaktion")
    editors.permissions.add(*Permission.objects.filter(content_type__app_label="accounts")[:3])
    alice.groups.add(editors)
    alice.user_permissions.add(Permission.objects.get(codename="view_municipality"))
    LogEntry.objects.log_actions(alice.pk, [provider], ADDITION, change_message="angelegt")
    log_action(
        provider,
        actor=alice,
        action="catalog.provider.status_changed",
        from_state="draft",
        to_state="published",
    )
    notify([alice], subject="Willkommen", body="Grüße aus Bad Hersfeld", url="/konto/", email=False)
    client.force_login(alice)  # a database session row
    default_storage.save("uploads/anbieter/logo.pdf", ContentFile(PDF_BYTES))
    default_storage.save("partnerschaften/2026/Protokoll Ämter ß.txt", ContentFile("Beschluss"))


def database_rows():
    """Every row of every model, foreign keys as natural keys where the model has them (content
    types and permissions get new ids in a freshly migrated database)."""
    rows = {}
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        queryset = model._base_manager.order_by("pk")
        if model in RECREATED_BY_MIGRATE:
            rows[model._meta.label] = sorted(obj.natural_key() for obj in queryset)
        else:
            rows[model._meta.label] = serializers.serialize(
                "python", queryset, use_natural_foreign_keys=True
            )
    return rows


def stored_files():
    root = settings.MEDIA_ROOT
    return {name: (root / name).read_bytes() for name in media_files()}


def backup(path):
    call_command("backup", str(path), "--no-progress", stdout=StringIO(), stderr=StringIO())


def restore(path, *args):
    out = StringIO()
    call_command("restore", str(path), "--no-progress", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def wipe_instance():
    flush_database()
    for name in media_files():
        default_storage.delete(name)


@pytest.fixture
def populated(client):
    populate(client)
    rows = database_rows()
    populated_models = [label for label, items in rows.items() if items]
    populated_apps = {label.split(".")[0] for label in populated_models}
    assert {"accounts", "municipalities", "core", "auth", "admin", "sessions", "account"} <= (
        populated_apps
    )
    return rows, stored_files()


def test_round_trip_restores_every_row_and_file(populated, tmp_path):
    rows, files = populated
    archive = tmp_path / "backup.tar.gz"

    backup(archive)
    wipe_instance()
    assert Notification.objects.count() == 0
    assert media_files() == []
    output = restore(archive)

    assert database_rows() == rows
    assert stored_files() == files
    assert len(files) == 2
    assert "2 files" in output
    restored = AuditEntry.objects.get(action="catalog.provider.status_changed")
    assert restored.target.name == "ParkSense GmbH"  # generic relation points at the right row


def test_archive_is_private_and_lists_rows_and_checksums(populated, tmp_path):
    archive = tmp_path / "backup.tar.gz"

    backup(archive)

    assert archive.stat().st_mode & 0o777 == 0o600
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile(MANIFEST))
        names = set(tar.getnames())
    assert manifest["rows"]["municipalities.Municipality"] == 1
    assert set(manifest["files"]) == {
        "uploads/anbieter/logo.pdf",
        "partnerschaften/2026/Protokoll Ämter ß.txt",
    }
    assert "media/uploads/anbieter/logo.pdf" in names
    assert ["accounts", "0001_initial"] in manifest["migrations"]


def test_restore_refuses_an_instance_in_use_unless_forced(populated, tmp_path):
    rows, files = populated
    archive = tmp_path / "backup.tar.gz"
    backup(archive)
    Notification.objects.all().delete()
    changed = database_rows()

    with pytest.raises(CommandError, match="not empty"):
        restore(archive)
    assert database_rows() == changed

    restore(archive, "--force")
    assert database_rows() == rows
    assert stored_files() == files


def test_force_removes_files_that_are_not_in_the_backup(populated, tmp_path):
    _rows, files = populated
    archive = tmp_path / "backup.tar.gz"
    backup(archive)
    default_storage.save("uploads/neu-nach-backup.txt", ContentFile("später"))

    restore(archive, "--force")

    assert stored_files() == files


def rewrite_archive(source, target, *, replace=None, extra=None):
    """Copy an archive, replacing member contents and adding members (name -> bytes)."""
    replace, extra = replace or {}, extra or {}
    with tarfile.open(source) as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()
            data = (
                replace(member.name, data) if callable(replace) else replace.get(member.name, data)
            )
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))
        for name, data in extra.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ({"replace": {"db.json": b"[]"}}, "checksum"),
        ({"replace": {"media/uploads/anbieter/logo.pdf": b"x"}}, "damaged"),
        ({"extra": {"../../etc/evil": b"x"}}, "Unsafe path"),
        ({"extra": {"media/unlisted.txt": b"x"}}, "do not match"),
        ({"replace": {MANIFEST: b"{"}}, "manifest.json"),
    ],
)
def test_damaged_archive_is_refused_and_nothing_changes(populated, tmp_path, damage, message):
    archive, damaged = tmp_path / "backup.tar.gz", tmp_path / "damaged.tar.gz"
    backup(archive)
    rewrite_archive(archive, damaged, **damage)
    wipe_instance()
    before = database_rows()

    with pytest.raises(CommandError, match=message):
        restore(damaged)

    assert database_rows() == before
    assert media_files() == []


def test_backup_from_newer_code_is_refused(populated, tmp_path):
    archive, newer = tmp_path / "backup.tar.gz", tmp_path / "newer.tar.gz"
    backup(archive)

    def add_migration(name, data):
        if name != MANIFEST:
            return data
        manifest = json.loads(data)
        manifest["migrations"].append(["accounts", "9999_from_the_future"])
        return json.dumps(manifest).encode()

    rewrite_archive(archive, newer, replace=add_migration)
    wipe_instance()

    with pytest.raises(CommandError, match="accounts.9999_from_the_future"):
        restore(newer)


def test_not_an_archive(tmp_path):
    path = tmp_path / "kaputt.tar.gz"
    path.write_bytes(b"no archive")

    with pytest.raises(CommandError, match="not a readable"):
        restore(path)


def test_backup_into_missing_directory_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        backup(tmp_path / "fehlt" / "backup.tar.gz")
