"""The roster table from column arrays: one workbook's sheets joined into one table at once."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from census.model import DATE_FIELDS, ROSTER_COLUMNS

_BOOL_COLUMNS = ("nik_from_number", "nip_from_number")
_OBJECT_COLUMNS = [
    name for name in ROSTER_COLUMNS
    if name != "row" and name not in _BOOL_COLUMNS and name not in DATE_FIELDS
]
_NAT = np.datetime64("NaT", "ns")


@dataclass
class SheetRows:
    """One sheet's roster rows as column arrays (ROSTER_COLUMNS names; an absent column is
    empty), `length` rows long. `dates`: the cells of its date columns, not yet parsed (a
    workbook's dates are parsed in one batch, then `data` gets them). `shared_brand`: the
    texts of one 'Jenis Vaksin' column for every primary dose, given out once dates are known."""

    data: dict[str, np.ndarray]
    length: int
    dates: dict[str, np.ndarray] = field(default_factory=dict)
    shared_brand: np.ndarray | None = None


def empty_roster() -> pd.DataFrame:
    """A roster table with no rows and the right column types."""
    return roster_frame({}, 0)


def joined_frame(sheets: list[SheetRows]) -> pd.DataFrame:
    """The roster table of several sheets' rows, in order (as pd.concat of their tables)."""
    sheets = [sheet for sheet in sheets if sheet.length]
    if len(sheets) == 1:
        return roster_frame(sheets[0].data, sheets[0].length)
    names = {name for sheet in sheets for name in sheet.data}
    data = {
        name: np.concatenate([_column(sheet, name) for sheet in sheets]) for name in names
    }
    return roster_frame(data, sum(sheet.length for sheet in sheets))


def _column(sheet: SheetRows, name: str) -> np.ndarray:
    """Column `name` of a sheet, filled as roster_frame fills an absent one."""
    value = sheet.data.get(name)
    if name in _OBJECT_COLUMNS:
        if value is None:
            return np.full(sheet.length, None, dtype=object)
        return np.asarray(value, dtype=object)
    if name == "row":
        return np.asarray(value, dtype=np.int64)
    if name in _BOOL_COLUMNS:
        return np.zeros(sheet.length, dtype=bool) if value is None else np.asarray(value, dtype=bool)
    if value is None:
        return np.full(sheet.length, _NAT)
    return np.asarray(value, dtype="datetime64[ns]")


def roster_frame(data: dict[str, np.ndarray], length: int) -> pd.DataFrame:
    """The roster table from column arrays; absent columns are filled with None / NaT / False."""
    # The text columns go into one object block (one fill, no consolidation copy afterwards).
    block = np.empty((length, len(_OBJECT_COLUMNS)), dtype=object, order="F")  # all None
    for i, name in enumerate(_OBJECT_COLUMNS):
        value = data.get(name)
        if value is not None:
            block[:, i] = value
    frame = pd.DataFrame(block, columns=_OBJECT_COLUMNS, dtype=object, copy=False)
    for position, name in enumerate(ROSTER_COLUMNS):
        if name in _OBJECT_COLUMNS:
            continue
        value = data.get(name)
        if name == "row":
            column = np.asarray(value if value is not None else np.zeros(length), dtype=np.int64)
        elif name in _BOOL_COLUMNS:
            column = np.asarray(value if value is not None else np.zeros(length), dtype=bool)
        else:
            column = (
                np.asarray(value, dtype="datetime64[ns]")
                if value is not None
                else np.full(length, _NAT)
            )
        frame.insert(position, name, column)
    return frame
