"""`manage.py restore FILE`: rebuild an empty, migrated instance from a `manage.py backup` archive.

The archive is checked first (manifest, checksums, safe paths, migrations known to this code).
An instance with user accounts or uploaded files is refused unless --force (which replaces its
data and files). Then the database is flushed and loaded in one transaction, the row counts are
compared with the manifest, and the files are put under MEDIA_ROOT.
"""

import json
import logging
import shutil
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from .backup import (
    DATABASE_DUMP,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA_PREFIX,
    applied_migrations,
    backed_up_models,
    check_fully_migrated,
    media_files,
    media_root,
    sha256_of,
    tqdm_files,
)

logger = logging.getLogger(__name__)


class RestoreError(CommandError):
    pass


def safe_member_name(name):
    """Archive paths must stay inside the target: relative, no '..', no drive letters."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\\" in name or ":" in path.parts[0]:
        raise RestoreError(f"Unsafe path in archive: {name!r}")
    return path.as_posix()


def unpack(archive_path, workdir):
    """Extract the archive into workdir after checking every member; returns the manifest."""
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            for member in archive.getmembers():
                safe_member_name(member.name)
                if not (member.isfile() or member.isdir()):
                    raise RestoreError(f"Unexpected entry type in archive: {member.name!r}")
            archive.extractall(workdir, filter="data")
    except (OSError, tarfile.TarError, EOFError) as exc:
        raise RestoreError(f"{archive_path} is not a readable .tar.gz archive: {exc}") from exc
    workdir = Path(workdir)
    try:
        manifest = json.loads((workdir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RestoreError(f"The archive has no readable {MANIFEST}.") from exc
    if manifest.get("format") != FORMAT_VERSION:
        raise RestoreError(f"Unknown archive format {manifest.get('format')!r}.")
    dump = workdir / DATABASE_DUMP
    if not dump.is_file() or sha256_of(dump) != manifest.get("database_sha256"):
        raise RestoreError(f"{DATABASE_DUMP} is missing or damaged (checksum mismatch).")
    media = workdir / MEDIA_PREFIX.rstrip("/")
    present = set(media_files(media))
    expected = manifest.get("files", {})
    if present != set(expected):
        raise RestoreError("The files in the archive do not match its manifest.")
    for name, digest in expected.items():
        if sha256_of(media / name) != digest:
            raise RestoreError(f"File {name!r} is damaged (checksum mismatch).")
    return manifest


def check_migrations(manifest, using):
    missing = {tuple(m) for m in manifest.get("migrations", [])} - {
        tuple(m) for m in applied_migrations(using)
    }
    if missing:
        names = ", ".join(f"{app}.{name}" for app, name in sorted(missing)[:5])
        raise RestoreError(
            f"The backup was made with migrations this instance has not applied ({names}). "
            "Update the code and run `manage.py migrate` first."
        )


def instance_in_use(using):
    """What makes this instance worth protecting: user accounts or uploaded files. Reference data
    that `migrate` or the register import put into a fresh instance does not count; the restore
    replaces it with the backup's copy."""
    reasons = []
    users = get_user_model()._base_manager.using(using).count()
    if users:
        reasons.append(f"{users} user accounts")
    files = len(media_files())
    if files:
        reasons.append(f"{files} files under {media_root()}")
    return reasons


def flush_database(using=DEFAULT_DB_ALIAS):
    """Empty every table (content types and permissions come back through post_migrate)."""
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            # TRUNCATE refuses while deferred FK checks are pending in this transaction; run
            # them now, and defer again for loading (rows arrive in any order).
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        call_command("flush", interactive=False, database=using, verbosity=0)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def load_database(dump, manifest, using):
    with transaction.atomic(using=using):
        flush_database(using)
        call_command("loaddata", str(dump), database=using, verbosity=0)
        counts = {
            model._meta.label: model._base_manager.using(using).count()
            for model in backed_up_models(using)
        }
        expected = {label: n for label, n in manifest.get("rows", {}).items() if n}
        actual = {label: n for label, n in counts.items() if n}
        if actual != expected:
            differing = sorted(set(actual.items()) ^ set(expected.items()))[:5]
            raise RestoreError(f"Row counts after loading differ from the backup: {differing}")


def restore_files(source, names, progress=None):
    root = media_root()
    if root.exists():
        for child in root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    root.mkdir(parents=True, exist_ok=True)
    for name in progress(names, total=len(names)) if progress else names:
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / name, target)


def restore_backup(path, *, using=DEFAULT_DB_ALIAS, force=False, progress=None):
    with tempfile.TemporaryDirectory(prefix="srm-restore-") as workdir:
        manifest = unpack(path, workdir)
        check_fully_migrated(using)
        check_migrations(manifest, using)
        if not force:
            reasons = instance_in_use(using)
            if reasons:
                raise RestoreError(
                    f"This instance is not empty ({', '.join(reasons)}). Restore into a freshly "
                    "migrated instance, or pass --force to replace all its data and files."
                )
        load_database(Path(workdir) / DATABASE_DUMP, manifest, using)
        restore_files(Path(workdir) / MEDIA_PREFIX.rstrip("/"), sorted(manifest["files"]), progress)
    return manifest


class Command(BaseCommand):
    help = (
        "Restore a `manage.py backup` archive into an empty, migrated instance "
        "(--force replaces the data of a non-empty one)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--force", action="store_true", help="replace the data and files of this instance"
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, file, database, force, no_progress, **options):
        progress = None if no_progress else tqdm_files(self)
        try:
            manifest = restore_backup(file, using=database, force=force, progress=progress)
        except CommandError as exc:
            logger.warning("restore refused", extra={"file": str(file), "reason": str(exc)})
            raise
        except Exception as exc:
            logger.exception("restore failed", extra={"file": str(file)})
            raise CommandError(f"Restore failed: {exc}") from exc
        rows = sum(manifest["rows"].values())
        logger.info("backup restored", extra={"file": str(file), "rows": rows})
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {rows} rows and {len(manifest['files'])} files "
                f"from the backup of {manifest['created_at']}."
            )
        )
