"""Column-wise conversion of raw cell values: text as typed, IDs with their numeric origin, splits."""

from __future__ import annotations

import gc
import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time

import numpy as np
import pandas as pd

from census.read.dates import number_text, of_type

_PLACE_DATE = re.compile(r"\s*(.*?)[\s,;/-]*(\d.*?)\s*", re.DOTALL)


def cell_text(cell: object) -> str | None:
    """One cell as text: numbers without a trailing '.0', dates as ISO, blanks as None."""
    if cell is None or cell == "":
        return None
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool):
        return str(cell).upper()
    if isinstance(cell, int | float):
        if isinstance(cell, float) and cell != cell:
            return None
        return number_text(cell)
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == time() else cell.isoformat(sep=" ")
    if isinstance(cell, date | time):
        return cell.isoformat()
    return str(cell)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: reading creates no reference cycles, but the
    hundred thousand row lists calamine returns would make every full collection crawl them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Grid:
    """The cells under a header as one 2-D object array; cell types are worked out per column,
    only for the columns that need them."""

    def __init__(self, rows: list[list], min_width: int = 0) -> None:
        # A header with no rows under it (a blank template) still has its columns.
        width = max(max(map(len, rows), default=0), min_width)
        if sum(map(len, rows)) != len(rows) * width:  # calamine's rows are even; be safe
            rows = [list(row) + [""] * (width - len(row)) for row in rows]
        # fromiter over the chained rows is 3x faster than np.array(rows) for object cells.
        cells = itertools.chain.from_iterable(rows)
        self.values = np.fromiter(cells, dtype=object, count=len(rows) * width).reshape(
            len(rows), width
        )
        self.filled = self.values != ""
        self._types: dict[int, np.ndarray] = {}

    @property
    def height(self) -> int:
        return self.values.shape[0]

    @property
    def width(self) -> int:
        return self.values.shape[1]

    def types(self, j: int) -> np.ndarray:
        """The Python type of each cell of column `j`."""
        if j not in self._types:
            self._types[j] = column_types(self.values[:, j])
        return self._types[j]

    def is_text(self, j: int) -> np.ndarray:
        return of_type(self.types(j), str)

    def is_number(self, j: int) -> np.ndarray:
        return of_type(self.types(j), float, int)


def column_types(values: np.ndarray) -> np.ndarray:
    """The Python type of each cell; a column of text only (the usual case) is recognised in C."""
    if pd.api.types.infer_dtype(values, skipna=False) == "string":
        return np.full(len(values), str, dtype=object)
    return _types(values)


def _types(values: np.ndarray) -> np.ndarray:
    if values.size == 0:
        return np.empty(values.shape, dtype=object)
    return np.frompyfunc(type, 1, 1)(values).astype(object)


def texts(values: np.ndarray, types: np.ndarray | None = None) -> np.ndarray:
    """Cells as typed (object array of str or None); only non-text cells are converted one by one."""
    if types is None:
        types = column_types(values)
    out = values.astype(object, copy=True)
    is_text = of_type(types, str)
    out[is_text & (values == "")] = None
    other = np.flatnonzero(~is_text)
    if other.size:
        numbers = other[of_type(types[other], float, int)]
        if numbers.size:
            out[numbers] = _number_texts(values[numbers])
        for i in np.setdiff1d(other, numbers, assume_unique=True):
            out[i] = cell_text(values[i])
    return out


def _number_texts(numbers: np.ndarray) -> np.ndarray:
    """Numbers as text in bulk: integral values without '.0' or exponent."""
    floats = numbers.astype(float)
    whole = np.isfinite(floats) & (floats == np.floor(floats)) & (np.abs(floats) < 9e18)
    out = np.empty(len(numbers), dtype=object)
    out[whole] = floats[whole].astype(np.int64).astype(str).astype(object)
    for i in np.flatnonzero(~whole):
        out[i] = cell_text(numbers[i])
    return out


def ids(values: np.ndarray, types: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(ID text as typed, True where the cell was a number). A numeric cell is written as its
    digits without exponent: 3.57801234567891E+15 → '3578012345678910'."""
    if types is None:
        types = column_types(values)
    is_number = of_type(types, float, int)
    if is_number.any():
        is_number &= pd.notna(values)
    return texts(values, types), np.asarray(is_number, dtype=bool)


def split_place_date(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """'Surabaya, 12-05-1980' → ('Surabaya', '12-05-1980'); a real date cell has no place."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    places: list[str | None] = []
    dates: list[object] = []
    for cell in uniques:
        if not isinstance(cell, str):
            places.append(None)
            dates.append(None if cell == "" else cell)
            continue
        match = _PLACE_DATE.fullmatch(cell)
        if match:
            places.append(match[1].strip(" ,;/-") or None)
            dates.append(match[2])
        else:
            places.append(cell.strip() or None)
            dates.append(None)
    picks = np.where(codes < 0, len(uniques), codes)
    place_array = np.array(places + [None], dtype=object)[picks]
    date_array = np.array(dates + [None], dtype=object)[picks]
    return place_array, date_array
