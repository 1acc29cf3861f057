"""Which rows of a health-office export can concern the rosters' people: those whose NIK a roster
shows usably, or whose first 15 digits a NIK cut by a number cell shows (census.register.prefix).

An export covers a whole district (DOMAIN §5): most of its rows are strangers. The reader keeps
only the rows these keys accept, so a million-person export is never held whole.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from census.register.merge import nik_keys
from census.values.nik import NIK_LENGTH, PREFIX_LENGTH, id_digits


@dataclass(frozen=True)
class ExportKeys:
    """The usable roster NIKs and the 15-digit prefixes of numeric-cell roster NIKs.

    Called with the NIK cells of export rows (text as typed, None when empty), it tells which
    rows to keep: exactly those the register could match (reconcile looks a NIK up as typed,
    else by its digits; a prefix completes a person's NIK only with a 16-digit export NIK).
    """

    niks: frozenset[str]
    prefixes: frozenset[str]

    def __call__(self, cells: np.ndarray) -> np.ndarray:
        # A Python set answers 'is this NIK a roster's?' fastest (3x pandas' isin on text).
        values = np.asarray(cells, dtype=object)
        keep = _members(values, self.niks)
        rest = np.flatnonzero(~keep & pd.notna(values))
        if not rest.size:
            return keep
        typed = pd.Series(values[rest], dtype=object)
        digits = typed.str.isdigit().to_numpy(dtype=bool, na_value=False)
        cleaned = typed.copy()
        cleaned[~digits] = typed[~digits].map(id_digits)  # separators: rare, one by one
        found = _members(cleaned.to_numpy(dtype=object), self.niks)
        if self.prefixes:
            full = (cleaned.str.len() == NIK_LENGTH).to_numpy(dtype=bool, na_value=False)
            heads = cleaned[full].str[:PREFIX_LENGTH].to_numpy(dtype=object)
            found[np.flatnonzero(full)] |= _members(heads, self.prefixes)
        keep[rest] = found
        return keep


def _members(values: np.ndarray, keys: frozenset[str]) -> np.ndarray:
    return np.fromiter((value in keys for value in values.tolist()), dtype=bool,
                       count=len(values))


def export_keys(
    roster: pd.DataFrame, niks: tuple[pd.Series, pd.Series] | None = None
) -> ExportKeys:
    """The keys of the roster rows (ROSTER_COLUMNS: nik, nik_from_number); `niks`: their
    nik_keys when the caller has them (the register reads them too: made once)."""
    if roster.empty:
        return ExportKeys(frozenset(), frozenset())
    usable, prefixes = niks or nik_keys(roster["nik"], roster["nik_from_number"])
    return ExportKeys(frozenset(usable.dropna().tolist()), frozenset(prefixes.dropna().tolist()))
