"""An xlsxwriter Worksheet that writes the cells of big tables faster, byte for byte the same XML."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import CellNumberTuple, CellStringTuple, Worksheet

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

    def write_rows(self, first_row: int, data: Sequence[Sequence[Any]], kinds: Sequence[str],
                   formats: Sequence[Format], dash: Format) -> None:
        """A table's rows from `first_row`, `data` a list per column; a column's `kinds` says
        how its cells are written, in its format: 'text' str(value) with write_string, no
        cell for None or ''; 'date' write_number, no cell for None; 'int' and 'pct'
        write_number, '-' in `dash` for None or NaN.

        The cells write_string and write_number would store, in the same order (which numbers
        the shared strings), stored a row at a time: the dimension check once per row, and
        no call per cell. A long text (it may need cutting) and a number other than a finite
        int or float take xlsxwriter's own path. Only for a sheet not in constant_memory mode
        and rows below xls_rowmax: census.report.excel.write_table sends any other table
        through xlsxwriter's write_string and write_number."""
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
    """A Workbook whose sheets are TableSheets."""

    worksheet_class = TableSheet
