"""The common health-office CSV export (UTF-8, no quote, no bare CR) read columnar by polars.

pandas' C parser makes a Python string of every cell of the needed columns before the rows of
people on no roster can be left out. polars parses the needed columns as compact text on all
cores, a batch at a time; the strangers whose NIK is digits are left out by number (a sorted
array of the roster keys, census.register.keys.ExportKeys) before any of their cells becomes a
Python object; a kept NIK becomes one Python string however many doses its person had, and a
column of few values (dates, doses, brands, facilities) is coded by polars, each value one
string. Anything this reader cannot promise to read exactly as the pandas reader does (another
encoding, a quote character, a bare carriage return, a NUL byte, a line break Python splits on
but a CSV parser does not, a parse error) answers None: the caller reads the file with pandas.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np
import pandas as pd

#: Which export rows to keep, from their NIK cells as typed (None: empty).
RowFilter = Callable[[np.ndarray], np.ndarray]
#: From the NIK cells of some rows: (which to keep, how many with a NIK are left out).
Kept = Callable[[np.ndarray], tuple[np.ndarray, int]]

#: A smaller export is read by pandas: polars' import (~0.3 CPU-s) would cost more than it saves
#: (measured: an export of 100,000 people, 16 MB, 0.8-1.0 CPU-s either way; 1M people, 160 MB,
#: 10.7 → 6.3 CPU-s).
SMALLEST_BYTES = 32 << 20
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
    if path.stat().st_size < SMALLEST_BYTES:
        return None  # pandas reads it in less time than polars takes to import
    start = _data_start(path, top)
    if start is None:
        return None
    import polars as pl  # only here: its import (~0.3 s) is for this reading alone

    labels = {name: f"column_{j + 1}" for name, j in found.items()}
    sets = _numbered(keep) if isinstance(keep, KeySets) else None
    # The file is handed to polars a block of lines at a time (not mapped whole, which would
    # hold its pages), with as many columns as the first data line has, as pandas counts them.
    with path.open("rb") as handle:
        handle.seek(start)
        width = handle.readline().count(delimiter.encode("utf-8")) + 1
    if max(found.values()) >= width:
        return None
    schema = {f"column_{j + 1}": pl.String for j in range(width)}
    wanted = sorted(set(found.values()))

    def batches() -> Iterator[pl.DataFrame]:
        line = top + 2
        for block in _blocks(path, start):
            frame = pl.read_csv(
                block, has_header=False, schema=schema, columns=wanted, separator=delimiter,
                quote_char=None, truncate_ragged_lines=True, encoding="utf8",
                raise_if_empty=False,
            )
            yield frame.select(
                pl.int_range(line, line + frame.height, dtype=pl.Int64).alias("line"),
                *(pl.col(label).fill_null("").alias(name) for name, label in labels.items()),
            )
            line += frame.height

    try:
        parts: list[dict[str, Cells]] = []
        numbers: list[np.ndarray] = []
        others: list[np.ndarray] = []
        lines: list[np.ndarray] = []
        dropped = 0
        for batch in batches():
            keys = None
            if keep is not None:
                mask, strangers, keys = _judged(batch["nik"], sets, kept)
                batch = batch.filter(pl.Series(mask))
                dropped += strangers
                keys = None if keys is None else keys[mask]
            numbers.append(_keys(batch["nik"]) if keys is None else keys)
            others.append(batch["nik"].gather(np.flatnonzero(numbers[-1] < 0)).to_numpy())
            lines.append(batch["line"].to_numpy().astype(np.int64))
            parts.append({name: _cells(batch[name], name in _FEW_VALUES)
                          for name in labels if name != "nik"})
    except (pl.exceptions.PolarsError, OSError):
        return None  # a column missing, not UTF-8 after all: pandas decides
    if not parts:
        return None
    # A column at a time, its batches let go as it is joined: never held twice.
    columns = {"nik": _nik_cells(np.concatenate(numbers), np.concatenate(others))}
    del numbers, others
    for name in labels:
        if name != "nik":
            columns[name] = _joined_cells([part.pop(name) for part in parts])
    return columns, np.concatenate(lines), dropped


#: Bytes of the export parsed at a time (~100,000 rows): memory stays bounded.
_PARSE_BYTES = 8 << 20
#: An ASCII-digit NIK of at most this many digits is judged by number (digits * 20 + length).
_KEY_DIGITS = 17


@dataclass(frozen=True)
class _Numbered:
    """KeySets as numbers: the roster NIKs' and the prefixes' keys (see _keys), sorted."""

    niks: np.ndarray
    prefixes: np.ndarray


def _numbered(sets: KeySets) -> _Numbered:
    """The keys as numbers: a sorted array of numbers answers 'is it a roster's NIK?' with no
    Python string made. A key of other than ASCII digits can only equal a cell of other than
    ASCII digits: those cells are left to the filter itself (_judged)."""
    return _Numbered(np.sort(_text_keys(sets.niks)), np.sort(_text_keys(sets.prefixes)))


def _text_keys(values: frozenset[str]) -> np.ndarray:
    """_keys of the texts of ASCII digits (at most _KEY_DIGITS) among `values`, the others left
    out: the texts of one length are joined and read as bytes, a digit column at a time."""
    texts = np.array(list(values), dtype=object)
    lengths = np.fromiter(map(len, texts.tolist()), dtype=np.int64, count=len(texts))
    found: list[np.ndarray] = []
    for length in np.unique(lengths).tolist():
        if not 1 <= length <= _KEY_DIGITS:
            continue
        group = texts[lengths == length].tolist()
        data = "".join(group).encode("utf-8")
        if len(data) != length * len(group):  # some text is not ASCII: it is no key
            group = [text for text in group if text.isascii()]
            data = "".join(group).encode("utf-8")
        digits = np.frombuffer(data, dtype=np.uint8).reshape(len(group), length) - ord("0")
        digits = digits[(digits <= 9).all(axis=1)]  # a byte below '0' wraps round, above 9
        number = np.zeros(len(digits), dtype=np.int64)
        for column in range(length):
            number = number * 10 + digits[:, column]
        found.append(number * 20 + length)
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


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


def _judged(
    nik: object, sets: _Numbered | None, kept: Kept
) -> tuple[np.ndarray, int, np.ndarray | None]:
    """(which rows of a batch to keep, how many with a NIK are left out, their NIKs' keys if
    found), judged on their NIK cells: by number where the keys are sets (a 16-digit NIK also
    by its first 15 digits, as census.register.keys does), by `kept` for every other cell."""
    import polars as pl

    assert isinstance(nik, pl.Series)
    if sets is None:
        return (*kept(nik.to_numpy().astype(object, copy=False)), None)
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
    return mask, strangers, keys


def _among(keys: np.ndarray, ordered: np.ndarray) -> np.ndarray:
    """Per key: is it one of `ordered` (sorted)?"""
    if not len(ordered):
        return np.zeros(len(keys), dtype=bool)
    at = np.minimum(np.searchsorted(ordered, keys), len(ordered) - 1)
    return np.asarray(ordered[at] == keys)


def _cells(column: object, few: bool) -> Cells:
    """A polars text column as Cells: its distinct values and a code per row (a column of few
    values is coded by polars, so each value becomes one Python string)."""
    import polars as pl

    assert isinstance(column, pl.Series)
    if not few:
        # A person's name comes once per dose: its copies are let go batch by batch.
        codes, distinct = pd.factorize(column.to_numpy().astype(object, copy=False))
        return Cells(np.asarray(distinct, dtype=object), codes)
    values = column.unique()
    codes = column.cast(pl.Enum(values)).to_physical().to_numpy()
    return Cells(np.asarray(values.to_list(), dtype=object), codes)


def _nik_cells(keys: np.ndarray, others: np.ndarray) -> Cells:
    """The NIK cells from their keys (_keys; the cells of no key, in order, are `others`): a
    NIK of digits is made a Python string once, however many doses its person had."""
    numbered = keys >= 0
    codes, distinct = pd.factorize(keys[numbered])
    texts = [f"{key // 20:0{key % 20}d}" for key in distinct.tolist()]
    values = np.empty(len(texts) + len(others), dtype=object)
    values[: len(texts)] = texts
    values[len(texts) :] = others
    at = np.empty(len(keys), dtype=np.int64)
    at[numbered] = codes
    at[~numbered] = len(texts) + np.arange(len(others))
    return Cells(values, at)


def _joined_cells(parts: list[Cells]) -> Cells:
    """The cells of batches one after the other (a value may come once per batch)."""
    values = np.concatenate([part.values for part in parts])
    if parts[0].codes is None:
        return Cells(values)
    offsets = np.cumsum([0] + [len(part.values) for part in parts[:-1]])
    # A batch's codes may be as narrow as its own values need (polars: UInt8 below 256).
    codes = [part.codes.astype(np.int64) + offset
             for part, offset in zip(parts, offsets, strict=True) if part.codes is not None]
    return Cells(values, np.concatenate(codes))


def _data_start(path: Path, top: int) -> int | None:
    """Where the line below the header line `top` begins, or None when the file holds a quote
    character, a NUL byte or a bare carriage return (read a block at a time), or an odd line
    break up to the header: else a line is a row to pandas and to polars alike, and no cell
    can hold a delimiter or a line break."""
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
        lines = head.split(b"\n")[: top + 1]
        if head.count(b"\n") <= top or any(
            char in b"\n".join(lines).decode("utf-8", "replace") for char in _ODD_BREAKS
        ):
            return None  # the header far down, or lines str.splitlines counts otherwise
        handle.seek(0)
        returns = pairs = 0
        last = b""
        while block := handle.read(_BLOCK_BYTES):
            if b'"' in block or b"\x00" in block:
                return None
            if b"\r" in block:
                returns += block.count(b"\r")
                pairs += block.count(b"\r\n")
            if last == b"\r" and block.startswith(b"\n"):
                pairs += 1  # a CRLF across two blocks
            last = block[-1:]
    return sum(len(line) + 1 for line in lines) if returns == pairs else None


def _blocks(path: Path, start: int) -> Iterator[bytes]:
    """The file from `start` in blocks of whole lines (the last may lack its line break)."""
    with path.open("rb") as handle:
        handle.seek(start)
        rest = b""
        while block := handle.read(_PARSE_BYTES):
            data = rest + block
            cut = data.rfind(b"\n") + 1
            if cut:
                yield data[:cut]
            rest = data[cut:]
        if rest:
            yield rest
