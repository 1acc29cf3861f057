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
from pandas._libs.lib import to_object_array  # type: ignore[attr-defined]  # not in the stubs

from census.values.dates import integer_texts, number_text

_PLACE_DATE = re.compile(r"\s*(.*?)[\s,;/-]*(\d.*?)\s*", re.DOTALL)


def cell_text(cell: object) -> str | None:
    """One cell as text: numbers without a trailing '.0', dates as ISO, blanks as None."""
    if cell is None or cell == "":
        return None
    if isinstance(cell, str):
        return None if cell.isspace() else cell
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
    """Python's cycle collector off inside the block (as it was again after it); nested use is
    harmless: an inner pause while already paused leaves the collector off.

    Reading creates no reference cycles, and neither do a round's history, diff and sections,
    but the hundred thousand row lists calamine returns, or a round's lists of every person,
    would start the collector thousands of times, each full collection crawling them. After the
    pause the objects made in it are moved to the oldest generation as they are (gc.freeze,
    then gc.unfreeze): re-enabled plainly, the collector's next young pass would walk all of
    them at once (half a second at 100,000 people); the oldest generation is walked only as
    often as it grows by a quarter.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()  # every tracked object to the permanent generation, young count reset
            gc.unfreeze()  # … and from there into the oldest generation, unwalked
            gc.enable()


class Grid:
    """The cells under a header as one 2-D object array; cell types are worked out per column,
    only for the columns that need them."""

    def __init__(self, rows: list[list], min_width: int = 0) -> None:
        lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
        # A header with no rows under it (a blank template) still has its columns.
        width = max(int(lengths.max(initial=0)), min_width)
        if (lengths != width).any():  # calamine's rows are even; be safe
            rows = [list(row) + [""] * (width - len(row)) for row in rows]
        # pandas' converter of a list of lists (what DataFrame(rows) uses) writes the cells in
        # C: half of what fromiter over the chained rows costs, a fifth of np.array(rows).
        self.values = to_object_array(rows, min_width=width)
        #: Non-empty cells. Text of whitespace only (' ', a tab, a no-break space) is empty too,
        #: but finding it costs a look at every text cell: `filled` counts it as filled until
        #: `blank` (a whole column) or `settle` (some rows) has looked.
        self.filled = self.values != ""
        self._types: dict[int, np.ndarray] = {}
        self._text: dict[int, np.ndarray] = {}
        self._blank: dict[int, np.ndarray] = {}

    @property
    def height(self) -> int:
        return self.values.shape[0]

    @property
    def width(self) -> int:
        return self.values.shape[1]

    def types(self, j: int) -> np.ndarray:
        """The type code (column_types) of each cell of column `j`."""
        if j not in self._types:
            self._types[j] = column_types(self.values[:, j])
        return self._types[j]

    def is_text(self, j: int) -> np.ndarray:
        if j not in self._text:
            self._text[j] = of_type(self.types(j), str)
        return self._text[j]

    def is_number(self, j: int) -> np.ndarray:
        return of_type(self.types(j), float, int)

    def blank(self, j: int) -> np.ndarray:
        """Per row: is the cell of column `j` empty or whitespace only? `filled` follows."""
        if j not in self._blank:
            mask = _blank(self.values[:, j], self.is_text(j), self.filled[:, j])
            self._blank[j] = mask
            self.filled[:, j] = ~mask
        return self._blank[j]

    def blank_columns(self, columns: list[int]) -> None:
        """`blank` for several columns: those of text only looked at in one pass (what a column
        costs beyond its cells is paid once), the others one by one."""
        todo = [j for j in columns if j not in self._blank]
        text = [j for j in todo if j not in self._types]
        spaces = self._text_block(text)
        if spaces is None:
            text = [j for j in todo if self.is_text(j).all()]
            if len(text) > 1:
                # Column by column (Fortran order), so each column's cells stay together.
                cells = self.values[:, text].ravel(order="F").tolist()
                spaces = np.fromiter(map(str.isspace, cells), dtype=bool, count=len(cells))
        if spaces is not None:
            # `filled` is false for every '' already: only whitespace was looked for.
            blank = spaces.reshape((self.height, len(text)), order="F") | ~self.filled[:, text]
            self.filled[:, text] = ~blank
            for k, j in enumerate(text):
                self._blank[j] = blank[:, k]
        for j in todo:
            self.blank(j)

    def _text_block(self, columns: list[int]) -> np.ndarray | None:
        """The types of `columns` in one pass when every cell of them is text (a roster's
        names, IDs, brands and remarks usually are), and per cell, column after column, whether
        it is whitespace (str.isspace: '' is not); None when some cell is not text (nothing is
        learnt: each column is looked at on its own).

        str.isspace refuses any cell that is not text, so one pass both types the cells and
        looks for whitespace: each pass over a sheet's cells, scattered over the heap, costs
        about a cache miss per cell, more than the look itself."""
        if len(columns) < 2 or self.height == 0:
            return None
        # A list is walked faster than an array of objects (a tenth of the pass).
        cells = self.values[:, columns].ravel(order="F").tolist()
        try:
            spaces = np.fromiter(map(str.isspace, cells), dtype=bool, count=len(cells))
        except TypeError:
            return None
        # The columns share their (read-only) types: a sheet's many columns cost one array.
        codes = np.full(self.height, _TYPE_CODES[str], dtype=np.uint8)
        is_text = np.ones(self.height, dtype=bool)
        codes.flags.writeable = is_text.flags.writeable = False
        for j in columns:
            self._types[j], self._text[j] = codes, is_text
        return spaces

    def settle(self, rows: np.ndarray, columns: list[int]) -> None:
        """Make `filled` exact for `rows` in `columns` (whitespace-only cells become empty)."""
        at = np.array([j for j in columns if j not in self._blank], dtype=np.intp)
        if not at.size or not rows.size:
            return
        # The filled cells of all the columns at once (types and whitespace in one call).
        found, place = np.nonzero(self.filled[rows][:, at])
        if found.size:
            i, j = rows[found], at[place]
            every = np.ones(found.size, dtype=bool)
            self.filled[i, j] = ~blank_cells(self.values[i, j], filled=every)


#: A small number per cell type, so that asking for a type is a pass over bytes.
_TYPE_CODES: dict[type, int] = {str: 1, float: 2, int: 3, bool: 4, datetime: 5, date: 6, time: 7}
#: Columns of one type (text only, the usual case; numbers only, a number column) as pandas
#: recognises them in C.
_UNIFORM: dict[str, int] = {"string": 1, "floating": 2, "integer": 3}


def column_types(values: np.ndarray) -> np.ndarray:
    """The type of each cell as a code (uint8): see `of_type`."""
    uniform = _UNIFORM.get(pd.api.types.infer_dtype(values, skipna=False))
    if uniform is not None:
        return np.full(len(values), uniform, dtype=np.uint8)
    # One look at each cell's type in C (a hash table of types costs three times as much).
    codes = map(_TYPE_CODES.get, map(type, values.ravel().tolist()), itertools.repeat(0))
    return np.fromiter(codes, dtype=np.uint8, count=values.size).reshape(values.shape)


def of_type(types: np.ndarray, *kinds: type) -> np.ndarray:
    """Per cell: is its type (`types` as from column_types) one of `kinds`?"""
    found = types == _TYPE_CODES[kinds[0]]
    for kind in kinds[1:]:
        found |= types == _TYPE_CODES[kind]
    return found


def blank_cells(
    values: np.ndarray, types: np.ndarray | None = None, filled: np.ndarray | None = None
) -> np.ndarray:
    """Per cell: empty, or text of whitespace only (' ', a tab, a no-break space)? `filled`,
    where known, marks the cells that may be neither (Grid.filled)."""
    if types is None:
        types = column_types(values)
    return _blank(values, of_type(types, str), values != "" if filled is None else filled)


def _blank(values: np.ndarray, is_text: np.ndarray, filled: np.ndarray) -> np.ndarray:
    if is_text.all() and np.count_nonzero(filled) * 2 >= len(values):
        return _spaces(values)  # text only, mostly filled: cheaper than picking the filled cells
    text = np.flatnonzero(is_text & filled)
    blank = ~filled
    if text.size:
        blank[text] = _spaces(values[text])
    return blank


def _spaces(values: np.ndarray) -> np.ndarray:
    """Per text cell: empty or whitespace only? str.isspace mapped over the cells in C (a
    third of what cutting each cell's first character into a numpy string costs)."""
    spaces = np.fromiter(map(str.isspace, values.tolist()), dtype=bool, count=len(values))
    return spaces | (values == "")


def repeat(value: object, length: int) -> np.ndarray:
    """An object array of `length` references to `value` (np.full would copy a str each time)."""
    out = np.empty(length, dtype=object)
    out.fill(value)
    return out


def texts(
    values: np.ndarray, types: np.ndarray | None = None, blank: np.ndarray | None = None
) -> np.ndarray:
    """Cells as typed (object array of str or None): empty and whitespace-only cells are None.
    Only non-text cells are converted one by one. `blank` is `blank_cells(values)` if known."""
    if types is None:
        types = column_types(values)
    if blank is None:
        blank = blank_cells(values, types)
    out = values.astype(object, copy=True)
    is_text = of_type(types, str)
    out[blank] = None
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
    out[whole] = integer_texts(floats[whole])
    for i in np.flatnonzero(~whole):
        out[i] = cell_text(numbers[i])
    return out


def ids(
    values: np.ndarray, types: np.ndarray | None = None, blank: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(ID text as typed, True where the cell was a number). A numeric cell is written as its
    digits without exponent: 3.57801234567891E+15 → '3578012345678910'. A whitespace-only
    cell is a missing ID."""
    if types is None:
        types = column_types(values)
    is_number = of_type(types, float, int)
    if is_number.any():
        is_number &= pd.notna(values)
    return texts(values, types, blank), np.asarray(is_number, dtype=bool)


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
