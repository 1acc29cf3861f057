"""Which rows under a header are data: not blank, not TOTAL/JUMLAH, not a signature block or notes."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from census.read.aliases import PLACE_DATE, ROW_NUMBER, normalise
from census.read.cells import Grid
from census.read.header import Header

_TOTAL = re.compile(r"(?:grand |sub ?)?(?:total|jumlah|jml)\b", re.IGNORECASE)
# Lines of a signature block or of notes under a table, matched on the normalised cell text.
_SIGNATURE = re.compile(
    r"(mengetahui|menyetujui|disetujui|diketahui|dibuat oleh|yang membuat|pembuat daftar"
    r"|kepala( upt| dinas| bidang| seksi| sub| bagian| kantor| panti| balai| unit)?"
    r"|an kepala|a n kepala|plt|plh|sekretaris( dinas)?|ttd|nip|pembina|penata|petugas)\b.*"
)
_NOTES = re.compile(r"\s*(\*|(catatan|keterangan|ket|sumber|note|nb)\s*:)", re.IGNORECASE)
# 'Jombang, 15 November 2021' — the place and date line of a signature block.
_PLACE_DATE = re.compile(r"[a-z .]+, ?\d{1,2}[ /.-]+(\w+)[ /.-]+\d{2,4}", re.IGNORECASE)
_BIRTH_COLUMNS = ("birth_date", "birth_place", PLACE_DATE)
#: Rows with at most this many filled cells can be a signature or notes line.
_SHORT_ROW = 3
#: Above this many candidate rows a check runs column-wise in pandas instead of row by row.
_LOOP_LIMIT = 2000


def _is_signature(cells: list, header_columns: set[int]) -> bool:
    for j, cell in cells:
        if not isinstance(cell, str):
            continue
        text = cell.strip()
        if _NOTES.match(text):
            return True
        if _SIGNATURE.fullmatch(normalise(text)):
            return True
        if j not in header_columns and _PLACE_DATE.fullmatch(text):
            return True
    return False


def _is_total(cell: object) -> bool:
    return isinstance(cell, str) and bool(_TOTAL.match(cell.strip()))


def data_rows(grid: Grid, header: Header) -> np.ndarray:
    """Positions (rows of `grid`, the cells under the header) of the rows that are data."""
    if grid.height == 0 or grid.width == 0:
        return np.zeros(0, dtype=np.int64)
    filled = grid.filled
    counts = filled.sum(axis=1)
    number_col = header.columns.get(ROW_NUMBER)
    numbered = np.zeros(grid.height, dtype=bool)
    if number_col is not None:
        numbered = filled[:, number_col] & grid.is_number(number_col)
        typed = np.flatnonzero(grid.is_text(number_col) & filled[:, number_col])
        if typed.size:
            digits = pd.Series(grid.values[typed, number_col], dtype=object).str.strip()
            numbered[typed] = digits.str.fullmatch(r"\d+\.?").to_numpy(dtype=bool)

    end = grid.height
    # 'Surabaya, 12-05-1980' in a birth column is data; elsewhere such a line dates a signature.
    mapped = {j for name, j in header.columns.items() if name in _BIRTH_COLUMNS}
    # Numbered rows are data, however little they hold.
    short = (counts > 0) & (counts <= _SHORT_ROW) & ~numbered
    for i in np.flatnonzero(short):
        cells = [(j, grid.values[i, j]) for j in np.flatnonzero(filled[i])]
        if _is_signature(cells, mapped):
            end = int(i)
            break

    # TOTAL / JUMLAH is written in the first columns, up to the name column, on a row
    # without a row number.
    name_col = header.columns.get("name", 0)
    total = np.zeros(grid.height, dtype=bool)
    left = np.column_stack(
        [grid.is_text(j) for j in range(min(name_col + 1, grid.width))]
    ) & filled[:, : name_col + 1]
    candidates = np.flatnonzero(left.any(axis=1) & ~numbered)
    if candidates.size > _LOOP_LIMIT:
        for j in range(min(name_col + 1, grid.width)):
            rows = np.flatnonzero(left[:, j])
            texts = pd.Series(grid.values[rows, j], dtype=object).str.strip()
            total[rows] |= texts.str.match(_TOTAL).to_numpy(dtype=bool)
    else:
        for i in candidates:
            total[i] = any(_is_total(cell) for cell in grid.values[i, : name_col + 1])
    total[end:] = False
    for i in np.flatnonzero(total):
        following = np.flatnonzero(counts[i + 1 : end] > 0)
        if following.size == 0 or number_col is None:
            end = int(i)
            break
        nxt = i + 1 + following[0]
        # The table goes on after a sub-total only when numbered rows follow.
        if not numbered[nxt] or total[nxt]:
            end = int(i)
            break

    keep = counts > 0
    if number_col is not None:
        keep &= counts > filled[:, number_col].astype(np.int64)
    keep &= ~total
    keep[end:] = False
    return np.flatnonzero(keep)
