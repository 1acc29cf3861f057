"""Budgets before bytes: refuse a workbook whose parts or sheets would cost more than the limits.

A workbook (.xlsx, .ods) is a zip of XML parts. Its central directory declares each part's
unpacked size, and the readers (calamine's zip, Python's zipfile) never unpack more than that —
a part that lies about its size fails as damaged — so the declared sizes bound the unpacking.
What they do not bound is the sheet a reader builds: calamine makes one dense grid from the
first to the last filled cell, so a value in cell XFD1048576 asks for 17 billion cells. The
area is read from the sheet's `<dimension>` (what Excel, LibreOffice, openpyxl and xlsxwriter
write) and, for parts small enough to look through cheaply (where a crafted one would hide),
from every cell reference.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np
from defusedxml import ElementTree

from census.config import Limits
from census.errors import OverBudget, PasswordProtected, UnreadableWorkbook
from census.i18n import N_
from census.read.extent import column_index, reference_extent, surely_within
from census.read.formulas import uncached_formulas

_MB = 1 << 20
#: Parts smaller than this are not judged by their ratio (a small part packs well, costs nothing).
_RATIO_FLOOR = _MB
#: Sheet parts up to this size are looked through cell by cell (tens of milliseconds): where a
#: crafted file hides; a bigger sheet is trusted to its <dimension>.
_SCAN_LIMIT = 4 * _MB
#: Sheet parts up to this size are looked through for formulas without a saved value (a program
#: writes them; Excel and LibreOffice save every value). One unpacking serves both looks.
_FORMULA_LIMIT = 16 * _MB
_LT, _F = ord("<"), ord("f")
#: How much of a sheet part is unpacked to find its <dimension> (it comes first).
_HEAD = 64 * 1024
#: At most this many bytes of a workbook's unpacked sheet parts are handed on (check_zip).
_KEEP_LIMIT = 64 * _MB

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref\s*=\s*["\']([A-Za-z]*\d*)(?::([A-Za-z]*\d*))?')
_CELL = re.compile(r"([A-Za-z]{0,3})(\d*)")
# ODS: rows and cells repeated N times; a cell counts when it holds a value.
_ODS_ROW = re.compile(
    rb'<table:table-row\b[^>]*?number-rows-repeated\s*=\s*["\'](\d+)["\'][^>]*>(.*?)</table:table-row>',
    re.DOTALL,
)
_ODS_CELL = re.compile(
    rb'<table:(?:covered-)?table-cell\b([^>]*?)number-columns-repeated\s*=\s*["\'](\d+)["\']([^>]*?)(/?)>'
)
#: A sheet's relationship target as every spreadsheet program writes it.
_PLAIN_TARGET = re.compile(r"(?:/xl/)?worksheets/[A-Za-z0-9_]+\.xml")
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


class CheckWatcher(Protocol):
    """Who hears, during check_zip, what has passed (census.read.ahead.SheetsAhead)."""

    def directory_passed(self, sheet_parts: dict[str, int]) -> None:
        """Every part's size has passed; `sheet_parts`: sheet name → how many parts of the zip
        will be checked for it."""

    def sheet_passed(self, sheet_name: str) -> None:
        """One part of sheet `sheet_name` has passed its check."""


@dataclass(frozen=True)
class ZipFacts:
    """What check_zip learns on the way through a workbook: per sheet, the cells ('B7') holding
    a formula whose value was never saved; whether it counts dates from 1904 (old Mac Excel);
    its parts."""

    formulas: dict[str, list[str]] = field(default_factory=dict)
    date1904: bool = False
    #: The archive's parts as its central directory lists them.
    parts: tuple[zipfile.ZipInfo, ...] = ()


def check_zip(
    path: Path, limits: Limits, watcher: CheckWatcher | None = None,
    unpacked: dict[str, bytes] | None = None,
) -> ZipFacts:
    """Refuse a password-protected ODS (PasswordProtected) or a workbook over the limits
    (OverBudget), before any reader unpacks it; else what was learnt on the way (ZipFacts).
    The archive is opened once for all of it. `watcher`, when given, hears what has passed on
    the way (census.read.ahead reads those sheets meanwhile). `unpacked`, when given, receives
    the sheet parts unpacked on the way (part name → bytes, up to `_KEEP_LIMIT` bytes in all),
    for census.read.repack."""
    formulas: dict[str, list[str]] = {}
    kept = 0
    try:
        with zipfile.ZipFile(path) as archive:
            _refuse_encrypted_ods(path, archive)
            parts = archive.infolist()
            for info in parts:
                _check_part(path, info, limits)
            workbook = _workbook_xml(archive)
            sheets = _sheets(archive, workbook)
            names = {_plain_name(part): name for part, name, _ in sheets}
            if watcher is not None:
                watcher.directory_passed(_parts_per_sheet(parts, sheets, names))
            for info in parts:
                # calamine finds a part however its name is spelt (case, '.', '..', '\\'): any
                # entry that may be a sheet's is checked as one.
                plain = _plain_name(info.filename)
                if plain in names or plain.startswith("xl/worksheets/"):
                    sheet = names.get(plain, posixpath.basename(info.filename))
                    cells, data = _check_sheet(path, archive, info, sheet, limits)
                    if cells:
                        formulas[sheet] = cells
                    if unpacked is not None and data is not None and kept + len(data) <= _KEEP_LIMIT:
                        unpacked[info.filename] = data
                        kept += len(data)
                    if watcher is not None and plain in names:
                        watcher.sheet_passed(sheet)
                elif info.filename == "content.xml":
                    _check_ods(path, archive, info, limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
            NotImplementedError, RuntimeError):
        raise UnreadableWorkbook(
            N_("The workbook is damaged or not an .xlsx workbook: {name}"), name=path.name
        ) from None
    return ZipFacts(formulas, workbook is not None and is_1904(workbook[:_WORKBOOK_HEAD]),
                    tuple(parts))


_DATE1904 = re.compile(rb"<(?:\w+:)?workbookPr\b[^>]*\bdate1904\s*=\s*[\"'](?:1|true)[\"']")
#: How much of xl/workbook.xml is looked through for the date system (workbookPr comes first).
_WORKBOOK_HEAD = _MB


def is_1904(workbook_xml: bytes) -> bool:
    """Does this xl/workbook.xml (its head) say the workbook uses the 1904 date system?"""
    return bool(_DATE1904.search(workbook_xml))


def _workbook_xml(archive: zipfile.ZipFile) -> bytes | None:
    """xl/workbook.xml, None when it is missing or unreadable (calamine then judges the file)."""
    try:
        return archive.read("xl/workbook.xml")
    except Exception:  # noqa: BLE001 - names and the date system only; calamine judges the file
        return None


def _parts_per_sheet(
    parts: list[zipfile.ZipInfo], sheets: list[tuple[str, str, str]], names: dict[str, str]
) -> dict[str, int]:
    """Sheet name → how many entries of the zip hold its part (`names`: plain part name →
    sheet name; a crafted zip may hold a name twice, or spelt two ways): what census.read.ahead
    may read as each passes. {} (nothing before the whole workbook has passed) for an ODS,
    which calamine parses whole when it opens it, and when a sheet's target is spelt other than
    plainly ('worksheets/sheet1.xml'), where calamine might find another part than the one
    checked."""
    if any(info.filename == "content.xml" for info in parts):
        return {}
    if not all(_PLAIN_TARGET.fullmatch(target) for _, _, target in sheets):
        return {}
    entries = (_plain_name(info.filename) for info in parts)
    return dict(Counter(names[entry] for entry in entries if entry in names))


def _plain_name(part: str) -> str:
    """A part's name as calamine may find it however it is spelt: 'XL/./worksheets\\Sheet1.xml'
    → 'xl/worksheets/sheet1.xml'."""
    return posixpath.normpath(part.replace("\\", "/")).lstrip("/").lower()


def _refuse_encrypted_ods(path: Path, archive: zipfile.ZipFile) -> None:
    """An ODS saved with a password keeps its manifest readable and says so there."""
    try:
        if "META-INF/manifest.xml" not in archive.namelist():
            return
        info = archive.getinfo("META-INF/manifest.xml")
        if info.file_size > 1 << 20:
            return  # the budget check says what is wrong with it
        encrypted = b"encryption-data" in archive.read(info)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        return  # the budget check or calamine says it is damaged
    if encrypted:
        raise PasswordProtected(N_(
            "The spreadsheet is password-protected: open it in LibreOffice, remove the password "
            "(File > Properties > Security) and save it again: {name}"
        ), name=path.name)


def check_size(path: Path, limits: Limits) -> None:
    """Refuse a text file (CSV, an HTML page) larger than `text_mb`."""
    size = path.stat().st_size
    if size > limits.text_mb * _MB:
        raise OverBudget(
            N_("{name} is {size} MB, over the limit of {limit} MB ([limits] text_mb in "
               "census.toml): refused"),
            name=path.name, size=_mb(size), limit=_mb(limits.text_mb * _MB),
        )


def _mb(size: float) -> str:
    return f"{size / _MB:,.0f}" if size >= _MB else f"{size / _MB:.1f}"


def _check_part(path: Path, info: zipfile.ZipInfo, limits: Limits) -> None:
    unpacked, packed = info.file_size, max(info.compress_size, 1)
    if unpacked > limits.part_mb * _MB:
        raise OverBudget(
            N_("{name}: the part {part} unpacks to {size} MB, over the limit of {limit} MB "
               "([limits] part_mb in census.toml); refused as a possible zip bomb"),
            name=path.name, part=info.filename, size=_mb(unpacked),
            limit=_mb(limits.part_mb * _MB),
        )
    if unpacked > _RATIO_FLOOR and unpacked > limits.ratio * packed:
        raise OverBudget(
            N_("{name}: the part {part} unpacks {ratio}× ({size} MB from {packed} KB), over the "
               "limit of {limit}× ([limits] ratio in census.toml); refused as a possible zip bomb"),
            name=path.name, part=info.filename, ratio=f"{unpacked / packed:,.0f}",
            size=_mb(unpacked), packed=f"{packed / 1024:,.0f}", limit=f"{limits.ratio:g}",
        )


def _sheets(archive: zipfile.ZipFile, workbook_xml: bytes | None) -> list[tuple[str, str, str]]:
    """(part, sheet name, the relationship's target as written) of each sheet of xl/workbook.xml
    (`workbook_xml`) and its relationships ([] if absent)."""
    if workbook_xml is None:
        return []
    try:
        workbook = ElementTree.fromstring(workbook_xml)
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # noqa: BLE001 - names only make the message nicer; calamine judges the file
        return []
    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in rels.iter(f"{{{_PACKAGE_REL}}}Relationship")
    }
    found = []
    for sheet in workbook.iter(f"{{{_MAIN}}}sheet"):
        target = targets.get(sheet.get(f"{{{_REL}}}id"), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target)
        )
        found.append((part, sheet.get("name", part), target))
    return found


def _check_sheet(
    path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: str, limits: Limits
) -> tuple[list[str], bytes | None]:
    """(cells holding a formula without a value, the part's bytes when it was unpacked whole)."""
    # A part small enough to be looked through is unpacked once, for its head and its cells.
    data = archive.read(info) if info.file_size <= _FORMULA_LIMIT else None
    if data is not None:
        head = data[:_HEAD]
    else:
        with archive.open(info) as part:
            head = part.read(_HEAD)
    match = _DIMENSION.search(head)
    if match:
        first = _CELL.fullmatch(match[1].decode())
        last = _CELL.fullmatch((match[2] or match[1]).decode())
        if first and last and first[2] and last[2]:
            rows = int(last[2]) - int(first[2]) + 1
            columns = column_index(last[1] or "A") - column_index(first[1] or "A") + 1
            _check_area(path, sheet, rows, columns, f"{last[1]}{last[2]}", limits)
    if data is None:
        return [], None
    if info.file_size <= _SCAN_LIMIT and not surely_within(data, limits.cells):
        _check_references(path, data, sheet, limits)
    return (uncached_formulas(data) if _has_formula_tag(data) else []), data


def _has_formula_tag(data: bytes) -> bool:
    """Does the sheet part hold '<f' anywhere (a formula may be there)? Compared as bytes in
    bulk: `b"<f" in data` stumbles on every '<' of the part and costs three times as much."""
    buffer = np.frombuffer(data, dtype=np.uint8)
    return bool(np.logical_and(buffer[:-1] == _LT, buffer[1:] == _F).any())


def _check_references(path: Path, data: bytes, sheet: str, limits: Limits) -> None:
    extent = reference_extent(data)
    if extent is not None:
        rows = extent.last_row - extent.first_row + 1
        columns = extent.last_column - extent.first_column + 1
        corner = _corner(extent.last_column, extent.last_row)
        _check_area(path, sheet, rows, columns, corner, limits)


def _corner(column: int, row: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def _check_area(path: Path, sheet: str, rows: int, columns: int, corner: str,
                limits: Limits) -> None:
    if rows > 0 and columns > 0 and rows * columns > limits.cells:
        raise OverBudget(
            N_("{name}: sheet '{sheet}' reaches cell {corner} ({cells} cells from its first to "
               "its last filled cell), over the limit of {limit} ([limits] cells in census.toml); "
               "delete what lies far right of or below the table, then save again"),
            name=path.name, sheet=sheet, corner=corner, cells=f"{rows * columns:,}",
            limit=f"{limits.cells:,}",
        )


def _check_ods(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> None:
    """An ODS sheet repeats rows and cells by count: add up what calamine would build."""
    content = archive.read(info)
    cells = 0
    for repeat, inner in _ODS_ROW.findall(content):
        if b"value-type" in inner:
            width = sum(int(n) for _, n, _, _ in _ODS_CELL.findall(inner)) or 1
            cells += int(repeat) * (width + inner.count(b"<table:table-cell"))
    for before, repeat, after, closed in _ODS_CELL.findall(content):
        if not closed and b"value-type" in before + after:
            cells += int(repeat)
    if cells > limits.cells:
        raise OverBudget(
            N_("{name}: its sheets repeat cells {cells} times, over the limit of {limit} "
               "([limits] cells in census.toml); refused"),
            name=path.name, cells=f"{cells:,}", limit=f"{limits.cells:,}",
        )
