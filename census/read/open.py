"""Open a workbook safely: tell missing, empty, encrypted, old .xls and non-workbook files apart."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from python_calamine import CalamineWorkbook

from census.errors import InputNotFound, LegacyXls, PasswordProtected, UnreadableWorkbook
from census.i18n import N_

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
# An encrypted Office file is an OLE compound file whose directory names this stream
# (names are stored as UTF-16LE).
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")


def check_file(path: Path) -> bytes:
    """The file's first bytes, after making sure it exists and is not empty."""
    if not path.exists():
        raise InputNotFound(N_("File not found: {path}"), path=path)
    if not path.is_file():
        raise UnreadableWorkbook(N_("Not a file: {path}"), path=path)
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise UnreadableWorkbook(
            N_("Cannot open the file {name}: {reason}"), name=path.name, reason=exc.strerror
        ) from None
    if not head:
        raise UnreadableWorkbook(N_("The file is empty: {name}"), name=path.name)
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
            raise PasswordProtected(N_(
                "The workbook is password-protected: open it in Excel, remove the password and "
                "save it again: {name}"
            ), name=path.name)
        raise _legacy(path)
    if path.suffix.lower() == ".xls":
        raise _legacy(path)
    if not head.startswith(_ZIP_MAGIC):
        raise UnreadableWorkbook(N_("Not an Excel .xlsx workbook: {name}"), name=path.name)
    try:
        return CalamineWorkbook.from_path(str(path))
    except BaseException as exc:  # calamine raises its own errors and pyo3 panics
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        raise UnreadableWorkbook(
            N_("The workbook is damaged or not an .xlsx workbook: {name}"), name=path.name
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


def _legacy(path: Path) -> LegacyXls:
    return LegacyXls(N_(
        "The old .xls format is not supported: open the file in Excel and save it again as "
        ".xlsx: {name}"
    ), name=path.name)


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
            N_("Sheet '{sheet}' of {name} cannot be read."), sheet=name, name=path.name
        ) from None
    return rows, (int(start[0]), int(start[1])), list(merged)
