"""What the reader returns for one workbook: its sheets as understood, and its roster rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from census.findings import Finding


@dataclass(frozen=True)
class RawSheet:
    """One worksheet's cells as read: `rows` with the empty outer area cut off, `start` the
    (row, column) of rows[0][0] (0-based), `merged` calamine's merged ranges, `formulas` the
    cells (like 'B7') holding a formula whose value was never saved, `date1904` whether its
    workbook counts serial numbers from 1904 (old Mac Excel; never for a CSV or web page)."""

    name: str
    rows: list[list]
    start: tuple[int, int] = (0, 0)
    merged: list = field(default_factory=list)
    formulas: tuple[str, ...] = ()
    date1904: bool = False


@dataclass(frozen=True)
class SheetInfo:
    """How one worksheet was understood.

    `category`: the sheet's Category value from its name, or None when rows carry their own
    category (a category column) or the sheet is not a roster. `header_row`: the worksheet row
    of the (last) header row, None when no header was found. `columns`: canonical field →
    column letter. `headers`: canonical field → header text as shown (a two-row header joined
    as 'Vaksin Dosis 1 Tanggal'). `rows`: number of data rows read. `first_data_row`: worksheet
    row of the first data row (None when there is none). `findings`: what the reader itself
    found (header-not-found), so validation can report it. `formulas`: cells ('B7') holding a
    formula whose value was never saved (read as empty). `cases`: a Kasus / Terpapar sheet with a
    header row naming people (case records, read by census.cases).
    """

    sheet: str
    category: str | None
    header_row: int | None
    columns: dict[str, str]
    headers: dict[str, str]
    rows: int
    first_data_row: int | None = None
    findings: tuple[Finding, ...] = ()
    formulas: tuple[str, ...] = ()
    cases: bool = False

    @property
    def is_roster(self) -> bool:
        """Was a table of people (a header with a name column) found on this sheet?"""
        return self.header_row is not None


@dataclass(frozen=True)
class RosterBook:
    """One roster workbook as read: its path, unit code (file stem), sheets and roster rows.

    `rows` has exactly the columns of census.model.ROSTER_COLUMNS, in that order.
    """

    path: Path
    unit: str
    sheets: list[SheetInfo]
    rows: pd.DataFrame = field(repr=False)

    @property
    def file(self) -> str:
        """The workbook's file name, as findings name it."""
        return self.path.name

    @property
    def has_roster(self) -> bool:
        """Does any sheet hold a table of people, or COVID-19 case records (a Kasus sheet)?
        (A city's case counts per village, a workbook of empty sheets do not.)"""
        return any(info.is_roster or info.cases for info in self.sheets)

    def sheet(self, name: str) -> SheetInfo:
        """The SheetInfo of sheet `name`."""
        return next(info for info in self.sheets if info.sheet == name)
