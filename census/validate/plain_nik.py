"""The common NIK cell read fast: 16 ASCII digits as text, taken apart with whole-column arithmetic.

Most cells of a roster hold a NIK exactly so. For them validation needs only a few digit groups,
so the column is turned into one byte matrix once and each group is read off it; every other
cell (blank, spaced, too short, a number cell, non-ASCII digits, ...) goes through
census.values.nik like before. `plain_niks` never calls a cell plain that census.values.nik
would read differently (tests/test_validate_plain_nik.py compares the two).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from census.validate.columns import Columns
from census.values.nik import NIK_LENGTH, NikParts, ascii_digit_rows, nik_parts_of_matrix


@dataclass
class PlainNiks:
    """The plain cells of a NIK column: `at` their row positions, `number` each NIK as an
    integer, `parts` what its digits say (census.values.nik.NikParts, equal length)."""

    at: np.ndarray
    number: np.ndarray
    parts: NikParts


def fixed_text(rows: Columns, name: str, width: int) -> np.ndarray:
    """Column `name` as fixed-width text of `width` characters: one byte per character when the
    column is ASCII, else four. None reads 'None' and a longer text is cut at `width`."""
    try:
        return rows.apply(name, lambda values: np.asarray(values, dtype=object).astype(f"S{width}"))
    except UnicodeEncodeError:  # a non-ASCII character somewhere
        return rows.apply(name, lambda values: np.asarray(values, dtype=object).astype(f"U{width}"))


def digit_rows(text: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
    """(positions of the cells of `text` (fixed-width, from fixed_text(..., wider than `width`))
    that are exactly `width` ASCII digits, their digits as a uint8 matrix, one row per such cell)."""
    n = len(text)
    if text.dtype.kind == "S" and text.dtype.itemsize % 8 == 0 and width % 8 == 0:
        return ascii_digit_rows(text, width)
    unit: type[np.unsignedinteger[Any]] = np.uint8 if text.dtype.kind == "S" else np.uint32
    codes = text.view(unit).reshape(n, -1)
    digits = codes[:, :width] - unit(48)  # below '0' wraps round to a large number
    at = np.flatnonzero((codes[:, width] == 0) & ~(digits > 9).any(axis=1))
    return at, digits[at].astype(np.uint8, copy=False)


def plain_niks(rows: Columns) -> PlainNiks:
    """The cells of the NIK column that are 16 ASCII digits, taken apart."""
    # Cells 24 bytes wide (three words): the 16 digits, then the end of the text.
    at, m = digit_rows(fixed_text(rows, "nik", 24), NIK_LENGTH)
    parts = nik_parts_of_matrix(m)
    return PlainNiks(at, _number(parts), parts)


def _number(parts: NikParts) -> np.ndarray:
    """The NIK as an integer, put together from its parts (PPKKCC DDMMYY SSSS, women's DD + 40):
    cheaper than reading its digits once more."""
    day = parts.day + 40 * parts.female
    return (((parts.region * 100 + day) * 100 + parts.month) * 100 + parts.yy) * 10_000 \
        + parts.serial
