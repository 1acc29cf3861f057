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
from census.values.nik import NIK_LENGTH

#: Days of each month (index 1-12) in a leap year, as census.values.nik.nik_parts counts them.
_MONTH_DAYS = np.array([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0, 0, 0], dtype=np.int16)


@dataclass
class PlainNiks:
    """The plain cells of a NIK column: row positions and what their digits say (equal length).

    `number`: the NIK as an integer; `region`: digits 1-6; `day` (women's +40 removed), `month`,
    `yy`; `female`; `placeholder` (digits 7-12 are zero); `date_ok` (DDMMYY is a date).
    """

    at: np.ndarray
    number: np.ndarray
    region: np.ndarray
    day: np.ndarray
    month: np.ndarray
    yy: np.ndarray
    female: np.ndarray
    placeholder: np.ndarray
    date_ok: np.ndarray


def fixed_text(rows: Columns, name: str, width: int) -> np.ndarray:
    """Column `name` as fixed-width text of `width` characters: one byte per character when the
    column is ASCII, else four. None reads 'None' and a longer text is cut at `width`."""
    try:
        return rows.apply(name, lambda values: np.asarray(values, dtype=object).astype(f"S{width}"))
    except UnicodeEncodeError:  # a non-ASCII character somewhere
        return rows.apply(name, lambda values: np.asarray(values, dtype=object).astype(f"U{width}"))


def digit_rows(text: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
    """(positions of the cells of `text` (fixed-width, from fixed_text(..., width + 1)) that are
    exactly `width` ASCII digits, their digits as a uint8 matrix, one row per such cell)."""
    n = len(text)
    unit: type[np.unsignedinteger[Any]] = np.uint8 if text.dtype.kind == "S" else np.uint32
    codes = text.view(unit).reshape(n, width + 1)
    digits = codes[:, :width] - unit(48)  # below '0' wraps round to a large number
    bad = np.ascontiguousarray(digits > 9)
    if width % 8 == 0:  # a row of truth bytes read as whole words: zero when all are false
        bad = bad.view(np.uint64)
    at = np.flatnonzero((codes[:, width] == 0) & ~bad.any(axis=1))
    return at, digits[at].astype(np.uint8, copy=False)


def plain_niks(rows: Columns) -> PlainNiks:
    """The cells of the NIK column that are 16 ASCII digits, taken apart."""
    at, m = digit_rows(fixed_text(rows, "nik", NIK_LENGTH + 1), NIK_LENGTH)
    pair = [m[:, k].astype(np.int16) * 10 + m[:, k + 1] for k in range(0, NIK_LENGTH, 2)]
    number = np.zeros(len(at), dtype=np.int64)
    for group in pair:
        number = number * 100 + group
    raw_day, month, yy = pair[3], pair[4], pair[5]
    female = raw_day > 40
    day = np.where(female, raw_day - 40, raw_day)
    # A date in 19YY or 20YY: 29 Feb only in a year divisible by 4 (2000 was a leap year).
    in_month = day <= _MONTH_DAYS[np.clip(month, 0, 15)]
    date_ok = (month >= 1) & (month <= 12) & (day >= 1) & in_month
    date_ok &= ~((month == 2) & (day == 29)) | (yy % 4 == 0)
    region = (pair[0].astype(np.int64) * 100 + pair[1]) * 100 + pair[2]
    placeholder = (raw_day == 0) & (month == 0) & (yy == 0)
    return PlainNiks(at, number, region, day, month, yy, female, placeholder, date_ok)
