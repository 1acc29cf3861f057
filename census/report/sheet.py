"""An xlsxwriter Worksheet that writes the cells of big tables faster, byte for byte the same XML."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
from xlsxwriter.format import Format
from xlsxwriter.packager import Packager
from xlsxwriter.sharedstrings import SharedStrings
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import CellNumberTuple, CellStringTuple, Worksheet

from census.report.sheet_rows import Block, block_of

#: Column letters by index (A, B, …), computed once per column.
_LETTERS: dict[int, str] = {}


class TableSheet(Worksheet):  # type: ignore[misc]
    """A Worksheet with a shorter path for the XML of a formatted text or number cell, the
    cells of every table here.

    xlsxwriter spends most of a big workbook's time per cell, half of it in a general writer
    of the cell's XML (an attribute list, each attribute escaped). The shortcut writes what
    xlsxwriter writes for these cells (tests/test_report_sheet.py compares the files with
    the stock Worksheet's); any other cell takes xlsxwriter's own path.
    """

    def __init__(self) -> None:
        super().__init__()
        self._blocks: list[Block] = []

    def write_rows(self, first_row: int, data: Sequence[Sequence[Any]], kinds: Sequence[str],
                   formats: Sequence[Format], dash: Format) -> None:
        """A table's rows from `first_row`, `data` a list per column; a column's `kinds` says
        how its cells are written, in its format: 'text' str(value) with write_string, no
        cell for None or ''; 'date' write_number, no cell for None; 'int' and 'pct'
        write_number, '-' in `dash` for None or NaN.

        The cells write_string and write_number would store, their strings numbered in the
        same order (which numbers the shared strings), kept as columns (a sheet_rows.Block)
        until the sheet is written, when each row's XML is made in one call. A table with a
        long text (it may need cutting) or a number other than a finite int or float, or
        over rows that have cells already, is stored cell by cell, each odd cell through
        xlsxwriter's own path. Only for a sheet not in constant_memory mode and rows below
        xls_rowmax: census.report.excel.write_table sends any other table through
        xlsxwriter's write_string and write_number."""
        if not data or not len(data[0]):
            return
        end = first_row + len(data[0])
        for block in self._blocks:  # a table written over another's rows: cell by cell
            if block.first < end and first_row < block.end:
                block.settle(range(first_row, end), self.table)
        made = None
        if not any(cells and first_row <= row < end for row, cells in self.table.items()):
            made = block_of(first_row, data, kinds, formats, dash, self.xls_strmax // 2,
                            self.str_table._get_shared_string_index)
        if made is None:
            self._write_cells(first_row, data, kinds, formats, dash)
            return
        block, saved = made
        self.str_table.count += saved
        rows = block.rows_with_cells()
        if len(rows):
            live = block.live
            self._check_dimensions(int(rows[0]), int(block.low[live].min()))
            self._check_dimensions(int(rows[-1]), int(block.high[live].max()))
            self._blocks.append(block)

    def _write_cells(self, first_row: int, data: Sequence[Sequence[Any]], kinds: Sequence[str],
                     formats: Sequence[Format], dash: Format) -> None:
        """write_rows a cell at a time: what write_string and write_number store, the
        dimension check once per row."""
        shared = self.str_table._get_shared_string_index
        longest = self.xls_strmax // 2
        for row, values in enumerate(zip(*data, strict=True), start=first_row):
            cells: dict[int, Any] = {}
            for col, value in enumerate(values):
                kind = kinds[col]
                if kind == "text":
                    if value is None or value == "":
                        continue
                    text = value if value.__class__ is str else str(value)
                    if len(text) > longest:
                        self._write_string(row, col, text, formats[col])
                        continue
                    cells[col] = CellStringTuple(shared(text), formats[col])
                elif value is None and kind == "date":
                    continue
                elif value is None or (kind != "date" and isinstance(value, float)
                                       and math.isnan(value)):
                    cells[col] = CellStringTuple(shared("-"), dash)
                elif value.__class__ is int or (value.__class__ is float and math.isfinite(value)):
                    cells[col] = CellNumberTuple(value, formats[col])
                else:
                    self._write_number(row, col, value, formats[col])
            if cells:
                self._check_dimensions(row, min(cells))
                self._check_dimensions(row, max(cells))
                self.table[row].update(cells)

    def _get_range_data(self, row_start: int, col_start: int, row_end: int,
                        col_end: int) -> Any:
        # A chart's cached data is read from the table: the blocks' rows it reads go there.
        for block in self._blocks:
            block.settle(range(max(row_start, block.first), min(row_end + 1, block.end)),
                         self.table)
        return super()._get_range_data(row_start, col_start, row_end, col_end)

    def _write_rows(self) -> None:
        # Worksheet._write_rows, with the blocks' rows written whole: the same elements.
        if not self._blocks:
            super()._write_rows()
            return
        plain = (self.default_row_height == self.original_row_height
                 and self.excel_version != 2010)
        lowest, highest = self.dim_rowmin, self.dim_rowmax
        others = sorted({
            *(row for row, cells in self.table.items() if cells), *self.row_info, *self.comments,
        })
        others = [row for row in others if lowest <= row <= highest]
        for block in self._blocks:
            # A row with options, comments or another cell is written by xlsxwriter's path.
            block.settle(range(block.first, block.end) if not plain else others, self.table)
        others = sorted({*others, *(row for row, cells in self.table.items() if cells)})
        spans = self._spans(others)
        # Every row to write, in order: -1 for a row of the table, else its block's number;
        # a run of one block's rows is written at once, the rest by xlsxwriter's path.
        lives = [np.flatnonzero(block.live) for block in self._blocks]
        rows = np.concatenate([np.array(others, dtype=np.int64),
                               *(live + block.first for live, block in zip(lives, self._blocks,
                                                                           strict=True))])
        owner = np.concatenate([np.full(len(others), -1),
                                *(np.full(len(live), b) for b, live in enumerate(lives))])
        local = np.concatenate([np.zeros(len(others), dtype=np.int64), *lives])
        order = np.argsort(rows, kind="stable")
        rows, owner, local = rows[order], owner[order], local[order]
        if not len(rows):
            return
        starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]]).tolist()
        for start, stop in zip(starts, [*starts[1:], len(rows)], strict=True):
            b = int(owner[start])
            if b >= 0:
                self.fh.write(self._blocks[b].render(local[start:stop], spans))
                continue
            for row in rows[start:stop].tolist():
                span = spans.get(row >> 4)
                cells = self.table.get(row)
                if cells:
                    self._write_row(row, span, self.row_info.get(row))
                    for col in sorted(cells):
                        self._write_cell(row, col, cells[col])
                    self._xml_end_tag("row")
                else:
                    self._write_empty_row(row, span, self.row_info.get(row))

    def _spans(self, others: list[int]) -> dict[int, str]:
        """Worksheet._calculate_spans: per block of 16 rows, the first and last column with a
        cell or a comment ('1:10'), over the table's rows and the blocks' live ones."""
        reach: dict[int, tuple[int, int]] = {}

        def note(group: int, low: int, high: int) -> None:
            if group in reach:
                low, high = min(low, reach[group][0]), max(high, reach[group][1])
            reach[group] = (low, high)

        first, last = self.dim_colmin, self.dim_colmax
        for row in others:
            cols = [col for col in self.table.get(row, ()) if first <= col <= last]
            cols += [col for col in self.comments.get(row, ()) if first <= col <= last]
            if cols:
                note(row >> 4, min(cols), max(cols))
        for block in self._blocks:
            live = np.flatnonzero(block.live)
            if not len(live):
                continue
            groups = (live + block.first) >> 4
            starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
            lows = np.minimum.reduceat(block.low[live], starts).tolist()
            highs = np.maximum.reduceat(block.high[live], starts).tolist()
            for group, low, high in zip(groups[starts].tolist(), lows, highs, strict=True):
                note(group, low, high)
        return {group: f"{low + 1}:{high + 1}" for group, (low, high) in reach.items()}

    def _write_cell(self, row: int, col: int, cell: Any) -> None:
        # Worksheet._write_cell builds an attribute list and escapes each attribute; a cell
        # reference and a format index never need escaping, so the element is written
        # straight away (the same text as _xml_string_element / _xml_number_element).
        kind = cell.__class__
        if (kind is CellStringTuple and not self.constant_memory) or kind is CellNumberTuple:
            fmt = cell.format
            if fmt:
                letters = _LETTERS.get(col)
                if letters is None:
                    letters = _LETTERS[col] = xl_col_to_name(col)
                if kind is CellStringTuple:
                    self.fh.write(f'<c r="{letters}{row + 1}" s="{fmt._get_xf_index()}" t="s">'
                                  f"<v>{cell.string}</v></c>")
                else:
                    self.fh.write(f'<c r="{letters}{row + 1}" s="{fmt._get_xf_index()}">'
                                  f"<v>{cell.number:.16G}</v></c>")
                return
        super()._write_cell(row, col, cell)


class TableWorkbook(Workbook):  # type: ignore[misc]
    """A Workbook whose sheets are TableSheets, its shared strings written by _SharedStrings."""

    worksheet_class = TableSheet

    def _get_packager(self) -> Packager:
        return _Packager()


class _Packager(Packager):  # type: ignore[misc]
    def _write_shared_strings_file(self) -> None:
        # Packager._write_shared_strings_file, with the faster writer.
        sst = _SharedStrings()
        sst.string_table = self.workbook.str_table
        if not self.workbook.str_table.count:
            return
        sst._set_xml_writer(self._filename("xl/sharedStrings.xml"))
        sst._assemble_xml_file()


#: What makes SharedStrings._write_si do more than write <si><t>text</t></si>: a character
#: to escape, a control character or non-character, an '_x' (maybe an escape to escape),
#: white space first or last (xml:space), a rich string ('<r>…').
_NOT_PLAIN = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x|^\s|\s$")


class _SharedStrings(SharedStrings):  # type: ignore[misc]
    """xl/sharedStrings.xml as SharedStrings writes it, a plain string's element written
    straight away (one regex search, not a general element writer per string)."""

    def _write_sst_strings(self) -> None:
        strings = self.string_table.string_array
        plain: list[str] = []
        for string, odd in zip(strings, map(_NOT_PLAIN.search, strings), strict=True):
            if odd is None:
                plain.append(string)
                continue
            if plain:
                self.fh.write("".join(map("<si><t>{}</t></si>".format, plain)))
                plain = []
            self._write_si(string)
        if plain:
            self.fh.write("".join(map("<si><t>{}</t></si>".format, plain)))
