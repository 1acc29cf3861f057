"""Small columnar helpers the register and status stages share."""

from __future__ import annotations

import numpy as np
import pandas as pd


def join_by(keys: pd.Series, values: pd.Series, sep: str) -> pd.Series:
    """`values` joined with `sep` per key, in the order given (a fast groupby(...).agg(sep.join)).

    Empty values are skipped; keys with no value are absent from the result, which is sorted by
    key. The keys are turned into integer codes once; the joining itself is vectorised.
    """
    present = values.notna().to_numpy()
    key = keys.to_numpy()[present]
    value = values.to_numpy(dtype=object)[present]
    if len(key) == 0:
        return pd.Series([], dtype=object)
    codes, uniques = pd.factorize(key, sort=True)
    joined = join_groups(codes, value, len(uniques), sep)
    return pd.Series(joined, index=uniques, dtype=object)


def join_groups(groups: np.ndarray, values: np.ndarray, count: int, sep: str) -> np.ndarray:
    """Per group 0..count-1: its values (None skipped) joined with `sep` in array order, None
    when it has none.

    No Python loop over groups: the k-th value of every group is appended in one vectorised
    step per k (groups rarely hold more than a few values).
    """
    out = np.full(count, None, dtype=object)
    keep = np.flatnonzero(pd.notna(values))
    if not keep.size:
        return out
    order = keep[np.argsort(groups[keep], kind="stable")]
    group = np.asarray(groups)[order]
    value = np.asarray(values, dtype=object)[order]
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    rank = np.arange(len(group)) - np.repeat(starts, np.diff(np.r_[starts, len(group)]))
    first = rank == 0
    out[group[first]] = value[first]
    later = np.flatnonzero(~first)
    separator = np.array([sep], dtype=object)
    k = 1
    while later.size:
        now = later[rank[later] == k]
        out[group[now]] = out[group[now]] + separator + value[now]
        later = later[rank[later] > k]
        k += 1
    return out


def first_valid(groups: np.ndarray, values: pd.Series | np.ndarray, count: int,
                order: np.ndarray | None = None) -> np.ndarray:
    """Per group 0..count-1: the first non-empty value in array order (None / NaT when none).

    A fast groupby(...).first() for one column: most groups have one row, and groupby on
    object columns costs seconds per million rows. `order`: np.argsort(groups, kind="stable"),
    for several columns of the same groups (one sort instead of one per column).
    """
    series = values if isinstance(values, pd.Series) else pd.Series(values)
    mask = series.notna().to_numpy()
    array = series.to_numpy()
    if np.issubdtype(array.dtype, np.datetime64):
        out = np.full(count, np.datetime64("NaT"), dtype=array.dtype)
    else:
        array = series.to_numpy(dtype=object)
        out = np.full(count, None, dtype=object)
    if order is not None:
        at = order[mask[order]]  # rows with a value, by group, in array order within each
        group = groups[at]
        first = at[np.r_[True, group[1:] != group[:-1]]] if len(at) else at
        out[groups[first]] = array[first]
        return out
    present = groups[mask]
    if len(present):
        unique, index = np.unique(present, return_index=True)
        out[unique] = array[mask][index]
    return out


def sort_codes(values: pd.Series) -> np.ndarray:
    """Integer codes in the values' sort order, missing values last (as sort_values puts
    them): sorting on them with np.lexsort is sorting on the text, without comparing text."""
    codes, uniques = sorted_codes(values)
    return np.where(codes < 0, len(uniques), codes)


def sorted_codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(code of each value: its position in the sorted distinct values, -1 when missing; those
    distinct values, as an object array)."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), sort=True)
    return codes, np.asarray(uniques, dtype=object)


def positions(index: pd.Index, values: pd.Series) -> np.ndarray:
    """index.get_indexer(values) (-1: absent), looking up each run of equal values once: tables
    sorted by person_id repeat a person's id on consecutive rows."""
    array = values.to_numpy(dtype=object)
    if not len(array):
        return np.zeros(0, dtype=np.intp)
    starts = np.r_[True, array[1:] != array[:-1]]
    runs = array[starts]
    found = _sorted_positions(index, runs)
    if found is None:
        found = index.get_indexer(pd.Index(runs, dtype=object))
    return found[np.cumsum(starts) - 1]


def _sorted_positions(index: pd.Index, wanted: np.ndarray) -> np.ndarray | None:
    """index.get_indexer(wanted) when the index holds ASCII texts in strictly ascending order
    (person ids): a binary search on fixed-width bytes, compared in C, instead of a hash table
    of Python strings (half the time per million). None when the index is not such a one."""
    texts = index.to_numpy(dtype=object)
    if not len(texts) or pd.isna(texts).any() or pd.isna(wanted).any():
        return None
    try:
        keys, asked = texts.astype("S"), wanted.astype("S")  # non-ASCII text raises
    except (UnicodeEncodeError, TypeError, ValueError):
        return None
    if not (keys[1:] > keys[:-1]).all():
        return None
    at = np.minimum(np.searchsorted(keys, asked), len(keys) - 1)
    return np.where(keys[at] == asked, at, -1).astype(np.intp)


#: Days in nanoseconds: datetime keys of whole days are combined as day numbers.
_DAY_NS = 86_400 * 10**9


def lexsort_ints(keys: tuple[np.ndarray, ...]) -> np.ndarray:
    """np.lexsort(keys) (the last key sorts first; stable) for integer, bool and datetime64 keys.

    np.lexsort sorts once per key (about a second for two keys of 2.4 million entries); when
    the keys' ranges fit, they are combined into one int64 and sorted once (a tenth of that).
    NaT sorts last, as np.lexsort puts it. Other keys, or ranges too wide: np.lexsort itself.
    """
    if not keys or not len(keys[0]):
        return np.lexsort(keys)
    combined = np.zeros(len(keys[0]), dtype=np.int64)
    scale = 1
    for key in keys:  # least significant first
        values = _as_int64(np.asarray(key))
        if values is None:
            return np.lexsort(keys)
        low, high = int(values.min()), int(values.max())
        span = high - low + 1
        if scale * span >= 1 << 62:
            return np.lexsort(keys)
        if scale > 1 or low:
            combined += (values - low) * scale
        else:
            combined += values
        scale *= span
    return np.argsort(combined, kind="stable")


def _as_int64(key: np.ndarray) -> np.ndarray | None:
    """The key as int64 in the same order (datetimes: whole days as day numbers, NaT after
    every date), None when it cannot be."""
    if key.dtype == bool or np.issubdtype(key.dtype, np.integer):
        if key.dtype == np.uint64 and len(key) and int(key.max()) >= 1 << 63:
            return None
        return key.astype(np.int64)
    if not np.issubdtype(key.dtype, np.datetime64):
        return None
    values = key.astype("datetime64[ns]").view(np.int64)
    missing = np.isnat(key)
    present = values[~missing]
    # Not whole days: the nanoseconds themselves (a copy: NaT is overwritten below).
    days = values.copy() if len(present) and (present % _DAY_NS).any() else values // _DAY_NS
    if missing.any():
        days[missing] = (int(days[~missing].max()) + 1) if len(present) else 0
    return days
