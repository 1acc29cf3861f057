"""The file store: uploads kept as they came under their SHA-256, never overwritten; sniffing.

A file's name as sent is only ever shown, never used as a path: the store names files by their
hash, and the core reads a copy named after the unit's code (`<unit>.xlsx`) in a private
temporary folder.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.db import IntegrityError

from census.web.models import StoredFile

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
#: The extension the core is given for each kind of bytes.
SUFFIX = {"xlsx": ".xlsx", "xlsm": ".xlsm", "ods": ".ods", "ole": ".xls", "csv": ".csv",
          "toml": ".toml", "other": ".xlsx"}


class LimitedUploadHandler(FileUploadHandler):
    """Stops receiving an upload as soon as it passes the limit (CENSUS_UPLOAD_LIMIT).

    A body announced larger than the limit is refused at the file's first byte; otherwise the
    bytes are counted as they arrive (a client may lie or stream). The request is marked so the
    view can say why.
    """

    def handle_raw_input(self, input_data: Any, META: Any, content_length: int,
                         boundary: Any, encoding: Any = None) -> None:
        # The small fields before the file (the CSRF token) are still read; the file is not.
        self._received = 0
        self._announced_too_big = bool(
            content_length and content_length > _limit_with_form(settings.CENSUS_UPLOAD_LIMIT)
        )

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self._received = getattr(self, "_received", 0) + len(raw_data)
        if getattr(self, "_announced_too_big", False) or \
                self._received > settings.CENSUS_UPLOAD_LIMIT:
            self.request.upload_too_big = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def _limit_with_form(limit: int) -> int:
    # The multipart body carries the file plus a few small fields and boundaries.
    return limit + 64 * 1024


def too_big(content_length: str | None) -> bool:
    """True when a request announces a body larger than the upload limit (checked first)."""
    try:
        length = int(content_length or 0)
    except ValueError:
        return False
    return length > _limit_with_form(settings.CENSUS_UPLOAD_LIMIT)


def root() -> Path:
    return Path(settings.INSTANCE.files)


def path_of(stored: StoredFile) -> Path:
    """Where a stored file's bytes are."""
    return root() / stored.sha256[:2] / stored.sha256


def store(source: Path) -> StoredFile:
    """Keep the bytes at `source` in the store (once) and return their record."""
    digest = hashlib.sha256()
    size = 0
    with source.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    sha = digest.hexdigest()
    target = root() / sha[:2] / sha
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        os.close(fd)
        try:
            shutil.copyfile(source, temporary)
            os.chmod(temporary, 0o400)
            # Never overwrite: another request may have stored the same bytes meanwhile.
            if target.exists():
                os.unlink(temporary)
            else:
                os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    stored = StoredFile.objects.filter(sha256=sha).first()
    if stored is None:
        try:
            stored = StoredFile.objects.create(sha256=sha, size=size, kind=sniff(target))
        except IntegrityError:
            stored = StoredFile.objects.get(sha256=sha)
    return stored


def sniff(path: Path) -> str:
    """What the bytes are, from the bytes (never from the name): xlsx, xlsm, ods, ole, csv, other."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(_OLE):
        return "ole"  # an old .xls, or an encrypted (password-protected) workbook
    if head.startswith(_ZIP):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                if "mimetype" in names:
                    mime = archive.read("mimetype")[:100]
                    return "ods" if b"opendocument.spreadsheet" in mime else "other"
                if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
                    types = archive.read("[Content_Types].xml")[:200_000]
                    return "xlsm" if b"macroEnabled" in types else "xlsx"
        except (zipfile.BadZipFile, OSError, ValueError, KeyError):
            return "other"
        return "other"
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = head.decode("cp1252")
        except UnicodeDecodeError:
            return "other"
    if "\0" in text:
        return "other"
    first = text.splitlines()[0] if text.strip() else ""
    if any(mark in first for mark in (",", ";", "\t")):
        return "csv"
    if "=" in text:
        return "toml"
    return "other"


def roster_suffix(stored: StoredFile) -> str:
    """A roster is a workbook: .xlsm with macros, .ods from LibreOffice, else .xlsx (whatever
    the bytes are, so that the core's refusal names the file as the unit sent it: a workbook)."""
    return {"xlsm": ".xlsm", "ods": ".ods"}.get(stored.kind, ".xlsx")


#: Kinds of workbook the core can mark up (openpyxl writes Office Open XML only).
ANNOTATABLE = {"xlsx", "xlsm"}


@contextmanager
def as_named(stored: StoredFile, stem: str, folder: str | None = None,
             suffix: str | None = None) -> Iterator[Path]:
    """A private copy of a stored file named `<stem><suffix>` for the core (removed after).

    `stem` must be a unit code or another name the portal chose (never a name a user sent).
    `folder`: a sub-folder inside the temporary one (e.g. 'registry'). `suffix`: default from
    what the bytes are.
    """
    with tempfile.TemporaryDirectory(dir=settings.INSTANCE.tmp, prefix="read-") as work:
        name = f"{stem}{suffix or SUFFIX.get(stored.kind, '.xlsx')}"
        target = Path(work) / (folder or "") / name
        target.parent.mkdir(parents=True, exist_ok=True)
        place(stored, target)
        yield target


def place(stored: StoredFile, target: Path) -> None:
    """Put the stored file's bytes at `target` (a hard link when possible: no copy)."""
    try:
        os.link(path_of(stored), target)
    except OSError:
        shutil.copyfile(path_of(stored), target)


def safe_name(name: str) -> str:
    """A file name as sent, made fit to show and to offer as a download name."""
    name = os.path.basename(name.replace("\\", "/"))
    cleaned = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"|?*')
    return cleaned.strip()[:200] or "berkas"
