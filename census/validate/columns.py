"""The roster rows the checks read: one table, or the tables of several books, never joined whole."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd


class Columns:
    """The columns of the rows of several roster tables, in order, read without joining them.

    A check asks for what it needs: a result per table joined (`apply`: presence, codes), the
    cells at some rows (`take`), or, rarely, the whole column (`values`). Joining every column
    of every book up front copies each text cell once more, which cost as much as all the
    checks of a clean roster together.
    """

    def __init__(self, frames: list[pd.DataFrame]) -> None:
        self.frames = [frame for frame in frames if len(frame)]
        sizes = [len(frame) for frame in self.frames]
        self.starts = np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)])
        self.parts: dict[str, list[np.ndarray]] = {}
        self.joined: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return int(self.starts[-1])

    def pieces(self, name: str) -> list[np.ndarray]:
        """Column `name` of each table (no copy)."""
        parts = self.parts.get(name)
        if parts is None:
            parts = self.parts[name] = [_column(frame, name) for frame in self.frames]
        return parts

    def apply(self, name: str, function: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
        """`function` of each table's column `name` (an array per row), joined."""
        results = [function(part) for part in self.pieces(name)]
        return np.concatenate(results) if len(results) != 1 else results[0]

    def lookup(
        self, name: str, function: Callable[[Any], Any], missing: Any = None, dtype: Any = object
    ) -> np.ndarray:
        """`function` of each distinct value of column `name` (`missing` where empty), per row."""
        return lookup(self.pieces(name), function, missing, dtype)

    def values(self, name: str) -> np.ndarray:
        """The whole column `name` (joined once; one table's column as a read-only view)."""
        joined = self.joined.get(name)
        if joined is None:
            parts = self.pieces(name)
            if len(parts) == 1:
                # The table's own column: copying a text column costs a look at every cell.
                joined = parts[0].view()
                joined.flags.writeable = False
            else:
                joined = np.concatenate(parts) if parts else np.empty(0, dtype=object)
            self.joined[name] = joined
        return joined

    def take(self, name: str, positions: np.ndarray) -> np.ndarray:
        """Column `name` at row positions `positions` (ascending, as np.flatnonzero gives them)."""
        positions = np.asarray(positions, dtype=np.int64)
        parts = self.pieces(name)
        if name in self.joined or len(parts) <= 1:
            return self.values(name)[positions]
        if positions.size > 1 and (np.diff(positions) < 0).any():
            order = np.argsort(positions, kind="stable")
            out = np.empty_like(taken := self.take(name, positions[order]))
            out[order] = taken
            return out
        # Each table's share of the positions is one slice of them.
        bounds = np.searchsorted(positions, self.starts).tolist()
        return np.concatenate([
            part[positions[bounds[k]:bounds[k + 1]] - self.starts[k]]
            for k, part in enumerate(parts)
        ])

    def at(self, name: str, i: int) -> object:
        """Column `name` at row position i."""
        return self.take(name, np.array([i]))[0]

    def series(self, name: str) -> pd.Series:
        """The whole column `name` as a Series (for helpers that take one)."""
        return pd.Series(self.values(name), copy=False)

    def flags(self, name: str) -> np.ndarray:
        """A true/false column (empty cells false)."""
        return self.apply(name, _flags)

    def days(self, name: str) -> np.ndarray:
        """A date column as numpy datetime64[D] (NaT where empty or unreadable)."""
        parts = self.pieces(name)
        if len(parts) > 1 and all(part.dtype.kind == "M" for part in parts):
            # Date columns joined first: one conversion instead of one per table.
            return np.concatenate(parts).astype("datetime64[D]")
        return self.apply(name, _days)


def _column(frame: pd.DataFrame, name: str) -> np.ndarray:
    """frame[name].to_numpy(), without building a Series: with a table per book, the checks ask
    for a thousand columns, and a Series costs more than a small table's check. The public ways
    measured (pandas 3.1, 40 tables of 35 columns): frame[name].to_numpy() ~24 µs a column,
    frame.items() ~19, select_dtypes/iloc/loc of a kind of column then to_numpy() (views of
    the same memory) 20-70; pandas' own _get_column_array ~4, so it stays, with the public
    fallback when a pandas lacks it."""
    get = getattr(frame, "_get_column_array", None)  # pandas' own, private: used if present
    if get is not None and frame.columns.is_unique:
        return np.asarray(get(frame.columns.get_loc(name)))
    return frame[name].to_numpy()


def addresses(values: np.ndarray) -> np.ndarray:
    """Where each cell's object lives (CPython's id()), for an object array, read from the
    array's own pointers (a read-only view, no copy): the objects themselves are not touched.

    Cells that are one object (a sex code, a brand shared by the reader, None) compare and hash
    as integers, while looking at each object costs a fetch from memory per cell."""
    view = np.frombuffer(np.ascontiguousarray(values, dtype=object), dtype=np.uintp)
    view.flags.writeable = False
    return view


def lookup(
    parts: list[np.ndarray], function: Callable[[Any], Any], missing: Any = None,
    dtype: Any = object,
) -> np.ndarray:
    """`function` applied to each distinct non-missing value of `parts` joined (None, NaN and
    pd.NA: `missing`), spread back over their rows.

    Rosters repeat the same brands, sexes and categories thousands of times: computing once per
    distinct value keeps Python work proportional to the distinct values, not the rows. Cells
    that are one object are one value, so the cells are told apart by address first (a
    reader's brand column is a handful of objects): the objects are looked at, not the cells.
    """
    if not parts:
        return np.empty(0, dtype=dtype)
    if any(part.dtype != object for part in parts):
        values = np.concatenate(parts) if len(parts) > 1 else parts[0]
        return _lookup_values(values, function, missing, dtype)
    where = np.concatenate([addresses(p) for p in parts]) if len(parts) > 1 else addresses(parts[0])
    if where.size and (where == id(None)).all():  # a dose nobody has had, a column absent
        return np.full(where.size, missing, dtype=dtype)
    codes, _ = pd.factorize(where)
    # Codes count up in order of first appearance: where the running maximum grows, a code
    # is met for the first time, and its object is fetched from there (the others never).
    firsts = np.flatnonzero(np.diff(np.maximum.accumulate(codes), prepend=-1))
    bounds = np.searchsorted(firsts, np.cumsum([0, *(len(part) for part in parts)])).tolist()
    start, pieces = 0, []
    for k, part in enumerate(parts):
        pieces.append(part[firsts[bounds[k]:bounds[k + 1]] - start])
        start += len(part)
    objects = np.concatenate(pieces) if len(pieces) > 1 else pieces[0]
    return _lookup_values(objects, function, missing, dtype)[codes]


def _lookup_values(
    values: np.ndarray, function: Callable[[Any], Any], missing: Any, dtype: Any
) -> np.ndarray:
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped = np.array([*(function(value) for value in uniques), missing], dtype=dtype)
    return mapped[codes]


def _flags(values: np.ndarray) -> np.ndarray:
    if values.dtype == bool:
        return values
    return pd.Series(values).fillna(False).to_numpy(dtype=bool)


def _days(values: np.ndarray) -> np.ndarray:
    if values.dtype.kind == "M":
        return values.astype("datetime64[D]")
    column = pd.Series(values)
    if not pd.api.types.is_datetime64_any_dtype(column):
        column = pd.to_datetime(column, errors="coerce")
    return column.to_numpy(dtype="datetime64[D]")
