"""Open a workbook safely: tell missing, empty, encrypted, old .xls and non-workbook files apart."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from python_calamine import CalamineWorkbook

from census.errors import InputNotFound, LegacyXls, PasswordProtected, UnreadableWorkbook

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
# An encrypted Office file is an OLE compound file whose directory names this stream
# (names are stored as UTF-16LE).
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")


def check_file(path: Path) -> bytes:
    """The file's first bytes, after making sure it exists and is not empty."""
    if not path.exists():
        raise InputNotFound(f"berkas tidak ditemukan (file not found): {path}")
    if not path.is_file():
        raise UnreadableWorkbook(f"bukan berkas (not a file): {path}")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise UnreadableWorkbook(
            f"berkas tidak dapat dibuka (cannot open file): {path.name}: {exc.strerror}"
        ) from None
    if not head:
        raise UnreadableWorkbook(f"berkas kosong (empty file): {path.name}")
    return head


def _is_encrypted(path: Path) -> bool:
    # The directory of a small OLE file sits within its first few sectors; encrypted
    # workbooks are as large as the workbook, so read all of it (bounded: rosters are small).
    with path.open("rb") as handle:
        return _ENCRYPTION_STREAM in handle.read(64 * 1024 * 1024)


def open_workbook(path: Path) -> CalamineWorkbook:
    """The workbook at `path` opened with python-calamine, or a one-line CensusError."""
    head = check_file(path)
    if head.startswith(_OLE_MAGIC):
        if _is_encrypted(path):
            raise PasswordProtected(
                f"workbook dilindungi kata sandi; buka di Excel, hapus kata sandi lalu simpan ulang "
                f"(workbook is password-protected; remove the password and save again): {path.name}"
            )
        raise LegacyXls(_legacy_message(path))
    if path.suffix.lower() == ".xls":
        raise LegacyXls(_legacy_message(path))
    if not head.startswith(_ZIP_MAGIC):
        raise UnreadableWorkbook(
            f"bukan workbook Excel .xlsx (not an .xlsx workbook): {path.name}"
        )
    try:
        return CalamineWorkbook.from_path(str(path))
    except BaseException as exc:  # calamine raises its own errors and pyo3 panics
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        raise UnreadableWorkbook(
            f"workbook rusak atau bukan .xlsx (corrupt or not an .xlsx workbook): {path.name}"
        ) from None


_DATE1904 = re.compile(rb"<(?:\w+:)?workbookPr\b[^>]*\bdate1904\s*=\s*[\"'](?:1|true)[\"']")


def date1904(path: Path) -> bool:
    """Does the .xlsx workbook at `path` use the 1904 date system (old Mac Excel)?

    Excel date cells are converted by calamine either way; serial numbers typed into number cells
    need the workbook's day zero. Anything unreadable counts as the usual 1900 system.
    """
    try:
        with zipfile.ZipFile(path) as archive, archive.open("xl/workbook.xml") as handle:
            head = handle.read(1 << 20)  # workbookPr comes first; a megabyte is plenty
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False
    return bool(_DATE1904.search(head))


def _legacy_message(path: Path) -> str:
    return (
        f"format .xls lama tidak didukung; buka di Excel lalu simpan ulang sebagai .xlsx "
        f"(old .xls format: save it again as .xlsx): {path.name}"
    )


def read_sheet(book: CalamineWorkbook, name: str, path: Path) -> tuple[list[list], tuple[int, int], list]:
    """(cell values with the empty outer area cut off, (first row, first column) 0-based, merged ranges)."""
    try:
        sheet = book.get_sheet_by_name(name)
        rows = sheet.to_python(skip_empty_area=True)
        start = sheet.start or (0, 0)
        merged = sheet.merged_cell_ranges or []
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        raise UnreadableWorkbook(
            f"lembar '{name}' tidak dapat dibaca (sheet cannot be read): {path.name}"
        ) from None
    return rows, (int(start[0]), int(start[1])), list(merged)
