"""Small columnar helpers the register and status stages share."""

from __future__ import annotations

import numpy as np
import pandas as pd


def join_by(keys: pd.Series, values: pd.Series, sep: str) -> pd.Series:
    """`values` joined with `sep` per key, in the order given (a fast groupby(...).agg(sep.join)).

    Empty values are skipped; keys with no value are absent from the result. Most keys have a
    single value, which needs no joining; only the others go through Python.
    """
    present = values.notna().to_numpy()
    key = keys.to_numpy()[present]
    value = values.to_numpy(dtype=object)[present]
    if len(key) == 0:
        return pd.Series([], dtype=object)
    order = np.argsort(key, kind="stable")
    key, value = key[order], value[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    ends = np.r_[starts[1:], len(key)]
    joined = value[starts].copy()
    several = np.flatnonzero(ends - starts > 1)
    for index in several:
        joined[index] = sep.join(value[starts[index] : ends[index]])
    return pd.Series(joined, index=key[starts], dtype=object)


def first_valid(groups: np.ndarray, values: pd.Series | np.ndarray, count: int) -> np.ndarray:
    """Per group 0..count-1: the first non-empty value in array order (None / NaT when none).

    A fast groupby(...).first() for one column: most groups have one row, and groupby on
    object columns costs seconds per million rows.
    """
    series = values if isinstance(values, pd.Series) else pd.Series(values)
    mask = series.notna().to_numpy()
    array = series.to_numpy()
    if np.issubdtype(array.dtype, np.datetime64):
        out = np.full(count, np.datetime64("NaT"), dtype=array.dtype)
    else:
        array = series.to_numpy(dtype=object)
        out = np.full(count, None, dtype=object)
    present = groups[mask]
    if len(present):
        unique, index = np.unique(present, return_index=True)
        out[unique] = array[mask][index]
    return out
