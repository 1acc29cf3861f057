"""Read case records (DOMAIN §9) the way rosters are read: inputs/kasus/*.xlsx, and the Kasus /
Terpapar sheets of unit workbooks, with the roster reader's header finding and tolerance."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from census import findings as catalogue
from census.cases.fields import CASE_FIELDS, DATE_FIELDS, case_field_of
from census.errors import CensusError
from census.findings import Finding
from census.i18n import Message
from census.model import CASE_COLUMNS
from census.read.aliases import is_case_sheet
from census.read.body import data_rows
from census.read.book import SheetInfo
from census.read.calamine import read_sheet, worksheet_names
from census.read.cells import Grid, collector_paused, ids, repeat, texts
from census.read.header import column_letter, find_header
from census.read.open import open_workbook
from census.rules.table import Rules
from census.values.dates import parse_dates
from census.values.words import normalise

#: Sheets of a cases workbook that are never case lists.
_NOT_CASES = re.compile(r"\b(petunjuk|panduan|daftar|rekap|rekapitulasi|grafik|ringkasan|contoh)\b")
_CODED = ("test_type", "result", "severity", "isolation_place", "outcome")
_TEXTS = ("name", "unit", "role", "phone", "puskesmas", "remark")


@dataclass(frozen=True)
class CaseBook:
    """The case sheets of one workbook as read: where they are and their rows (CASE_COLUMNS,
    `case_id` not yet given). `whole`: a cases workbook (every sheet is read), else a unit's
    workbook whose Kasus / Terpapar sheets are."""

    path: Path
    unit: str
    sheets: list[SheetInfo]
    rows: pd.DataFrame = field(repr=False)
    whole: bool = True

    @property
    def file(self) -> str:
        return self.path.name


def read_case_book(path: Path, rules: Rules, whole: bool = True) -> CaseBook:
    """Read the case sheets of the workbook at `path` (all of them when `whole`, else only those
    named Kasus / Terpapar). Its file stem is the unit of rows without a unit column."""
    with collector_paused():
        return _read_case_book(Path(path), rules, whole)


def _read_case_book(path: Path, rules: Rules, whole: bool) -> CaseBook:
    book = open_workbook(path)
    infos: list[SheetInfo] = []
    frames: list[pd.DataFrame] = []
    for name in worksheet_names(book):
        if not (is_case_sheet(name) if not whole else not _NOT_CASES.search(normalise(name))):
            continue
        rows, start, merged = read_sheet(book, name, path)
        info, frame = _read_sheet(path, name, rows, start, merged, rules)
        infos.append(info)
        if frame is not None and len(frame):
            frames.append(frame)
    book.close()
    table = pd.concat(frames, ignore_index=True) if frames else empty_cases()
    return CaseBook(path=path, unit=path.stem, sheets=infos, rows=table, whole=whole)


def all_cases(books: list[CaseBook]) -> pd.DataFrame:
    """The rows of every book in one table, in file, sheet and row order, with case ids."""
    frames = [book.rows for book in books if len(book.rows)]
    if not frames:
        return empty_cases()
    table = pd.concat(frames, ignore_index=True)
    table = table.sort_values(["file", "sheet", "row"], kind="stable").reset_index(drop=True)
    table["case_id"] = [f"K{i:05d}" for i in range(1, len(table) + 1)]
    return table[list(CASE_COLUMNS)]


def empty_cases() -> pd.DataFrame:
    """A cases table with no rows."""
    return _frame({}, 0)


def _frame(data: dict[str, object], length: int) -> pd.DataFrame:
    columns: dict[str, object] = {}
    for name in CASE_COLUMNS:
        value = data.get(name)
        if name == "row":
            columns[name] = np.asarray(value if value is not None else np.zeros(length), np.int64)
        elif name == "nik_from_number":
            columns[name] = np.asarray(value if value is not None else np.zeros(length), bool)
        elif name in DATE_FIELDS:
            columns[name] = (np.asarray(value, dtype="datetime64[ns]") if value is not None
                             else np.full(length, np.datetime64("NaT", "ns")))
        elif value is None:
            columns[name] = pd.Series(repeat(None, length), dtype="object")
        else:
            cells = np.asarray(value, dtype=object).copy()
            cells[pd.isna(cells)] = None
            # Empty is None, never NaN; object dtype, so that pandas keeps it None.
            columns[name] = pd.Series(cells, dtype="object")
    return pd.DataFrame(columns)


def _read_sheet(
    path: Path, sheet: str, rows: list[list], start: tuple[int, int], merged: list, rules: Rules
) -> tuple[SheetInfo, pd.DataFrame | None]:
    header = find_header(rows, start, merged, fields=case_field_of) if rows else None
    if header is None:
        found = (catalogue.make("header-not-found", path.name, sheet=sheet, unit=path.stem),)
        return SheetInfo(sheet, None, None, {}, {}, 0, None, found), None
    fields = {k: v for k, v in header.columns.items() if k in CASE_FIELDS}
    grid = Grid(rows[header.data_start:], min_width=max(header.columns.values(), default=-1) + 1)
    keep, _unread = data_rows(grid, header)
    first_row = start[0] + header.data_start + 1
    length = len(keep)
    block = grid.values[keep] if length else grid.values[:0]

    def text(j: int) -> np.ndarray:
        return texts(block[:, j], grid.types(j)[keep], grid.blank(j)[keep])

    data: dict[str, object] = {"row": (first_row + keep).astype(np.int64)}
    for name in (*_TEXTS, *_CODED):
        if name in fields:
            data[name] = text(fields[name])
    if "nik" in fields:
        j = fields["nik"]
        data["nik"], data["nik_from_number"] = ids(block[:, j], grid.types(j)[keep],
                                                   grid.blank(j)[keep])
    for name in DATE_FIELDS:
        if name in fields:
            parsed, raw = parse_dates(pd.Series(block[:, fields[name]], dtype=object))
            data[name], data[f"{name}_raw"] = parsed.to_numpy(), raw.to_numpy()
    for name in _CODED:
        typed = data.get(name)
        if isinstance(typed, np.ndarray):
            data[f"{name}_raw"] = typed
            data[name] = _codes(typed, rules, name)
    if "result" not in data or not isinstance(data["result"], np.ndarray):
        data["result"] = repeat("positive", length)  # a list of cases lists positive tests
    else:
        result = data["result"]
        result[pd.isna(result)] = "positive"
    unit_cells = data.get("unit")
    data["unit_raw"] = unit_cells
    data["unit"] = (
        np.where(pd.isna(unit_cells), path.stem, unit_cells) if isinstance(unit_cells, np.ndarray)
        else repeat(path.stem, length)
    )
    data["file"], data["sheet"] = repeat(path.name, length), repeat(sheet, length)
    order = sorted(fields, key=lambda name: fields[name])
    info = SheetInfo(
        sheet=sheet, category=None, header_row=start[0] + header.bottom + 1,
        columns={name: column_letter(start[1] + fields[name]) for name in order},
        headers={name: header.texts[name] for name in order},
        rows=length, first_data_row=int(first_row + keep[0]) if length else None,
    )
    return info, _frame(data, length)


def _codes(raw: np.ndarray, rules: Rules, column: str) -> np.ndarray:
    """The code each cell names (None for an empty cell, 'unknown' for words not in the table)."""
    phrases = rules.cases.phrases[column]
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    found = [phrases.code(value) or "unknown" for value in uniques]
    return np.array([*found, None], dtype=object)[np.where(codes < 0, len(found), codes)]


def read_cases(
    case_paths: list[Path], roster_books: list[tuple[Path, list[str]]], rules: Rules
) -> tuple[list[CaseBook], list[Finding]]:
    """Read the case workbooks and the Kasus / Terpapar sheets of the roster workbooks given as
    (path, sheet names). A workbook that cannot be read is a file-unreadable finding."""
    books: list[CaseBook] = []
    unreadable: list[Finding] = []
    jobs = [(path, True) for path in case_paths]
    jobs += [(path, False) for path, sheets in roster_books if any(map(is_case_sheet, sheets))]
    for path, whole in jobs:
        try:
            books.append(read_case_book(path, rules, whole=whole))
        except CensusError as exc:
            unreadable.append(catalogue.make("file-unreadable", Path(path).name,
                                             reason=Message.copy(exc)))
    return books, unreadable
