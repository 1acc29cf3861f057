"""Read a health-office export (CSV or xlsx, one dose per row) into the registry table."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from census.config import Limits
from census.errors import UnreadableWorkbook
from census.i18n import N_
from census.model import REGISTRY_COLUMNS
from census.read.budget import check_size
from census.read.calamine import read_sheet
from census.read.cells import (
    Grid,
    blank_cells,
    collector_paused,
    column_types,
    ids,
    repeat,
    texts,
)
from census.read.csvpolars import Cells, RowFilter, polars_columns
from census.read.open import check_file, date1904, open_workbook
from census.read.text import delimiter_of
from census.values.dates import parse_date_columns
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
#: Lines of a CSV export the separator is judged on (census.read.text.delimiter_of reads 40).
_SNIFF_LINES = 64
#: Rows of a CSV export parsed at a time: memory stays bounded whatever the export's size.
_CHUNK_ROWS = 250_000

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


def _csv_columns(
    path: Path, keep: RowFilter | None
) -> tuple[dict[str, Cells], np.ndarray, int]:
    """(registry field → cells, CSV line of each row, rows left out by `keep`) of a CSV export,
    decoded as census.read.text.decode does (UTF-16 or UTF-8 by their byte-order mark, else
    UTF-8 when the bytes are valid UTF-8, else Windows-1252) without reading it whole."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if head.startswith(bom):
            try:
                return _csv_read(path, keep, encoding, "strict")
            except UnicodeDecodeError:
                break
    if b"\x00" in head:
        raise UnreadableWorkbook(N_("{name} is not a text (CSV) file"), name=path.name)
    try:
        return _csv_read(path, keep, "utf-8", "strict")
    except UnicodeDecodeError:
        # Windows-1252 leaves five bytes undefined; they are no letter of a roster.
        return _csv_read(path, keep, "cp1252", "replace")


def _csv_read(
    path: Path, keep: RowFilter | None, encoding: str, errors: str
) -> tuple[dict[str, Cells], np.ndarray, int]:
    """The CSV export read by pandas' C parser a chunk at a time, only the needed columns, each
    chunk filtered by `keep` before the next is read."""
    with path.open(encoding=encoding, errors=errors, newline="") as stream:
        text = "".join(line for _, line in zip(range(_SNIFF_LINES), stream, strict=False))
    head = text.splitlines()[:_SCAN_ROWS]
    delimiter = delimiter_of(text)
    top, found = _find_header(list(csv.reader(head, delimiter=delimiter)), path)
    columnar = polars_columns(
        path, encoding, delimiter, top, found, keep,
        lambda cells: _kept(cells, keep) if keep is not None else (np.ones(len(cells), bool), 0),
    )
    if columnar is not None:
        return columnar
    wanted = sorted(set(found.values()))
    parts: dict[str, list[np.ndarray]] = {name: [] for name in found}
    lines: list[np.ndarray] = []
    dropped = 0
    try:
        chunks = pd.read_csv(
            # Text as typed, as plain str objects: pandas 3's str dtype (and a categorical one)
            # parse slower, and no cell is ever taken for a missing value (na_filter).
            path, sep=delimiter, header=None, skiprows=top + 1, dtype=object,
            keep_default_na=False, na_filter=False, skip_blank_lines=False, usecols=wanted,
            engine="c",
            encoding=encoding, encoding_errors=errors, chunksize=_CHUNK_ROWS,
        )
    except UnicodeDecodeError:
        raise  # not UTF-8 after all: the caller reads it again as Windows-1252
    except (pd.errors.ParserError, ValueError):
        return _ragged_columns(path, encoding, errors, delimiter, top, found, keep)
    with chunks:
        while True:
            try:
                frame = next(chunks)
            except StopIteration:
                break
            except UnicodeDecodeError:
                raise
            except (pd.errors.ParserError, ValueError):
                return _ragged_columns(path, encoding, errors, delimiter, top, found, keep)
            cells = {name: _cells(frame, j) for name, j in found.items()}
            at = frame.index.to_numpy(dtype=np.int64) + top + 2
            if keep is not None:
                mask, strangers = _kept(cells["nik"], keep)
                dropped += strangers
                cells = {name: values[mask] for name, values in cells.items()}
                at = at[mask]
            for name, values in cells.items():
                parts[name].append(values)
            lines.append(at)
    columns = {name: Cells(_joined(values)) for name, values in parts.items()}
    return columns, _joined(lines, np.int64), dropped


def _cells(frame: pd.DataFrame, j: int) -> np.ndarray:
    """Column `j` of a parsed chunk as an object array of str ('' where empty)."""
    if j not in frame:
        return np.full(len(frame), "", object)
    return frame[j].to_numpy()  # read as dtype=object without na_filter: every cell is a str


def _joined(parts: list[np.ndarray], dtype: type = object) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)


def _kept(nik_cells: np.ndarray, keep: RowFilter) -> tuple[np.ndarray, int]:
    """(`keep` on the NIK cells as the register reads them (as typed, whitespace only: empty),
    the rows with a NIK it leaves out: strangers)."""
    niks = ids(nik_cells)[0]
    mask = np.asarray(keep(niks), dtype=bool)
    return mask, int(np.count_nonzero(~mask & pd.notna(niks)))


def _ragged_columns(
    path: Path, encoding: str, errors: str, delimiter: str, top: int, found: dict[str, int],
    keep: RowFilter | None,
) -> tuple[dict[str, Cells], np.ndarray, int]:
    """Ragged lines (a delimiter inside an unquoted name): the csv module pads or cuts them."""
    text = path.read_text(encoding=encoding, errors=errors)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))[top + 1 :]
    width = max(found.values()) + 1
    frame = pd.DataFrame([(row + [""] * width)[:width] for row in rows], dtype=object)
    lines = np.arange(len(frame), dtype=np.int64) + top + 2
    columns = {
        name: Cells(frame[j].fillna("").to_numpy(dtype=object) if j in frame
                    else np.full(len(frame), "", object))
        for name, j in found.items()
    }
    return _filtered(columns, lines, keep)


def _filtered(
    columns: dict[str, Cells], lines: np.ndarray, keep: RowFilter | None
) -> tuple[dict[str, Cells], np.ndarray, int]:
    if keep is None or not len(lines):
        return columns, lines, 0
    mask, dropped = _kept(columns["nik"].values, keep)
    return {name: cells.rows(mask) for name, cells in columns.items()}, lines[mask], dropped


def _xlsx_columns(
    path: Path, limits: Limits, keep: RowFilter | None
) -> tuple[dict[str, Cells], np.ndarray, int]:
    """(registry field → cells, Excel row of each row) of the first sheet of an xlsx export."""
    book = open_workbook(path, limits)
    try:
        rows, start, _ = read_sheet(book, book.sheet_names[0], path)
    finally:
        book.close()
    top, found = _find_header(rows, path)
    grid = Grid(rows[top + 1 :])
    columns = {name: Cells(grid.values[:, j]) for name, j in found.items()}
    lines = np.arange(grid.height, dtype=np.int64) + start[0] + top + 2
    return _filtered(columns, lines, keep)


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


def read_registry(
    path: Path, limits: Limits | None = None, keep: RowFilter | None = None
) -> pd.DataFrame:
    """The doses of a health-office export, one row per dose, with REGISTRY_COLUMNS.

    `dose` is the slot the export names ('Dosis 3' stays dose3); None when it cannot be read.
    `row` is the Excel row, or the line of a CSV file. Over `limits`: OverBudget, unread.
    `keep`: which rows to keep, from their NIK as typed (census.register.keys: the rows of
    people on some roster); the rows with a NIK it leaves out are counted in the table's
    `attrs["strangers"]`, never held (a CSV is read a chunk at a time).
    """
    with collector_paused():
        return _read_registry(Path(path), limits or Limits(), keep)


def _read_registry(path: Path, limits: Limits, keep: RowFilter | None) -> pd.DataFrame:
    check_file(path)
    system1904 = False
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        check_size(path, limits)
        columns, lines, strangers = _csv_columns(path, keep)
    else:
        columns, lines, strangers = _xlsx_columns(path, limits, keep)
        system1904 = date1904(path)
    # A cell of whitespace only is empty: a row of them is a blank line. A row with a NIK is
    # none (every row the rosters' keys keep), so the other cells of only the rows without one
    # are looked at; each kept column's types and blanks are then found on the kept rows (on
    # its distinct values when it is read as codes).
    nik = columns["nik"]
    # The NIK cells' types and blanks are found once (on its distinct texts when coded: a
    # million at a million people), for the blank rows and for the NIKs themselves.
    nik_types = column_types(nik.values)
    nik_blank = blank_cells(nik.values, nik_types)
    filled = ~(nik_blank if nik.codes is None else nik_blank[nik.codes])
    unknown = np.flatnonzero(~filled)
    if unknown.size:
        for name, cells in columns.items():
            if name != "nik":
                filled[unknown] |= ~_per_row(cells, unknown, blank_cells)
    rows: np.ndarray | None = np.flatnonzero(filled)
    length = int(np.count_nonzero(filled))
    if length == len(filled):
        rows = None  # every row: no copy of each column to pick them

    def column(name: str) -> np.ndarray:
        if name not in columns:
            return repeat(None, length)
        return _per_row(columns[name], rows, texts)

    table: dict[str, object] = {
        "file": repeat(path.name, length),
        "row": lines if rows is None else lines[rows],
        "nik": _per_row(Cells(ids(nik.values, nik_types, nik_blank)[0], nik.codes), rows,
                        lambda cells: cells),
        "name": column("name"),
    }
    for name in ("birth_date", "date"):
        table[name] = (
            _per_row(columns[name], rows, lambda cells: _dates(cells, system1904))
            if name in columns else np.full(length, np.datetime64("NaT"), "datetime64[ns]")
        )
    table["dose"] = _per_row(columns["dose"], rows, _slots)
    table["brand"] = column("brand")
    table["facility"] = column("facility")
    # Each column is an array of its final dtype (object, not pandas' str; int64 rows;
    # datetime64[ns] dates): taken as it is, not copied (a million rows' columns held twice).
    frame = pd.DataFrame(
        {
            name: pd.Series(
                table[name], dtype=object if name not in ("row", "birth_date", "date") else None,
                copy=False,
            )
            for name in REGISTRY_COLUMNS
        },
        copy=False,
    )
    frame.attrs["strangers"] = strangers
    return frame


def _per_row(cells: Cells, rows: np.ndarray | None, convert: Callable[[np.ndarray], np.ndarray]
             ) -> np.ndarray:
    """`convert` (cell by cell) of the cells of `rows` (None: all): of their distinct values
    when the column is read as codes, each once."""
    if cells.codes is None:
        return convert(cells.values if rows is None else cells.values[rows])
    return convert(cells.values)[cells.codes if rows is None else cells.codes[rows]]


def _dates(cells: np.ndarray, system1904: bool) -> np.ndarray:
    return parse_date_columns([cells], system1904)[0][0]


def _slots(cells: np.ndarray) -> np.ndarray:
    """The dose slot of each cell (None where empty or unreadable), each distinct text once."""
    codes, uniques = pd.factorize(texts(cells), use_na_sentinel=True)
    slots = np.array([dose_slot(value) for value in uniques] + [None], dtype=object)
    return slots[np.where(codes < 0, len(uniques), codes)]
