"""The knowledge pack for a fair follow-up procurement (§ 7 VgV): once a partnership has
reached regular operation, the town marks pilot documents *für alle Bieter* and hands one ZIP
to every bidder of the later tender — the marked documents (latest version each) and
`index.pdf`, which lists every file with its SHA-256 and the pack's index hash.

The index hash is the SHA-256 of the lines "<sha256>  <file name>\\n" in the ZIP's order —
exactly what `sha256sum <files>` prints — so anyone can recompute it from the unpacked files:
`sha256sum <files in index order> | sha256sum`.
"""

import hashlib
import io
import os
import re
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.documents import tagged_pdf
from core.services import log_action

from .access import require_side
from .models import Document, Side

INDEX_NAME = "index.pdf"
_UNSAFE = re.compile(r'[\x00-\x1f/\\:*?"<>|]+')


@dataclass
class PackFile:
    name: str  # the file's name in the ZIP
    document: Document
    version: object  # DocumentVersion
    sha256: str


def pack_available(partnership) -> bool:
    """Regular operation has been reached (it stays available after the partnership ends)."""
    return partnership.performance_started_on is not None


def require_pack_available(partnership):
    if not pack_available(partnership):
        raise ValidationError(
            _("The knowledge pack is available once the partnership is in regular operation.")
        )


@transaction.atomic
def mark_for_all_bidders(*, actor, partnership, document_ids):
    """The town marks which documents go to every bidder; the others are unmarked.

    Rule: members of the partnership's municipality only, once regular operation is reached;
    ids of other partnerships' documents are ignored. Audited with the marked titles.
    """
    require_side(actor, partnership, Side.MUNICIPALITY)
    require_pack_available(partnership)
    documents = list(Document.objects.select_for_update().filter(partnership=partnership))
    wanted = {int(i) for i in document_ids}
    for document in documents:
        document.for_all_bidders = document.pk in wanted
    Document.objects.bulk_update(documents, ["for_all_bidders"])
    log_action(
        partnership,
        actor=actor,
        action="partnerships.knowledge_pack.marked",
        changes={"documents": sorted(d.title for d in documents if d.for_all_bidders)},
    )


def _safe_name(title, original_name):
    base = _UNSAFE.sub("-", title).strip(" .-") or "dokument"
    extension = os.path.splitext(original_name)[1].lower()
    return f"{base}{extension}"


def pack_files(partnership):
    """The marked documents' latest versions with their names in the ZIP and SHA-256,
    in title order."""
    documents = (
        Document.objects.filter(partnership=partnership, for_all_bidders=True)
        .prefetch_related("versions")
        .order_by("title", "pk")
    )
    files, taken = [], {INDEX_NAME}
    for document in documents:
        version = next(iter(document.versions.all()), None)  # newest first
        if version is None:
            continue
        name = _safe_name(document.title, version.original_name)
        stem, extension = os.path.splitext(name)
        n = 2
        while name.lower() in taken:
            name, n = f"{stem} ({n}){extension}", n + 1
        taken.add(name.lower())
        digest = hashlib.sha256()
        with version.file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 16), b""):
                digest.update(chunk)
        files.append(PackFile(name, document, version, digest.hexdigest()))
    return files


def index_hash(files):
    """SHA-256 of the `sha256sum` lines of the files, in the pack's order."""
    lines = "".join(f"{f.sha256}  {f.name}\n" for f in files)
    return hashlib.sha256(lines.encode()).hexdigest()


def index_pdf(partnership, files) -> bytes:
    return tagged_pdf(
        "partnerships/knowledge_pack_index.html",
        {
            "p": partnership,
            "files": files,
            "index_hash": index_hash(files),
            "today": date_format(timezone.localdate(), "j. F Y"),
        },
    )


def build_pack(partnership, files) -> bytes:
    """The ZIP: the marked files (`pack_files`) and index.pdf."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for f in files:
            with f.version.file.open("rb") as handle:
                archive.writestr(f.name, handle.read())
        archive.writestr(INDEX_NAME, index_pdf(partnership, files))
    return out.getvalue()
