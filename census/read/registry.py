"""Read a health-office export (CSV or xlsx, one dose per row) into the registry table."""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from census.config import Limits
from census.errors import UnreadableWorkbook
from census.i18n import N_
from census.model import REGISTRY_COLUMNS
from census.read.budget import check_size
from census.read.cells import Grid, blank_cells, collector_paused, column_types, ids, repeat, texts
from census.read.open import check_file, date1904, open_workbook, read_sheet
from census.read.text import decode, delimiter_of
from census.values.dates import parse_dates
from census.values.words import normalise

_FIELDS: list[tuple[str, re.Pattern[str]]] = [
    ("nik", re.compile(r"(nik|no ktp|nomor ktp|ktp|nik penerima|nik pasien|no nik|nomor induk kependudukan|nik sasaran)")),
    ("birth_date", re.compile(r"(tanggal lahir|tgl lahir|tgl lhr|tanggal lhr|lahir)")),
    ("name", re.compile(r"(nama|nama lengkap|nama penerima|nama pasien|nama sasaran|nama peserta)")),
    ("dose", re.compile(r"(dosis|dosis ke|vaksin ke|vaksinasi ke|dose|jenis dosis|tahap|tahapan|dosis vaksin|ke)")),
    ("date", re.compile(r"(tanggal|tgl)( (vaksin|vaksinasi|suntik|pelayanan|layanan|imunisasi))*")),
    ("brand", re.compile(r"(jenis vaksin|vaksin|merk vaksin|merek vaksin|nama vaksin|merk|merek|jenis|brand|vaccine)")),
    ("facility", re.compile(
        r"(faskes|fasyankes|lokasi vaksinasi|lokasi|nama faskes|puskesmas|tempat vaksin"
        r"|tempat vaksinasi|pos vaksinasi|lokasi layanan|unit pelayanan)"
    )),
]
_REQUIRED = ("nik", "date", "dose")
_SCAN_ROWS = 30

_DOSE_NUMBER = re.compile(r"(?:dosis |vaksin |dose |ke |tahap )*(?:ke )?(\d|i{1,3}|pertama|kedua|ketiga)")
_BOOSTER = re.compile(r"(?:dosis )?(?:booster|lanjutan|penguat)(?: ke)?(?: (\d|i{1,2}|pertama|kedua))?")
_WORD_NUMBER = {"i": 1, "ii": 2, "iii": 3, "pertama": 1, "kedua": 2, "ketiga": 3}


@lru_cache(maxsize=512)
def registry_field(header: str) -> str | None:
    """The registry column a header names, or None."""
    text = normalise(header)
    for name, pattern in _FIELDS:
        if pattern.fullmatch(text):
            return name
    return None


@lru_cache(maxsize=512)
def dose_slot(value: str) -> str | None:
    """'Dosis 1' → 'dose1', 'Dosis 3' → 'dose3', 'Booster' / 'Lanjutan 1' → 'booster1'."""
    text = normalise(value)
    match = _BOOSTER.fullmatch(text)
    if match:
        number = _number(match[1]) if match[1] else 1
        return f"booster{number}" if number in (1, 2) else None
    match = _DOSE_NUMBER.fullmatch(text)
    if match:
        number = _number(match[1])
        return f"dose{number}" if 1 <= number <= 3 else None
    return None


def _number(token: str) -> int:
    return int(token) if token.isdigit() else _WORD_NUMBER.get(token, 0)


def _csv_columns(path: Path) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """(registry field → cells, CSV line of each row) of a CSV export, read by pandas' C parser."""
    text = decode(path.read_bytes(), path.name)
    head = text.splitlines()[:_SCAN_ROWS]
    delimiter = delimiter_of(text)
    top, found = _find_header(list(csv.reader(head, delimiter=delimiter)), path)
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=delimiter, header=None, skiprows=top + 1, dtype=str,
            keep_default_na=False, skip_blank_lines=False, usecols=sorted(set(found.values())),
            engine="c",
        )
    except (pd.errors.ParserError, ValueError):
        # Ragged lines (a delimiter inside an unquoted name): the csv module pads or cuts them.
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))[top + 1 :]
        width = max(found.values()) + 1
        frame = pd.DataFrame([(row + [""] * width)[:width] for row in rows], dtype=object)
    lines = np.arange(len(frame), dtype=np.int64) + top + 2
    columns = {
        name: frame[j].fillna("").to_numpy(dtype=object) if j in frame else np.full(len(frame), "", object)
        for name, j in found.items()
    }
    return columns, lines


def _xlsx_columns(path: Path, limits: Limits) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """(registry field → cells, Excel row of each row) of the first sheet of an xlsx export."""
    book = open_workbook(path, limits)
    try:
        rows, start, _ = read_sheet(book, book.sheet_names[0], path)
    finally:
        book.close()
    top, found = _find_header(rows, path)
    grid = Grid(rows[top + 1 :])
    columns = {name: grid.values[:, j] for name, j in found.items()}
    lines = np.arange(grid.height, dtype=np.int64) + start[0] + top + 2
    return columns, lines


def _find_header(rows: list[list], path: Path) -> tuple[int, dict[str, int]]:
    for i, row in enumerate(rows[:_SCAN_ROWS]):
        found: dict[str, int] = {}
        for j, cell in enumerate(row):
            name = registry_field(cell) if isinstance(cell, str) else None
            if name is not None and name not in found:
                found[name] = j
        if all(name in found for name in _REQUIRED):
            return i, found
    raise UnreadableWorkbook(N_(
        "Not a health-office vaccination export: no NIK, date and dose columns found: {name}"
    ), name=path.name)


def read_registry(path: Path, limits: Limits | None = None) -> pd.DataFrame:
    """The doses of a health-office export, one row per dose, with REGISTRY_COLUMNS.

    `dose` is the slot the export names ('Dosis 3' stays dose3); None when it cannot be read.
    `row` is the Excel row, or the line of a CSV file. Over `limits`: OverBudget, unread.
    """
    with collector_paused():
        return _read_registry(Path(path), limits or Limits())


def _read_registry(path: Path, limits: Limits) -> pd.DataFrame:
    check_file(path)
    system1904 = False
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        check_size(path, limits)
        columns, lines = _csv_columns(path)
    else:
        columns, lines = _xlsx_columns(path, limits)
        system1904 = date1904(path)
    # A cell of whitespace only is empty: a row of them is a blank line.
    types = {name: column_types(cells) for name, cells in columns.items()}
    blanks = {name: blank_cells(cells, types[name]) for name, cells in columns.items()}
    filled = np.zeros(len(lines), dtype=bool)
    for blank in blanks.values():
        filled |= ~blank
    keep = np.flatnonzero(filled)
    length = len(keep)

    def column(name: str) -> np.ndarray:
        if name not in columns:
            return repeat(None, length)
        return texts(columns[name][keep], types[name][keep], blanks[name][keep])

    table: dict[str, object] = {
        "file": repeat(path.name, length),
        "row": lines[keep],
        "nik": ids(columns["nik"][keep], types["nik"][keep], blanks["nik"][keep])[0],
        "name": column("name"),
    }
    for name in ("birth_date", "date"):
        cells = columns[name][keep] if name in columns else np.full(length, None, object)
        table[name] = parse_dates(pd.Series(cells, dtype=object), system1904)[0].to_numpy()
    codes, uniques = pd.factorize(column("dose"), use_na_sentinel=True)
    slots = np.array([dose_slot(value) for value in uniques] + [None], dtype=object)
    table["dose"] = slots[np.where(codes < 0, len(uniques), codes)]
    table["brand"] = column("brand")
    table["facility"] = column("facility")
    return pd.DataFrame(
        {
            name: pd.Series(
                table[name], dtype=object if name not in ("row", "birth_date", "date") else None
            )
            for name in REGISTRY_COLUMNS
        }
    )
