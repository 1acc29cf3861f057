"""The common health-office CSV export (UTF-8, no quote, no bare CR) read columnar by polars.

pandas' C parser makes a Python string of every cell of the needed columns before the rows of
people on no roster can be left out. polars' reader parses the needed columns as compact text on
all cores, leaves out the strangers' rows before any cell becomes a Python object (when the keys
are given as sets, census.register.keys.ExportKeys), and gives a column of few distinct values
(dates, doses, brands, facilities) as its distinct values and a code per row, so each distinct
value becomes one Python string. Anything this reader cannot promise to read exactly as the
pandas reader does (another encoding, a quote character, a bare carriage return, a NUL byte, a
line break Python splits on but a CSV parser does not, a parse error) answers None: the caller
reads the file with pandas.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

#: Which export rows to keep, from their NIK cells as typed (None: empty).
RowFilter = Callable[[np.ndarray], np.ndarray]
#: From the NIK cells of some rows: (which to keep, how many with a NIK are left out).
Kept = Callable[[np.ndarray], tuple[np.ndarray, int]]

#: Bytes of the file looked at a time for what this reader cannot read as pandas does.
_BLOCK_BYTES = 16 << 20
#: Columns whose distinct values are few (dates, doses, brands, facilities): read as codes.
_FEW_VALUES = ("birth_date", "date", "dose", "brand", "facility")
#: Line breaks of str.splitlines (the header is found on them) that a CSV parser does not see.
_ODD_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


@runtime_checkable
class KeySets(Protocol):
    """A row filter that also tells its keys as sets (census.register.keys.ExportKeys): a row
    is kept when its NIK, as typed, is one of `niks`, or its first 15 digits (of 16) one of
    `prefixes`; a NIK other than ASCII digits is left to the filter itself."""

    niks: frozenset[str]
    prefixes: frozenset[str]

    def __call__(self, cells: np.ndarray) -> np.ndarray: ...


@dataclass(frozen=True)
class Cells:
    """A column of cells: its `values` (object array) and, per row, which (`codes`; None when
    `values` has one cell per row)."""

    values: np.ndarray
    codes: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.values) if self.codes is None else len(self.codes)

    def take(self, per_value: np.ndarray) -> np.ndarray:
        """Per row, the item of `per_value` (one per value) of its value."""
        return per_value if self.codes is None else per_value[self.codes]

    def rows(self, which: np.ndarray) -> Cells:
        """The cells of the rows `which` (indices or a mask)."""
        if self.codes is None:
            return Cells(self.values[which])
        return Cells(self.values, self.codes[which])


def polars_columns(
    path: Path, encoding: str, delimiter: str, top: int, found: dict[str, int],
    keep: RowFilter | None, kept: Kept,
) -> tuple[dict[str, Cells], np.ndarray, int] | None:
    """(registry field → cells, CSV line of each row, rows left out by `keep`) as
    census.read.registry reads them with pandas, or None when this reader cannot promise that.
    `top`: the header's line; `found`: registry field → column; `kept`: `keep` on NIK cells as
    they are read (census.read.registry._kept)."""
    if encoding not in ("utf-8", "utf-8-sig") or len(delimiter) != 1:
        return None
    if not _plain(path, top):
        return None
    import polars as pl  # only here: its import costs ~0.1 s that no other reading needs

    labels = {name: f"column_{j + 1}" for name, j in found.items()}
    sets = _numbered(keep) if isinstance(keep, KeySets) and _NUMBERED else None
    try:
        batches = pl.scan_csv(
            path, has_header=False, separator=delimiter, quote_char=None, skip_rows=top + 1,
            infer_schema=False, encoding="utf8", raise_if_empty=False,
            row_index_name="line", row_index_offset=top + 2,
        ).select(
            "line", *(pl.col(label).fill_null("").alias(name) for name, label in labels.items())
        ).collect_batches(chunk_size=_BATCH_ROWS)
        parts: list[dict[str, Cells]] = []
        lines: list[np.ndarray] = []
        dropped = 0
        for batch in batches:
            if keep is not None:
                mask, strangers = _judged(batch["nik"], sets, kept)
                batch = batch.filter(pl.Series(mask))
                dropped += strangers
            lines.append(batch["line"].to_numpy().astype(np.int64))
            parts.append({name: _cells(batch[name], name in _FEW_VALUES) for name in labels})
    except (pl.exceptions.PolarsError, OSError):
        return None  # a column missing, not UTF-8 after all: pandas decides
    if not parts:
        return None
    columns = {name: _joined_cells([part[name] for part in parts]) for name in labels}
    return columns, np.concatenate(lines), dropped


#: Rows of the export parsed at a time: memory stays bounded whatever the export's size.
_BATCH_ROWS = 250_000
#: An ASCII-digit NIK of at most this many digits is judged by number (digits * 20 + length).
_KEY_DIGITS = 17
_NUMBERED = True


@dataclass(frozen=True)
class _Numbered:
    """KeySets as numbers: the roster NIKs' and the prefixes' keys (see _keys), sorted."""

    niks: np.ndarray
    prefixes: np.ndarray


def _numbered(sets: KeySets) -> _Numbered:
    """The keys as numbers: a hash table of numbers answers 'is it a roster's NIK?' with no
    Python string made. A key of other than ASCII digits can only equal a cell of other than
    ASCII digits: those cells are left to the filter itself (_judged)."""
    import polars as pl

    def index(values: frozenset[str]) -> np.ndarray:
        numbers = _keys(pl.Series(list(values), dtype=pl.String))
        return np.sort(numbers[numbers >= 0])

    return _Numbered(index(sets.niks), index(sets.prefixes))


def _keys(cells: object) -> np.ndarray:
    """Per cell of ASCII digits (at most _KEY_DIGITS): digits * 20 + length; else -1."""
    import polars as pl

    assert isinstance(cells, pl.Series)
    frame = cells.to_frame("cell").select(
        pl.when(pl.col("cell").str.contains(f"^[0-9]{{1,{_KEY_DIGITS}}}$"))
        .then(pl.col("cell").cast(pl.Int64) * 20 + pl.col("cell").str.len_bytes())
        .otherwise(-1)
        .alias("key")
    )
    return frame["key"].to_numpy()


def _judged(nik: object, sets: _Numbered | None, kept: Kept) -> tuple[np.ndarray, int]:
    """(which rows of a batch to keep, how many with a NIK are left out), judged on their NIK
    cells: by number where the keys are sets (a 16-digit NIK also by its first 15 digits, as
    census.register.keys does), by `kept` for every other cell."""
    import polars as pl

    assert isinstance(nik, pl.Series)
    if sets is None:
        return kept(nik.to_numpy().astype(object, copy=False))
    keys = _keys(nik)
    numbered = keys >= 0
    mask = _among(keys, sets.niks)
    if len(sets.prefixes):
        full = np.flatnonzero(keys % 20 == 16)
        heads = keys[full] // 200 * 20 + 15  # the first 15 of 16 digits, as a key
        mask[full] |= _among(heads, sets.prefixes)
    mask &= numbered
    strangers = int(np.count_nonzero(numbered & ~mask))
    other = np.flatnonzero(~numbered)
    if other.size:
        mask[other], more = kept(nik.gather(other).to_numpy().astype(object, copy=False))
        strangers += more
    return mask, strangers


def _among(keys: np.ndarray, ordered: np.ndarray) -> np.ndarray:
    """Per key: is it one of `ordered` (sorted)?"""
    if not len(ordered):
        return np.zeros(len(keys), dtype=bool)
    at = np.minimum(np.searchsorted(ordered, keys), len(ordered) - 1)
    return np.asarray(ordered[at] == keys)


def _cells(column: object, few: bool) -> Cells:
    """A polars text column as Cells: coded when its values are few (each a Python string once)."""
    import polars as pl

    assert isinstance(column, pl.Series)
    if not few:
        return Cells(column.to_numpy().astype(object, copy=False))
    values = column.unique()
    codes = column.cast(pl.Enum(values)).to_physical().to_numpy()
    return Cells(np.asarray(values.to_list(), dtype=object), codes)


def _joined_cells(parts: list[Cells]) -> Cells:
    """The cells of batches one after the other (a value may come once per batch)."""
    values = np.concatenate([part.values for part in parts])
    if parts[0].codes is None:
        return Cells(values)
    offsets = np.cumsum([0] + [len(part.values) for part in parts[:-1]])
    codes = [part.codes + offset for part, offset in zip(parts, offsets, strict=True)
             if part.codes is not None]
    return Cells(values, np.concatenate(codes))


def _plain(path: Path, top: int) -> bool:
    """No quote character, NUL byte or bare carriage return in the file (read a block at a
    time), and no odd line break up to the header line `top`: then a line is a row to pandas
    and to polars alike, and no cell can hold a delimiter or a line break."""
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
        lines = head.split(b"\n")[: top + 1]
        if len(lines) <= top or any(
            char in b"\n".join(lines).decode("utf-8", "replace") for char in _ODD_BREAKS
        ):
            return False  # the header far down, or lines str.splitlines counts otherwise
        handle.seek(0)
        returns = pairs = 0
        last = b""
        while block := handle.read(_BLOCK_BYTES):
            if b'"' in block or b"\x00" in block:
                return False
            if b"\r" in block:
                returns += block.count(b"\r")
                pairs += block.count(b"\r\n")
            if last == b"\r" and block.startswith(b"\n"):
                pairs += 1  # a CRLF across two blocks
            last = block[-1:]
    return returns == pairs
