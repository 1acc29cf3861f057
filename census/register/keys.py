"""Which rows of a health-office export can concern the rosters' people: those whose NIK a roster
shows usably, or whose first 15 digits a NIK cut by a number cell shows (census.register.prefix).

An export covers a whole district (DOMAIN §5): most of its rows are strangers. The reader keeps
only the rows these keys accept, so a million-person export is never held whole. The keys are
integers (one definition here, `digit_keys`): they pickle to the reader's worker as two arrays,
and the polars reader (census.read.csvpolars) judges a NIK of digits without making a string.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar

import numpy as np
import pandas as pd

from census.register.merge import nik_keys
from census.values.nik import NIK_LENGTH, PREFIX_LENGTH, id_digits, sixteen_digit_numbers

#: A text of ASCII digits as one integer: its value * KEY_SCALE + its number of digits, so
#: leading zeros count ('0012345' is not '12345'). KEY_DIGITS digits fit in 64 bits.
KEY_SCALE = 20
KEY_DIGITS = 17
#: The key of a 16-digit NIK // _HEAD_DIVISOR * KEY_SCALE + 15: the key of its first 15 digits.
_HEAD_DIVISOR = 10 ** (NIK_LENGTH - PREFIX_LENGTH) * KEY_SCALE


def digit_keys(values: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The keys of texts of `lengths` ASCII digits (1..KEY_DIGITS) whose value is `values`."""
    return np.asarray(values, dtype=np.int64) * KEY_SCALE + np.asarray(lengths, dtype=np.int64)


def text_keys(texts: np.ndarray) -> np.ndarray:
    """Per text (str or None): its key (digit_keys) when it is 1..KEY_DIGITS ASCII digits, else -1."""
    texts = np.asarray(texts, dtype=object)
    if len(texts) <= _BLOCK:
        return _block_keys(texts)
    # A block at a time: a million texts' code points (~70 bytes each) are never held at once.
    return np.concatenate([_block_keys(texts[at : at + _BLOCK])
                           for at in range(0, len(texts), _BLOCK)])


#: Texts made keys at a time (text_keys).
_BLOCK = 1 << 16


def _block_keys(texts: np.ndarray) -> np.ndarray:
    out = np.full(len(texts), -1, dtype=np.int64)
    if not len(texts):
        return out
    # One code point per column, padded with 0; a text longer than KEY_DIGITS is cut to one
    # more character, so it is seen to be too long.
    wide = KEY_DIGITS + 1
    cut = np.asarray(np.where(pd.isna(texts), "", texts), dtype=f"U{wide}")
    width = np.strings.str_len(cut).astype(np.int64)
    # Below '0' wraps round (uint32): a digit is at most 9, the padding never one, so a text
    # is all digits when its digits are as many as its characters.
    digits = cut.view(np.uint32).reshape(len(cut), wide)[:, :KEY_DIGITS] - np.uint32(ord("0"))
    is_digit = digits <= 9
    ok = (np.count_nonzero(is_digit, axis=1) == width) & (width > 0) & (width <= KEY_DIGITS)
    at = np.flatnonzero(ok)
    # The digits as if KEY_DIGITS long (zeros after the text's own), then divided back.
    powers = 10 ** np.arange(KEY_DIGITS - 1, -1, -1, dtype=np.int64)
    chosen = np.where(is_digit[at], digits[at], 0).astype(np.int64)
    values = chosen @ powers // 10 ** (KEY_DIGITS - width[at])
    out[at] = digit_keys(values, width[at])
    return out


@dataclass(frozen=True)
class ExportKeys:
    """The usable roster NIKs and the 15-digit prefixes of numeric-cell roster NIKs, as keys
    (text_keys); `texts`: NIKs that are no key (other than ASCII digits; none from a roster).

    Called with the NIK cells of export rows (text as typed, None when empty), it tells which
    rows to keep: exactly those the register could match (reconcile looks a NIK up as typed,
    else by its digits; a prefix completes a person's NIK only with a 16-digit export NIK).
    """

    niks: np.ndarray
    prefixes: np.ndarray
    texts: frozenset[str] = field(default_factory=frozenset)
    #: The most digits of a key (for the polars reader, which makes keys of its own cells).
    key_digits: ClassVar[int] = KEY_DIGITS

    @staticmethod
    def digit_keys(values: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """digit_keys (the polars reader's cells of ASCII digits, as numbers, to keys)."""
        return digit_keys(values, lengths)

    @classmethod
    def of(cls, niks: Iterable[str] | np.ndarray,
           prefixes: Iterable[str] | np.ndarray = ()) -> ExportKeys:
        """The keys of these NIK and prefix texts (prefixes: 15 ASCII digits)."""
        nik_texts = _objects(niks)
        keys = text_keys(nik_texts)
        prefix_keys = text_keys(_objects(prefixes))
        return cls(keys[keys >= 0], prefix_keys[prefix_keys >= 0],
                   frozenset(nik_texts[keys < 0].tolist()))

    @cached_property
    def _sorted(self) -> tuple[np.ndarray, np.ndarray]:
        # Sorted once, where the keys are used (not pickled: made after sending). Sorting a
        # million keys and looking up sorted cells cost less than building a hash table of them.
        return _sorted_distinct(self.niks), _sorted_distinct(self.prefixes)

    def kept_keys(self, keys: np.ndarray) -> np.ndarray:
        """Per key (text_keys; -1: none): is it a roster NIK's, or a 16-digit NIK whose first
        15 digits are a prefix's?"""
        niks, prefixes = self._sorted
        keep = _among(keys, niks)
        if len(prefixes):
            full = np.flatnonzero((keys >= 0) & (keys % KEY_SCALE == NIK_LENGTH))
            heads = keys[full] // _HEAD_DIVISOR * KEY_SCALE + PREFIX_LENGTH
            keep[full] |= _among(heads, prefixes)
        return keep & (keys >= 0)

    def __call__(self, cells: np.ndarray) -> np.ndarray:
        values = np.asarray(cells, dtype=object)
        keys = text_keys(values)
        keep = self.kept_keys(keys)
        rest = np.flatnonzero((keys < 0) & pd.notna(values))
        if not rest.size:
            return keep
        # Separators, other digits, no key: rare, one by one (id_digits: ASCII digits or None).
        typed = values[rest]
        keep[rest] = self.kept_keys(text_keys(np.array([id_digits(v) for v in typed.tolist()],
                                                        dtype=object)))
        if self.texts:
            keep[rest] |= np.fromiter((v in self.texts for v in typed.tolist()), dtype=bool,
                                      count=len(rest))
        return keep


def _among(keys: np.ndarray, table: np.ndarray) -> np.ndarray:
    """Per key: is it one of `table`'s (sorted, distinct)?"""
    if not len(table) or not len(keys):
        return np.zeros(len(keys), dtype=bool)
    # The keys looked up in their order: each search starts where the last one ended.
    order = np.argsort(keys)
    ordered = keys[order]
    found = table[np.minimum(np.searchsorted(table, ordered), len(table) - 1)] == ordered
    out = np.empty(len(keys), dtype=bool)
    out[order] = found
    return out


def _sorted_distinct(keys: np.ndarray) -> np.ndarray:
    """The distinct keys, sorted (np.unique hashes int64 in numpy 2.4: 50x slower than this)."""
    ordered = np.sort(keys)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered


def export_keys(
    roster: pd.DataFrame, niks: tuple[pd.Series, pd.Series] | None = None
) -> ExportKeys:
    """The keys of the roster rows (ROSTER_COLUMNS: nik, nik_from_number); `niks`: their
    nik_keys when the caller has them (the register reads them too: made once)."""
    none = np.zeros(0, dtype=np.int64)
    if roster.empty:
        return ExportKeys(none, none)
    usable, prefixes = niks or nik_keys(roster["nik"], roster["nik_from_number"])
    # A usable NIK is 16 ASCII digits: always a key (texts: none), made from its bytes.
    numbers = sixteen_digit_numbers(usable.to_numpy(dtype=object))  # None: -1
    prefix_keys = text_keys(prefixes.dropna().to_numpy(dtype=object))
    return ExportKeys(digit_keys(numbers[numbers >= 0], np.full(1, NIK_LENGTH)),
                      prefix_keys[prefix_keys >= 0])


def _objects(values: Iterable[str] | np.ndarray) -> np.ndarray:
    """The texts as an object array (an array as it is, without a copy)."""
    if isinstance(values, np.ndarray):
        return values.astype(object, copy=False)
    return np.asarray(list(values), dtype=object)
