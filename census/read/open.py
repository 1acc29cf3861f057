"""Open a roster file safely: tell missing, empty, encrypted, old .xls, web-page and non-workbook
files apart by their bytes, keep within the budgets, and hand over its sheets one at a time."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from python_calamine import CalamineWorkbook

from census.config import Limits
from census.errors import InputNotFound, LegacyXls, PasswordProtected, UnreadableWorkbook
from census.i18n import N_
from census.read.ahead import SheetsAhead
from census.read.book import RawSheet
from census.read.budget import check_size, check_zip, is_1904
from census.read.calamine import open_calamine, read_sheet, worksheet_names
from census.read.repack import repack
from census.read.text import html_sheets, text_sheet

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
# An encrypted Office file is an OLE compound file whose directory names this stream
# (names are stored as UTF-16LE).
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
#: What a text roster is called; its single sheet is named after the file.
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
_HEAD = 4096


def check_file(path: Path) -> bytes:
    """The file's first bytes, after making sure it exists and is not empty."""
    if not path.exists():
        raise InputNotFound(N_("File not found: {path}"), path=path)
    if not path.is_file():
        raise UnreadableWorkbook(N_("Not a file: {path}"), path=path)
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD)
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


def kind_of(path: Path, head: bytes) -> str:
    """'zip' (xlsx, ods), 'html' (a web page or HTML table saved as .xls), 'xml2003' (Excel 2003
    XML spreadsheet), 'text' (CSV and friends), or a CensusError saying what the file is."""
    if head.startswith(_OLE_MAGIC):
        if _is_encrypted(path):
            raise PasswordProtected(N_(
                "The workbook is password-protected: open it in Excel, remove the password and "
                "save it again: {name}"
            ), name=path.name)
        raise _legacy(path)
    if head.startswith(_ZIP_MAGIC):
        return "zip"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"urn:schemas-microsoft-com:office:spreadsheet" in head.lower() and start.startswith(
        (b"<?xml", b"<workbook", b"<?mso")
    ):
        raise UnreadableWorkbook(N_(
            "{name} is an Excel 2003 XML spreadsheet, not a workbook census reads: open it in "
            "Excel or LibreOffice and save it as .xlsx"
        ), name=path.name)
    if start.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<head", b"<body")) or (
        start.startswith(b"<") and (b"<table" in start or b"<html" in start)
    ):
        return "html"
    if path.suffix.lower() in TEXT_SUFFIXES:
        return "text"
    if path.suffix.lower() == ".xls":
        raise _legacy(path)
    raise UnreadableWorkbook(N_("Not an Excel .xlsx workbook: {name}"), name=path.name)


def raw_sheets(path: Path, limits: Limits | None = None, overlap: bool = True) -> Iterator[RawSheet]:
    """Every worksheet of the roster file at `path`, one at a time. Over a budget, unreadable
    or encrypted: a CensusError before any sheet.

    `overlap`: calamine parses the sheets in a thread, up to two ahead of the caller
    (census.read.ahead), which then reads their cells while calamine parses the next. Without
    it (when other processes read beside this one, every core is busy and a thread only adds
    work), the sheets are read one after the other, and calamine reads the sheet parts the
    budget check has unpacked instead of unpacking them again (census.read.repack)."""
    limits = limits or Limits()
    head = check_file(path)
    kind = kind_of(path, head)
    if kind == "text":
        check_size(path, limits)
        yield text_sheet(path)
        return
    if kind == "html":
        check_size(path, limits)
        yield from html_sheets(path)
        return
    yield from (_sheets_overlapped(path, limits) if overlap else _sheets_in_turn(path, limits))


def _sheets_overlapped(path: Path, limits: Limits) -> Iterator[RawSheet]:
    sheets = SheetsAhead(path)
    try:
        facts = check_zip(path, limits, sheets)
        sheets.all_passed()
        while (parsed := sheets.next()) is not None:
            name, rows, start, merged = parsed
            yield RawSheet(name, rows, start, merged, tuple(facts.formulas.get(name, ())),
                           facts.date1904)
    finally:
        sheets.close()


def _sheets_in_turn(path: Path, limits: Limits) -> Iterator[RawSheet]:
    unpacked: dict[str, bytes] = {}
    facts = check_zip(path, limits, unpacked=unpacked)
    book = _open_repacked(path, facts.parts, unpacked) or open_calamine(path)
    try:
        for name in worksheet_names(book):
            rows, start, merged = read_sheet(book, name, path)
            yield RawSheet(name, rows, start, merged, tuple(facts.formulas.get(name, ())),
                           facts.date1904)
    finally:
        book.close()


def _open_repacked(
    path: Path, parts: tuple[zipfile.ZipInfo, ...], unpacked: dict[str, bytes]
) -> CalamineWorkbook | None:
    """The workbook opened from its zip repacked with the sheet parts check_zip unpacked
    (census.read.repack: calamine does not unpack them again); None when that cannot be, and
    `unpacked` is emptied either way (its bytes are in the repacked zip, or not needed)."""
    packed = repack(path, parts, unpacked) if unpacked else None
    unpacked.clear()
    if packed is None:
        return None
    try:
        return CalamineWorkbook.from_filelike(packed)
    except BaseException as exc:  # calamine raises its own errors and pyo3 panics
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        return None  # read from the file as ever, which says what is wrong with it


def open_workbook(path: Path, limits: Limits | None = None) -> CalamineWorkbook:
    """The workbook at `path` opened with python-calamine (after the budget), or a CensusError."""
    head = check_file(path)
    if kind_of(path, head) != "zip":
        raise UnreadableWorkbook(N_("Not an Excel .xlsx workbook: {name}"), name=path.name)
    check_zip(path, limits or Limits())
    return open_calamine(path)


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
    return is_1904(head)


def _legacy(path: Path) -> LegacyXls:
    return LegacyXls(N_(
        "The old .xls format is not supported: open the file in Excel and save it again as "
        ".xlsx: {name}"
    ), name=path.name)
