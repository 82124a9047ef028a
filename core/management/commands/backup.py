"""`manage.py backup FILE`: the database (Django JSON of every app) and the uploaded files under
MEDIA_ROOT in one .tar.gz. `manage.py restore FILE` rebuilds an empty instance from it.

Archive layout (FORMAT_VERSION 1):
    manifest.json   format, creation time, applied migrations, row counts, files with SHA-256
    db.json         like `dumpdata --all --natural-foreign`, without content types and permissions
                    (a migrated target recreates those; natural keys make the references portable)
    media/<path>    every file under MEDIA_ROOT, same relative path
"""

import datetime
import hashlib
import io
import json
import logging
import os
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from tqdm import tqdm

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_DUMP = "db.json"
MEDIA_PREFIX = "media/"
# Recreated by `migrate` (post_migrate) on the target; dumped rows refer to them by natural key.
EXCLUDED_MODELS = ("contenttypes.ContentType", "auth.Permission")
CHUNK = 1024 * 1024


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def media_root():
    return Path(settings.MEDIA_ROOT)


def media_files(root=None):
    """Relative POSIX paths of every regular file under MEDIA_ROOT, sorted."""
    root = Path(root or media_root())
    if not root.is_dir():
        return []
    found = []
    for directory, _dirs, files in os.walk(root):
        for name in files:
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                found.append(path.relative_to(root).as_posix())
    return sorted(found)


def backed_up_models(using=DEFAULT_DB_ALIAS):
    """Concrete models whose rows go into the dump (and must be empty before a restore)."""
    excluded = {label.lower() for label in EXCLUDED_MODELS}
    return [
        model
        for model in apps.get_models()
        if model._meta.label_lower not in excluded
        and not model._meta.proxy
        and model._meta.managed
        and router.allow_migrate_model(using, model)
    ]


def applied_migrations(using=DEFAULT_DB_ALIAS):
    recorder = MigrationRecorder(connections[using])
    return sorted([app, name] for app, name in recorder.applied_migrations())


class PreciseJSONEncoder(DjangoJSONEncoder):
    """Like Django's encoder, but keeps microseconds (Django's cuts datetimes to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def dump_database(stream, using=DEFAULT_DB_ALIAS):
    """What `dumpdata --all --natural-foreign` writes, with full datetime precision."""
    models = serializers.sort_dependencies(
        [(config, None) for config in apps.get_app_configs()], allow_cycles=True
    )
    included = set(backed_up_models(using))

    def objects():
        for model in models:
            if model in included:
                yield from (
                    model._base_manager.using(using)
                    .order_by(model._meta.pk.name)
                    .iterator(chunk_size=2000)
                )

    serializers.serialize(
        "json", objects(), stream=stream, use_natural_foreign_keys=True, cls=PreciseJSONEncoder
    )


def check_fully_migrated(using=DEFAULT_DB_ALIAS):
    executor = MigrationExecutor(connections[using])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = ", ".join(str(migration) for migration, _backwards in plan[:5])
        raise CommandError(
            f"The database has unapplied migrations ({names}). Run `manage.py migrate` first."
        )


def write_backup(path, *, using=DEFAULT_DB_ALIAS, progress=None):
    """Write the archive to `path` (atomically: a temporary file renamed at the end)."""
    check_fully_migrated(using)
    path = Path(path)
    files = media_files()
    root = media_root()
    with tempfile.TemporaryDirectory(prefix="srm-backup-") as workdir:
        dump = Path(workdir) / DATABASE_DUMP
        with dump.open("w", encoding="utf-8") as stream:
            dump_database(stream, using)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "database_vendor": connections[using].vendor,
            "migrations": applied_migrations(using),
            "rows": {
                model._meta.label: model._base_manager.using(using).count()
                for model in backed_up_models(using)
            },
            "database_sha256": sha256_of(dump),
            "files": {name: sha256_of(root / name) for name in files},
        }
        partial = path.with_name(f".{path.name}.partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=DATABASE_DUMP, recursive=False)
            for name in progress(files, total=len(files)) if progress else files:
                archive.add(root / name, arcname=MEDIA_PREFIX + name, recursive=False)
        os.chmod(partial, 0o600)  # the archive holds password hashes and personal data
        os.replace(partial, path)
    return manifest


class Command(BaseCommand):
    help = (
        "Write the database (all apps, Django JSON) and the uploaded files under MEDIA_ROOT "
        "into one .tar.gz archive. Restore it with `manage.py restore FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="archive to write, e.g. var/backups/2026-11-25.tar.gz")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, file, database, no_progress, **options):
        target = Path(file)
        if not target.parent.is_dir():
            raise CommandError(f"Directory {target.parent} does not exist.")
        progress = None if no_progress else tqdm_files(self)
        try:
            manifest = write_backup(target, using=database, progress=progress)
        except CommandError:
            raise
        except Exception as exc:
            logger.exception("backup failed", extra={"file": str(target)})
            raise CommandError(f"Backup failed: {exc}") from exc
        rows = sum(manifest["rows"].values())
        logger.info(
            "backup written",
            extra={"file": str(target), "rows": rows, "files": len(manifest["files"])},
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {target}: {rows} rows in {len(manifest['rows'])} tables, "
                f"{len(manifest['files'])} files."
            )
        )


def tqdm_files(command):
    def progress(iterable, total):
        return tqdm(iterable, total=total, desc="Files", unit="file", file=command.stderr._out)

    return progress
