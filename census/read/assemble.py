"""The roster table from column arrays: one workbook's sheets joined into one table at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from pandas.api.internals import create_dataframe_from_blocks

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
    return joined_frame([])


def roster_frame(data: dict[str, np.ndarray], length: int) -> pd.DataFrame:
    """The roster table from column arrays; absent columns are filled with None / NaT / False."""
    return joined_frame([SheetRows(data, length)])


def joined_frame(sheets: list[SheetRows]) -> pd.DataFrame:
    """The roster table of several sheets' rows, in order (as pd.concat of their tables);
    a sheet's absent columns are None / NaT / False.

    Each kind of column (text, row number, flags, dates) is one block of the table, written
    sheet by sheet into place: no column is copied twice, and the table is made whole at once
    rather than column by column.
    """
    sheets = [sheet for sheet in sheets if sheet.length]
    length = sum(sheet.length for sheet in sheets)
    blocks = {
        kind: (template(len(names), length), names) for kind, (names, template) in _BLOCKS.items()
    }
    offset = 0
    for sheet in sheets:
        end = offset + sheet.length
        for block, names in blocks.values():
            for i, name in enumerate(names):
                value = sheet.data.get(name)
                if value is not None:
                    block[i, offset:end] = value
        offset = end
    return create_dataframe_from_blocks(
        [(block, _PLACES[kind]) for kind, (block, _) in blocks.items()],
        index=pd.RangeIndex(length),
        columns=_COLUMNS,
    )


#: The blocks of the roster table: kind → (its columns, an empty block of n columns × rows).
_BLOCKS: dict[str, tuple[list[str], Callable[[int, int], np.ndarray]]] = {
    "text": (_OBJECT_COLUMNS, lambda n, length: np.full((n, length), None, dtype=object)),
    "row": (["row"], lambda n, length: np.zeros((n, length), dtype=np.int64)),
    "flag": (list(_BOOL_COLUMNS), lambda n, length: np.zeros((n, length), dtype=bool)),
    "date": (list(DATE_FIELDS), lambda n, length: np.full((n, length), _NAT)),
}
_COLUMNS = pd.Index(list(ROSTER_COLUMNS))
#: Where each block's columns stand in the table.
_PLACES = {
    kind: np.array([_COLUMNS.get_loc(name) for name in names], dtype=np.intp)
    for kind, (names, _) in _BLOCKS.items()
}
