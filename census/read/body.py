"""Which rows under a header are data: not blank, not TOTAL/JUMLAH, not the header again, not a
signature block or notes."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from census.model import DATE_FIELDS
from census.read.aliases import PLACE_DATE, ROW_NUMBER, SHARED_DATE, field_of, normalise
from census.read.cells import Grid
from census.read.dates import parse_one
from census.read.header import (
    MAX_LEVELS,
    Header,
    is_blank,
    is_column_number_row,
    is_sub_header_row,
)

_TOTAL = re.compile(r"(?:grand |sub ?)?(?:total|jumlah|jml)\b", re.IGNORECASE)
# The first words of the lines of a signature block under a table (its roles, the signer's
# rank and NIP), matched on the normalised cell text.
_SIGNATURE_WORDS = (
    "mengetahui", "menyetujui", "disetujui", "diketahui", "dibuat oleh", "yang membuat",
    "pembuat daftar", "yang melaporkan", "pelapor", "hormat kami", "kepala", "an kepala",
    "a n kepala", "plt", "plh", "sekretaris", "ketua", "koordinator", "korlap", "kasubag",
    "kasubbag", "kasi", "kasie", "kabid", "kabag", "kadis", "bendahara", "pengelola data",
    "operator", "ttd", "nip", "nrp", "pembina", "penata", "pengatur", "petugas",
)
_SIGNATURE = re.compile(rf"({'|'.join(_SIGNATURE_WORDS)})\b.*")
# What the raw text of such a line starts with: most cells are told apart without normalising.
_SIGNATURE_START = re.compile(
    rf"[^a-z0-9]*({'|'.join(sorted({words.split()[0] for words in _SIGNATURE_WORDS}))})",
    re.IGNORECASE,
)
_NOTES = re.compile(r"\s*(\*|(catatan|keterangan|ket|sumber|note|nb)\s*:)", re.IGNORECASE)
# The place and date line of a signature block: 'Jombang, 15 November 2021', 'Tuban, 31-03-2022',
# and as printed to be dated by hand: 'Surabaya,      Maret 2022', 'Kediri, ............ 2022'.
_PLACE_DATE = re.compile(
    r"[a-z][a-z .'()-]*,\s*(?:\d{1,2}[ /.-]+\w+[ /.-]+\d{2,4}|[\s._…-]*(?:[a-z]+[\s._…-]*)?\d{4}"
    r"|[\s._…-]+)",
    re.IGNORECASE,
)
_DATE_COLUMNS = frozenset(DATE_FIELDS) | {SHARED_DATE}
_SEXES = frozenset({"l", "p", "lk", "pr", "laki laki", "laki", "perempuan", "pria", "wanita"})
_ID_DIGITS = 8
#: Rows with at most this many filled cells can be a signature or notes line.
_SHORT_ROW = 3
#: At most this many lines of a signature block are looked for above its first known line.
_SIGNATURE_LINES = 6
#: Above this many candidate rows a check runs column-wise in pandas instead of row by row.
_LOOP_LIMIT = 2000


def _is_signature(cells: list, dated: bool = True) -> bool:
    """Are the filled cells of a short row a line of a signature block or a note? A place-and-
    date line counts only alone, and only where `dated`: beside other text, or above more
    numbered rows, it may be a remark ('Positif, 12 Juni 2021')."""
    text = True
    for cell in cells:
        if not isinstance(cell, str):
            text = False
        elif _NOTES.match(cell) or (
            _SIGNATURE_START.match(cell) and _SIGNATURE.fullmatch(normalise(cell))
        ):
            return True
    return dated and text and all(_PLACE_DATE.fullmatch(cell.strip()) for cell in cells)


def _is_total(cell: object) -> bool:
    return isinstance(cell, str) and bool(_TOTAL.match(cell.strip()))


def _has_person_data(grid: Grid, header: Header, i: int) -> bool:
    """Does row `i` hold what only a person's row holds: a NIK or NIP, a date, a sex?"""
    for name, j in header.columns.items():
        cell = grid.values[i, j]
        if is_blank(cell):
            continue
        text = cell if isinstance(cell, str) else ""
        if name in ("nik", "nip"):
            if not text or sum(c.isdigit() for c in text) >= _ID_DIGITS:
                return True
        elif name in _DATE_COLUMNS:
            if not text or parse_one(text)[0] is not None:
                return True
        elif name == PLACE_DATE:
            if not text or any(c.isdigit() for c in text):
                return True
        elif name == "sex" and normalise(text) in _SEXES:
            return True
    return False


def _is_header_row(row: list, name_col: int) -> bool:
    """The header row again: the name column names a name, another cell another field."""
    name = row[name_col]
    if not isinstance(name, str) or field_of(name)[0] != "name":
        return False
    return any(
        isinstance(cell, str) and field_of(cell)[0] is not None
        for j, cell in enumerate(row)
        if j != name_col
    )


def _repeated_headers(
    grid: Grid, header: Header, numbered: np.ndarray, counts: np.ndarray
) -> np.ndarray:
    """Rows that repeat the header inside the table (a second block pasted under the first with
    its own header, a header copied onto each printed page), with their sub-header rows and
    the row of column numbers under them."""
    skip = np.zeros(grid.height, dtype=bool)
    name_col = header.columns.get("name")
    if name_col is None:
        return skip
    number_col = header.columns.get(ROW_NUMBER)
    # The header's 'No' is text where the rows have numbers; a table without numbers
    # repeats its header as typed.
    candidates = np.zeros(grid.height, dtype=bool)
    if number_col is not None:
        candidates = grid.filled[:, number_col] & ~numbered
    if header.name_label and (number_col is None or numbered.sum() * 2 < np.count_nonzero(counts)):
        candidates |= grid.values[:, name_col] == header.name_label
    rows = np.flatnonzero(candidates)
    if rows.size > _LOOP_LIMIT:
        names = pd.Series(grid.values[rows, name_col], dtype=object)
        rows = rows[names.str.match(r"\s*nama\b", case=False).to_numpy(dtype=bool, na_value=False)]
    for i in rows:
        if skip[i]:
            continue
        row = grid.values[i].tolist()
        if _is_header_row(row, name_col):
            top, k = int(i), int(i) + 1
        elif (
            # 'No' over a merged two-row header whose name is on the lower row.
            number_col is not None
            and i + 1 < grid.height
            and field_of(str(row[number_col]))[0] == ROW_NUMBER
            and _is_header_row(grid.values[i + 1].tolist(), name_col)
        ):
            top, k = int(i), int(i) + 2
        else:
            continue
        while (
            k < grid.height
            and k - top < MAX_LEVELS
            and is_sub_header_row(grid.values[k].tolist(), name_col)
        ):
            k += 1
        skip[top:k] = True
        while k < grid.height and counts[k] == 0:
            k += 1
        if k < grid.height and is_column_number_row(grid.values[k].tolist()):
            skip[k] = True
    return skip


def _numbered(grid: Grid, number_col: int | None) -> np.ndarray:
    """Rows whose number column holds a row number (1, '1', '1.')."""
    numbered = np.zeros(grid.height, dtype=bool)
    if number_col is None:
        return numbered
    filled = grid.filled[:, number_col]
    numbered = filled & grid.is_number(number_col)
    typed = np.flatnonzero(grid.is_text(number_col) & filled)
    if typed.size:
        digits = pd.Series(grid.values[typed, number_col], dtype=object).str.strip()
        numbered[typed] = digits.str.fullmatch(r"\d+\.?").to_numpy(dtype=bool)
    return numbered


def _counts(grid: Grid, header: Header, numbered: np.ndarray) -> np.ndarray:
    """Filled cells per row, whitespace-only cells not counted. The mapped columns other than
    dates are looked at whole (the roster reads them anyway); the other columns only in the
    rows whose kind (blank, short, number only) their cells could change."""
    sure = sorted({j for name, j in header.columns.items() if name not in _DATE_COLUMNS})
    for j in sure:
        grid.blank(j)
    filled = grid.filled
    others = [j for j in range(grid.width) if j not in set(sure)]
    if others:
        known = filled[:, sure].sum(axis=1) if sure else np.zeros(grid.height, dtype=np.int64)
        number_col = header.columns.get(ROW_NUMBER)
        number = filled[:, number_col].astype(np.int64) if number_col is not None else 0
        doubt = filled[:, others].any(axis=1) & (known <= np.where(numbered, number, _SHORT_ROW))
        rows = np.flatnonzero(doubt)
        if rows.size:
            grid.settle(rows, others)
    return filled.sum(axis=1)


def _signature_start(grid: Grid, short: np.ndarray, numbered: np.ndarray) -> int:
    """The first line of a signature block or of notes under the table, or the grid's end."""
    last_numbered = int(np.flatnonzero(numbered)[-1]) if numbered.any() else -1
    rows = np.flatnonzero(short)
    values, filled = grid.values[rows].tolist(), grid.filled[rows].tolist()
    for i, row, mask in zip(rows.tolist(), values, filled, strict=True):
        if _is_signature([cell for cell, f in zip(row, mask, strict=True) if f], i > last_numbered):
            return i
    return grid.height


def _gap_before(
    grid: Grid, header: Header, counts: np.ndarray, short: np.ndarray, skip: np.ndarray, end: int
) -> int:
    """Move the table's end from a signature block's first known line (`end`) up to the blank
    rows that part the block from the table: the lines between, short and without a NIK, date
    or sex, are the block's own ('Dibuat di : Tuban') though no word of them is known."""
    i, lines = end - 1, 0
    while i >= 0:
        if counts[i] == 0 or skip[i]:
            i -= 1
        elif short[i] and not _has_person_data(grid, header, i):
            lines += 1
            if lines > _SIGNATURE_LINES:
                return end  # too long for a signature block: rows of people with little data
            i -= 1
        else:
            break
    gaps = np.flatnonzero(counts[i + 1 : end] == 0)
    return i + 1 + int(gaps[0]) if gaps.size else end


def data_rows(grid: Grid, header: Header) -> np.ndarray:
    """Positions (rows of `grid`, the cells under the header) of the rows that are data."""
    if grid.height == 0 or grid.width == 0:
        return np.zeros(0, dtype=np.int64)
    number_col = header.columns.get(ROW_NUMBER)
    if number_col is not None:
        grid.blank(number_col)
    numbered = _numbered(grid, number_col)
    counts = _counts(grid, header, numbered)
    filled = grid.filled
    skip = _repeated_headers(grid, header, numbered, counts)

    # Numbered rows are data, however little they hold.
    short = (counts > 0) & (counts <= _SHORT_ROW) & ~numbered & ~skip
    end = signature = _signature_start(grid, short, numbered)

    # TOTAL / JUMLAH is written in the first columns, up to the name column, on a row
    # without a row number.
    name_col = header.columns.get("name", 0)
    total = np.zeros(grid.height, dtype=bool)
    left = np.column_stack(
        [grid.is_text(j) for j in range(min(name_col + 1, grid.width))]
    ) & filled[:, : name_col + 1]
    candidates = np.flatnonzero(left.any(axis=1) & ~numbered & ~skip)
    if candidates.size > _LOOP_LIMIT:
        for j in range(min(name_col + 1, grid.width)):
            rows = np.flatnonzero(left[:, j] & ~skip)
            texts = pd.Series(grid.values[rows, j], dtype=object).str.strip()
            total[rows] |= texts.str.match(_TOTAL).to_numpy(dtype=bool)
    else:
        for i in candidates:
            total[i] = any(_is_total(cell) for cell in grid.values[i, : name_col + 1])
    total[end:] = False
    content = (counts > 0) & ~skip
    for i in np.flatnonzero(total):
        following = np.flatnonzero(content[i + 1 : end])
        if following.size == 0 or number_col is None:
            end = int(i)
            break
        nxt = i + 1 + following[0]
        # The table goes on after a sub-total only when numbered rows follow.
        if not numbered[nxt] or total[nxt]:
            end = int(i)
            break
    if end == signature < grid.height:
        end = _gap_before(grid, header, counts, short, skip, end)

    keep = counts > 0
    if number_col is not None:
        keep &= counts > filled[:, number_col].astype(np.int64)
    keep &= ~total & ~skip
    keep[end:] = False
    return np.flatnonzero(keep)
