"""A table's rows held as columns until its worksheet is written, then each row's XML in one call."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import CellNumberTuple, CellStringTuple

#: What a cell of a block is: none, a text (shared string in the column's format), a number
#: (in the column's format), a dash (the shared string '-' in the dash format).
NONE, TEXT, NUMBER, DASH = 0, 1, 2, 3
_NUMBERS = {int, float, type(None)}


class Block:
    """The rows of one table (census.report.sheet.TableSheet.write_rows), kept as columns:
    each cell's kind (`states`, rows × columns) and what it shows (`args`, per column: a
    shared-string index or a number), the shared strings already numbered in the order
    xlsxwriter's write_string would have numbered them.

    When the sheet is written, every row still `live` becomes its <row> element in one
    str.format of a template made once per pattern of kinds (which cells a row has); a row
    another write reached too (a link, a row height, a chart's data) is `settle`d first:
    its cells go into the sheet's table as xlsxwriter's own, written by its path.
    """

    def __init__(self, first: int, states: np.ndarray, args: list[list[Any]],
                 formats: Sequence[Format], dash: Format) -> None:
        self.first = first
        self.states = states
        self.args = args
        self.formats = formats
        self.dash = dash
        present = states != NONE
        self.live = present.any(axis=1)  # a row without a cell has no <row> element
        k = states.shape[1]
        self.low = np.where(self.live, present.argmax(axis=1), 0)
        self.high = np.where(self.live, k - 1 - present[:, ::-1].argmax(axis=1), 0)

    @property
    def end(self) -> int:
        """The row after the block's last."""
        return self.first + len(self.states)

    def rows_with_cells(self) -> np.ndarray:
        """The sheet's row numbers of the rows with a cell."""
        return np.flatnonzero(self.live) + self.first  # type: ignore[no-any-return]

    def settle(self, rows: range | Sequence[int], table: dict[int, dict[int, Any]]) -> None:
        """Put the live cells of `rows` (sheet row numbers) into the sheet's `table` as
        xlsxwriter's cells — except where a later write put a cell of its own — and take
        them out of the block."""
        for row in rows:
            i = row - self.first
            if not 0 <= i < len(self.states) or not self.live[i]:
                continue
            cells = table[row]
            for col, state in enumerate(self.states[i].tolist()):
                if state == NONE or col in cells:
                    continue
                value = self.args[col][i]
                if state == NUMBER:
                    cells[col] = CellNumberTuple(value, self.formats[col])
                else:
                    cells[col] = CellStringTuple(value, self.dash if state == DASH
                                                 else self.formats[col])
            self.live[i] = False

    def render(self, rows: np.ndarray, spans: dict[int, str]) -> str:
        """The <row> elements of the block's rows `rows` (indices into the block, in order,
        all live) with their cells, as xlsxwriter writes a row without row options.

        xlsxwriter numbers a format when a cell first uses it while the sheet is written:
        the formats these rows use are numbered here, in the order their cells first use
        them, before the rows' templates are made (the caller renders a run of rows when
        the sheet's writing reaches it)."""
        states = self.states[rows]
        k = states.shape[1]
        used = np.where(states == DASH, k, np.where(states == NONE, -1, np.arange(k)))
        flat = used.ravel()
        ids, first = np.unique(flat[flat >= 0], return_index=True)
        for used_id in ids[np.argsort(first)].tolist():
            (self.dash if used_id == k else self.formats[used_id])._get_xf_index()
        patterns, inverse = np.unique(states, axis=0, return_inverse=True)
        templates = np.array([self._template(pattern.tolist()) for pattern in patterns],
                             dtype=object)[inverse.reshape(-1)].tolist()
        numbers = (rows + self.first + 1).tolist()
        row_spans = [spans[(number - 1) >> 4] for number in numbers]
        if len(rows) == len(self.states):
            args = self.args
        else:
            args = [[column[i] for i in rows.tolist()] for column in self.args]
        return "".join(map(str.format, templates, numbers, row_spans, *args))

    def _template(self, pattern: list[int]) -> str:
        """The <row> element of rows with these kinds of cells: {0} the row's number, {1} its
        spans, {2}… each column's value (what xlsxwriter's _write_cell writes)."""
        cells = []
        for col, state in enumerate(pattern):
            if state == NONE:
                continue
            letters = xl_col_to_name(col)
            fmt = self.dash if state == DASH else self.formats[col]
            head = f'<c r="{letters}{{0}}" s="{fmt._get_xf_index()}"'
            if state == NUMBER:
                cells.append(f"{head}><v>{{{col + 2}:.16G}}</v></c>")
            else:
                cells.append(f'{head} t="s"><v>{{{col + 2}}}</v></c>')
        return '<row r="{0}" spans="{1}">' + "".join(cells) + "</row>"


def block_of(first: int, data: Sequence[Sequence[Any]], kinds: Sequence[str],
             formats: Sequence[Format], dash: Format, longest: int,
             shared: Callable[[str], int]) -> tuple[Block, int] | None:
    """The block of a table's rows from `first` (see TableSheet.write_rows for `data` and
    `kinds`), its strings numbered by `shared` (the sheet's shared-string table) in the
    order xlsxwriter would number them cell by cell, row by row; and the count of shared
    strings stored without calling `shared` (to add to the table's count).

    None, with nothing numbered, when a cell needs xlsxwriter's own path: a text longer than
    `longest` (it may be cut), a number that is not a finite int or float (a bool, a numpy
    scalar, infinity), a date that is NaN."""
    n, k = len(data[0]), len(data)
    states = np.zeros((n, k), dtype=np.int8)
    strings = np.empty((n, k), dtype=object)
    args: list[np.ndarray] = []
    for col, (values, kind) in enumerate(zip(data, kinds, strict=True)):
        cells = np.fromiter(values, dtype=object, count=n)
        if kind == "text":
            present = (cells != None) & (cells != "")  # noqa: E711 (elementwise)
            texts = cells[present]
            if set(map(type, texts.tolist())) - {str}:
                texts = np.fromiter((v if v.__class__ is str else str(v) for v in texts),
                                    dtype=object, count=len(texts))
            if len(texts) and max(map(len, texts.tolist())) > longest:
                return None
            states[present, col] = TEXT
            strings[present, col] = texts
            args.append(cells)  # replaced by the strings' indices below
            continue
        if set(map(type, values)) - _NUMBERS:
            return None
        missing = cells == None  # noqa: E711 (elementwise)
        numbers = cells.copy()
        numbers[missing] = np.nan
        try:
            floats = numbers.astype(float)
        except OverflowError:
            return None
        if np.isinf(floats).any():
            return None
        if kind == "date":
            if np.isnan(floats[~missing]).any():
                return None
            states[~missing, col] = NUMBER
        else:
            gap = np.isnan(floats)
            states[:, col] = np.where(gap, DASH, NUMBER)
            strings[gap, col] = "-"
        args.append(cells)
    is_string = (states == TEXT) | (states == DASH)
    flat = strings[is_string]  # row by row, as the cells would be written
    index = np.zeros((n, k), dtype=np.int64)
    saved = 0
    if len(flat):
        codes, distinct = pd.factorize(flat)
        numbered = np.fromiter(map(shared, distinct.tolist()), dtype=np.int64,
                               count=len(distinct))
        index[is_string] = numbered[codes]
        saved = len(flat) - len(distinct)
    columns: list[list[Any]] = []
    for col, cells in enumerate(args):
        column = is_string[:, col]
        if column.any():
            cells = cells.copy()
            cells[column] = index[column, col].tolist()
        columns.append(cells.tolist())
    return Block(first, states, columns, formats, dash), saved
