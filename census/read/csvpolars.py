"""The common health-office CSV export (UTF-8, no quote, no bare CR) read columnar by polars.

pandas' C parser makes a Python string of every cell of the needed columns before the rows of
people on no roster can be left out. polars parses the needed columns as compact text on all
cores, a batch at a time; the strangers whose NIK is digits are left out by number (the roster
keys, census.register.keys.ExportKeys, integers in a hash index) before any of their cells
becomes a Python object; every kept column is coded by the hashes of its texts, so each
distinct text (a NIK, a name, a date) becomes one Python string for the whole file, however
many doses and blocks it comes in. Anything this reader cannot promise to read exactly as the pandas reader does (another
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

#: A smaller export is read by pandas: polars' import (~0.2-0.3 CPU-s) would cost more than it
#: saves (measured, import included, pandas → polars: 1.6 MB 0.09 → 0.25 CPU-s; 16 MB (100,000
#: people) 1.08 → 0.75; 160 MB 11.3 → 5.5 (roster keys excluded); even at about 6 MB).
SMALLEST_BYTES = 8 << 20
#: Line breaks of str.splitlines (the header is found on them) that a CSV parser does not see.
_ODD_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


@runtime_checkable
class KeyNumbers(Protocol):
    """A row filter that also judges NIKs of ASCII digits by number
    (census.register.keys.ExportKeys, where the key is defined): `digit_keys` makes the keys
    of such cells (value and number of digits, at most `key_digits`), `kept_keys` tells which
    to keep; a cell of other than ASCII digits is left to the filter itself."""

    key_digits: int

    def digit_keys(self, values: np.ndarray, lengths: np.ndarray) -> np.ndarray: ...

    def kept_keys(self, keys: np.ndarray) -> np.ndarray: ...

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
    numbers = keep if isinstance(keep, KeyNumbers) else None
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
        coded = {name: _Coded() for name in labels}
        lines: list[np.ndarray] = []
        dropped = 0
        for batch in batches():
            if keep is not None:
                mask, strangers = _judged(batch["nik"], numbers, kept)
                batch = batch.filter(pl.Series(mask))
                dropped += strangers
            lines.append(batch["line"].to_numpy().astype(np.int64))
            for name, column in coded.items():
                column.add(batch[name])
        if not lines:
            return None
        # A column at a time, its batches let go as it is joined: never held twice.
        columns = {name: coded.pop(name).cells() for name in list(coded)}
    except (pl.exceptions.PolarsError, OSError):
        return None  # a column missing, not UTF-8 after all: pandas decides
    except _Collision:
        return None  # two texts of one hash (about one export in 10^8): pandas decides
    except _NotPlain:
        return None  # a quote, a NUL byte, a bare carriage return: pandas decides
    return columns, np.concatenate(lines), dropped


#: Bytes of the export parsed at a time (~100,000 rows): memory stays bounded.
_PARSE_BYTES = 8 << 20
def _judged(nik: object, numbers: KeyNumbers | None, kept: Kept) -> tuple[np.ndarray, int]:
    """(which rows of a batch to keep, how many with a NIK are left out), judged on their NIK
    cells: a cell of ASCII digits by its key (census.register.keys, no Python string made),
    every other cell by `kept`."""
    import polars as pl

    assert isinstance(nik, pl.Series)
    if numbers is None:
        return kept(nik.to_numpy().astype(object, copy=False))
    cell, length = pl.col("cell"), pl.col("cell").str.len_bytes()
    # Only ASCII digits, read as an unsigned number (a regex cost three times as much): the
    # cast also takes a leading '+', and nothing else (tests/test_read_registry.py).
    value = cell.cast(pl.UInt64, strict=False)
    frame = nik.to_frame("cell").select(
        (value.is_not_null() & (length <= numbers.key_digits) & ~cell.str.starts_with("+"))
        .fill_null(False).alias("digits"),
        length.alias("length"),
        value.cast(pl.Int64, strict=False).alias("value"),
    )
    numbered = frame["digits"].to_numpy()
    keys = np.full(len(numbered), -1, dtype=np.int64)
    at = np.flatnonzero(numbered)
    keys[at] = numbers.digit_keys(frame["value"].to_numpy()[at], frame["length"].to_numpy()[at])
    mask = numbers.kept_keys(keys)
    strangers = int(np.count_nonzero(numbered & ~mask))
    other = np.flatnonzero(~numbered)
    if other.size:
        mask[other], more = kept(nik.gather(other).to_numpy().astype(object, copy=False))
        strangers += more
    return mask, strangers


class _Collision(Exception):
    """Two different texts of a column with one hash: the column cannot be coded by hashes."""


#: The seed of the texts' hashes (any fixed one: a collision is caught, never trusted).
_SEED = 20_211_231


#: Distinct texts per cell of a batch above which a column is no longer coded batch by batch.
_MOSTLY_DISTINCT = 0.9


class _Coded:
    """A text column coded batch by batch: each distinct text once (as polars text), a code
    per row. The texts are told apart by polars' 64-bit hash of each cell (numbers factorised
    in C, several times cheaper than hashing the texts in pandas or casting to a polars
    category) and every code is checked against its text, so a collision is found, not
    trusted (_Collision)."""

    def __init__(self) -> None:
        self.codes: list[np.ndarray | None] = []  # None: the batch's cells kept as they are
        self.values: list[object] = []
        self.plain = False

    def add(self, column: object) -> None:
        """The cells of the next batch."""
        if self.plain:
            self.codes.append(None)
            self.values.append(column)
            return
        codes, values = _coded(column, _hashes(column))
        # A column whose cells are nearly all distinct within a batch (a NIK: the doses of one
        # person seldom share a block) gains nothing from coding batch by batch: its further
        # batches are only coded across batches.
        self.plain = len(values) > _MOSTLY_DISTINCT * len(codes)  # type: ignore[arg-type]
        # Codes of up to 65,536 texts fit in 16 bits (most columns of a batch; else 32).
        narrow = np.uint16 if len(values) <= 1 << 16 else np.int32  # type: ignore[arg-type]
        self.codes.append(codes.astype(narrow))
        self.values.append(values)

    def cells(self) -> Cells:
        """All batches' cells: each distinct text one Python string, a code per row."""
        import polars as pl

        # The batches' own distinct texts (not copied into one array), coded once more across
        # batches (hashed again: cheaper than holding every batch's hashes).
        values = pl.concat(self.values, rechunk=False)  # type: ignore[type-var]
        widths = [len(part) for part in self.values]  # type: ignore[arg-type]
        self.values.clear()
        codes, distinct = _coded(values, _hashes(values))
        del values
        rows = np.empty(sum(width if part is None else len(part)
                            for width, part in zip(widths, self.codes, strict=True)),
                        dtype=np.int32)
        at = start = 0
        for width in widths:
            part = self.codes.pop(0)
            batch = codes[start : start + width]
            rows[at : at + width if part is None else at + len(part)] = (
                batch if part is None else batch[part])
            at += width if part is None else len(part)
            start += width
        assert isinstance(distinct, pl.Series)
        return Cells(np.asarray(distinct.to_numpy(), dtype=object), rows)


def _hashes(column: object) -> np.ndarray:
    """polars' 64-bit hash of each text of `column` (uint64)."""
    import polars as pl

    assert isinstance(column, pl.Series)
    return column.hash(seed=_SEED).to_numpy()


def _coded(column: object, hashes: np.ndarray) -> tuple[np.ndarray, object]:
    """(code per cell of `column`, each code's text (polars)), codes in order of first
    appearance; `hashes`: the cells' hashes."""
    import polars as pl

    assert isinstance(column, pl.Series)
    codes, _ = pd.factorize(hashes)
    # A code appears first where the running maximum of the codes rises (factorize numbers
    # them in order of appearance).
    seen = np.maximum.accumulate(codes) if len(codes) else codes
    first = np.flatnonzero(np.diff(seen, prepend=-1) > 0)
    values = column.gather(first)
    if not (values.gather(codes) == column).all():
        raise _Collision
    return codes, values


def _data_start(path: Path, top: int) -> int | None:
    """Where the line below the header line `top` begins, or None when the lines up to it hold
    a quote character, a NUL byte, a bare carriage return or an odd line break (the rest of the
    file is looked at as it is read, _blocks): else a line is a row to pandas and to polars
    alike, and no cell can hold a delimiter or a line break."""
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    lines = head.split(b"\n")[: top + 1]
    if head.count(b"\n") <= top or any(
        char in b"\n".join(lines).decode("utf-8", "replace") for char in _ODD_BREAKS
    ):
        return None  # the header far down, or lines str.splitlines counts otherwise
    start = sum(len(line) + 1 for line in lines)
    above = head[:start]
    if b'"' in above or b"\x00" in above or above.count(b"\r") != above.count(b"\r\n"):
        return None
    return start


class _NotPlain(Exception):
    """The file holds a quote character, a NUL byte or a bare carriage return."""


def _blocks(path: Path, start: int) -> Iterator[bytes]:
    """The file from `start` in blocks of whole lines (the last may lack its line break), each
    looked at as it is read: _NotPlain at a quote character, a NUL byte or a bare carriage
    return (the file is read once, not once to look and once to parse)."""
    returns = pairs = 0
    last = b""
    with path.open("rb") as handle:
        handle.seek(start)
        rest = b""
        while block := handle.read(_PARSE_BYTES):
            if b'"' in block or b"\x00" in block:
                raise _NotPlain
            if last == b"\r" and block.startswith(b"\n"):
                pairs += 1  # a CRLF across two blocks
            if b"\r" in block:
                returns += block.count(b"\r")
                pairs += block.count(b"\r\n")
            last = block[-1:]
            if returns - pairs > (last == b"\r"):  # only a CR ending the block may wait
                raise _NotPlain
            data = rest + block
            cut = data.rfind(b"\n") + 1
            if cut:
                yield data[:cut]
            rest = data[cut:]
        if returns != pairs:
            raise _NotPlain
        if rest:
            yield rest
