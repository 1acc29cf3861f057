"""Shared helpers of the checks: cells, dates, sexes, masks turned into Findings."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from census import findings as catalogue
from census.findings import Finding
from census.i18n import Message, short_date
from census.model import Severity
from census.read.book import RosterBook
from census.validate.columns import Columns, addresses
from census.values.sex import FEMALE, MALE, UNKNOWN, sex_code

NAT = np.datetime64("NaT", "D")


class Cells:
    """A column only checked for emptiness: cheap presence mask, text fetched per flagged row."""

    def __init__(self, rows: Columns, column: str) -> None:
        self.rows = rows
        self.column = column

    @cached_property
    def present(self) -> np.ndarray:
        """Per row: is the cell filled? The reader writes None for an empty cell; a stray '' and
        a NaN count as empty too."""
        return self.rows.apply(self.column, filled)

    def present_at(self, positions: np.ndarray) -> np.ndarray:
        """`present` at row positions (ascending, as np.flatnonzero gives them) only. The checks
        ask about the cells whose date could not be read, mostly blank: looking at those alone
        costs far less than at the whole column, whose filled cells are each a separate object
        in memory. Positions that are every row (a dose nobody has had) take the column whole."""
        if "present" in self.__dict__ or len(positions) == len(self.rows):
            return np.asarray(self.present[positions], dtype=bool)
        return filled(self.rows.take(self.column, positions))

    def __call__(self, i: int) -> str | None:
        """The cell's text at row position i (for a finding's value)."""
        value = self.rows.at(self.column, i)
        return str(value).strip() if filled(np.array([value], dtype=object))[0] else None


def filled(values: np.ndarray) -> np.ndarray:
    """Per cell: filled (not None, '', or NaN)? As `bool(cell) and cell == cell`, or, when a
    cell has no truth value (pd.NA), `not pd.isna(cell) and cell != ''` for the whole column."""
    if values.dtype == object and len(values):
        # An optional column (phone, remark, a later dose): None, the reader's empty cell, is
        # told by address, and only the other cells are looked at.
        rest = np.flatnonzero(addresses(values) != id(None))
        if rest.size * 2 <= len(values):
            out = np.zeros(len(values), dtype=bool)
            out[rest] = _filled(values[rest])
            return out
    return _filled(values)


def _filled(values: np.ndarray) -> np.ndarray:
    try:
        return _true_and_no_nan(values)
    except TypeError:  # pd.NA has no truth value
        return np.asarray(~pd.isna(values) & (values != ""), dtype=bool)


#: Cells per block of `_true_and_no_nan`: the objects of one block stay in the processor's
#: caches between the block's two passes.
_BLOCK = 1024


def _true_and_no_nan(values: np.ndarray) -> np.ndarray:
    """`bool(cell) and cell == cell` per cell, a block of cells at a time.

    The cells of a read column are text objects scattered over memory, and fetching each one
    costs more than the test: in blocks, the second pass finds the block's cells still cached
    (a whole column's two passes cost nearly twice one; in blocks, little more than one).
    """
    if values.dtype != object:
        return np.asarray(values.astype(bool) & (values == values), dtype=bool)
    out = np.empty(len(values), dtype=bool)
    for start in range(0, len(values), _BLOCK):
        block = values[start:start + _BLOCK]
        out[start:start + _BLOCK] = block.astype(bool) & (block == block)
    return out


class DateCells(Cells):
    """A date column's cells for findings: the text as typed, except a bare number that was
    read as a date (a serial like 44602 in a number cell, whose date format was lost): that is
    the date the secretary meant, given as an ISO date ('2022-02-10'), as for a date cell."""

    def __init__(self, rows: Columns, field: str) -> None:
        super().__init__(rows, f"{field}_raw")
        self.dates = rows.days(field)  # NaT where empty or unreadable

    def __call__(self, i: int) -> str | None:
        text = super().__call__(i)
        if text is not None and _NUMBER.fullmatch(text) and not np.isnat(self.dates[i]):
            return str(self.dates[i])
        return text


_NUMBER = re.compile(r"\d+(?:\.0+)?")


def ymd(dates: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(year, month, day) of datetime64[D] dates as int64 arrays (meaningless where NaT).

    Integer arithmetic on the day numbers (H. Hinnant's civil_from_days): several times cheaper
    than numpy's casts to months and years.
    """
    z = np.asarray(dates, dtype="datetime64[D]").view(np.int64) + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = np.where(mp < 10, mp + 3, mp - 9)
    year = yoe + era * 400 + (month <= 2)
    return year, month, day


#: Small integer ids of sex codes: '' (blank), 'L', 'P', and a value that is no accepted spelling.
SEX_IDS = {"": 0, MALE: 1, FEMALE: 2, UNKNOWN: 3}
_SEXES = np.array(["", MALE, FEMALE, ""], dtype=object)


def sex_ids(rows: Columns) -> np.ndarray:
    """SEX_IDS of each row's sex (0 where empty): census.values.sex.sex_code once per distinct
    value."""
    return rows.lookup("sex", lambda value: SEX_IDS[sex_code(str(value))], missing=SEX_IDS[""],
                       dtype=np.int8)


def sex_texts(ids: np.ndarray) -> np.ndarray:
    """The sex codes ('L', 'P', '': blank or no accepted spelling) of SEX_IDS."""
    return _SEXES[ids]


def whole_years(born: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Age in whole years on `on` of people born on `born` (float, NaN where unknown)."""
    on = np.broadcast_to(on, born.shape)
    years = ((_ymd(on) - _ymd(born)) // 10000).astype(float)
    years[np.isnat(born) | np.isnat(on)] = np.nan
    return years


def _ymd(dates: np.ndarray) -> np.ndarray:
    """Dates as integers yyyymmdd: their difference // 10000 is an age in whole years."""
    year, month, day = ymd(dates)
    return (year * 10000 + month * 100 + day).astype(np.float64)


def show_date(value: Any) -> str:
    """A date as shown in messages: dd-mm-yyyy (census.i18n.short_date); text as it is."""
    return value if isinstance(value, str) else short_date(value)


class Emitter:
    """Collects the Findings of the roster rows of one or more books in one pass; checks hand it
    boolean masks over those rows (vectorised over every workbook at once: the cost of a check
    does not grow with the number of sheets)."""

    def __init__(self, books: list[RosterBook], rows: Columns) -> None:
        self.rows = rows
        self.infos = {(book.file, info.sheet): info for book in books for info in book.sheets}
        self.findings: list[Finding] = []

    @cached_property
    def row_numbers(self) -> np.ndarray:
        """The worksheet row number of each row."""
        return self.rows.values("row")

    @cached_property
    def _placing(self) -> tuple[np.ndarray, list[tuple[str, str]]]:
        """(one code per row for its (file, sheet), the places in order of first appearance).

        A sheet's rows come in runs: neighbours are compared instead of hashing every row's
        texts.
        """
        index: dict[tuple[str, str], int] = {}
        codes: list[np.ndarray] = []
        for files, sheets in zip(self.rows.pieces("file"), self.rows.pieces("sheet"), strict=True):
            files, sheets = np.asarray(files, dtype=object), np.asarray(sheets, dtype=object)
            # The reader's cells of a sheet are one file and one sheet object: neighbours are
            # compared by address, and by text only where the objects differ.
            starts = np.flatnonzero(np.concatenate([[True], _changes(files) | _changes(sheets)]))
            runs = [index.setdefault((str(files[s]), str(sheets[s])), len(index))
                    for s in starts.tolist()]
            lengths = np.diff(np.append(starts, len(files)))
            codes.append(np.repeat(np.array(runs, dtype=np.int64), lengths))
        joined = np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64)
        return joined, list(index)

    @property
    def sheet_codes(self) -> np.ndarray:
        """One code per row for its (file, sheet); `places[code]` is that (file, sheet)."""
        return self._placing[0]

    @property
    def places(self) -> list[tuple[str, str]]:
        return self._placing[1]

    def column_of(self, place: tuple[str, str], field: str) -> tuple[str | None, str | None]:
        """(column letter, header text) of `field` on sheet `place` (file, sheet), (None, None)
        when absent."""
        info = self.infos.get(place)
        if info is None:
            return None, None
        return info.columns.get(field), info.headers.get(field)

    def column_at(self, i: int, field: str) -> tuple[str | None, str | None]:
        """column_of for the sheet of row position `i`."""
        return self.column_of((self.rows.at("file", i), self.rows.at("sheet", i)), field)  # type: ignore[arg-type]

    def has_column(self, field: str, at: np.ndarray | None = None) -> np.ndarray:
        """Per row (or per row position of `at`): does the row's sheet have a column for `field`?"""
        known = np.array(
            [field in getattr(self.infos.get(place), "columns", {}) for place in self.places]
            + [False], dtype=bool,
        )
        return known[self.sheet_codes if at is None else self.sheet_codes[at]]

    def any_column(self, field: str) -> bool:
        """Has the sheet of any row a column for `field`? (has_column(field).any(), cheaper)"""
        return any(field in getattr(self.infos.get(place), "columns", {}) for place in self.places)

    def emit(
        self,
        code: str,
        mask: Any,
        field: str | None,
        value: Any = None,
        severity: Any = None,
        fallback: str | None = None,
        at: np.ndarray | None = None,
        **context: Any,
    ) -> None:
        """Add finding `code` for every row where `mask` holds, on the cell of `field`.

        `value`, `severity` and each context value are a scalar, an array over all rows, or a
        function of the row position (evaluated only for flagged rows). `fallback`: the field
        whose cell is marked when the sheet has no column for `field`. `at`: the row positions
        of a subset of the rows; `mask`, the arrays and the functions are then over the subset.
        """
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        if positions.size == 0:
            return
        value_at = _picker(value)
        severity_at = _picker(severity)
        context_at = {key: _picker(item) for key, item in context.items()}
        rows_at = positions if at is None else at[positions]
        files, sheets = self.rows.take("file", rows_at), self.rows.take("sheet", rows_at)
        numbers, units = self.rows.take("row", rows_at), self.rows.take("unit", rows_at)
        for k, j in enumerate(positions.tolist()):
            place = (files[k], sheets[k])
            column, header = self.column_of(place, field) if field else (None, None)
            if column is None and fallback:
                column, header = self.column_of(place, fallback)
            raw = value_at(j)
            self.findings.append(
                catalogue.make(
                    code,
                    place[0],
                    sheet=place[1],
                    row=int(numbers[k]),
                    column=column,
                    header=header,
                    value=None if _missing(raw) else raw,
                    severity=_severity(severity_at(j)),
                    unit=units[k],
                    **{key: _shown(pick(j)) for key, pick in context_at.items()},
                )
            )

    def emit_sheet(
        self, code: str, book: RosterBook, sheet: str, row: int | None, **context: Any
    ) -> None:
        """Add a finding about a whole sheet of `book` (no cell)."""
        self.findings.append(
            catalogue.make(code, book.file, sheet=sheet, row=row, unit=book.unit, **context)
        )


def _changes(values: np.ndarray) -> np.ndarray:
    """Per cell but the first: does it differ from the cell before it?"""
    where = addresses(values)
    changes = where[1:] != where[:-1]
    at = np.flatnonzero(changes)
    changes[at] = values[at + 1] != values[at]
    return changes


def _picker(item: Any) -> Callable[[int], Any]:
    if isinstance(item, pd.Series):
        item = item.to_numpy(dtype=object)
    if isinstance(item, np.ndarray) and item.ndim == 1:
        return item.__getitem__
    if callable(item):
        return item
    return lambda _i: item


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _severity(value: Any) -> Severity | None:
    return None if _missing(value) or value == "" else Severity(value)


def _shown(value: Any) -> str | Message:
    if isinstance(value, Message):
        return value
    if isinstance(value, np.datetime64 | pd.Timestamp | date):
        return show_date(value)
    if _missing(value):
        return ""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value)
