"""An xlsxwriter Worksheet that writes the cells of big tables faster, byte for byte the same XML."""

from __future__ import annotations

from typing import Any

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
