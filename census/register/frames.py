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
