"""The faster worksheet (census.report.sheet) writes the very files xlsxwriter's own writes."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
import xlsxwriter

from census.report.excel import SAFE_OPTIONS
from census.report.sheet import TableWorkbook


def _fill(book: xlsxwriter.Workbook) -> None:
    """Every kind of cell the reports write, with and without a format, in two sheets."""
    bold = book.add_format({"bold": True, "num_format": "#,##0"})
    wrap = book.add_format({"text_wrap": True})
    column = book.add_format({"italic": True})
    for name in ("Satu", "Dua"):
        ws = book.add_worksheet(name)
        ws.set_column(3, 3, 12, column)
        ws.set_row(5, 20, wrap)
        for r in range(40):
            ws.write_string(r, 0, f"nama {r % 7} & <co>", wrap)
            ws.write_number(r, 1, r * 1.5 + 0.1, bold)
            ws.write_number(r, 2, 44000 + r)
            ws.write_string(r, 3, "kolom")  # the column's format
            ws.write_string(r, 4, '"kutip"' if r % 2 else "")
            ws.write_blank(r, 5, None, wrap)
            ws.write_datetime(r, 6, date(2022, 3, 1 + r % 28), bold)
        ws.write_string(5, 7, "baris")  # the row's format
        ws.write_url(41, 0, "https://wa.me/62812", string="WhatsApp")
        ws.write_formula(42, 1, "=SUM(B1:B40)", bold)
        ws.write_number(43, 200, 1e-20, bold)  # a column beyond Z, a tiny number


@pytest.mark.parametrize("constant_memory", [False, True])
def test_table_workbook_writes_the_bytes_of_xlsxwriter(tmp_path: Path,
                                                       constant_memory: bool) -> None:
    options = {**SAFE_OPTIONS, "constant_memory": constant_memory}
    paths = {}
    for kind, make in (("stock", xlsxwriter.Workbook), ("table", TableWorkbook)):
        paths[kind] = tmp_path / f"{kind}.xlsx"
        book = make(str(paths[kind]), options)
        _fill(book)
        book.close()
    stock, table = (zipfile.ZipFile(paths[k]) for k in ("stock", "table"))
    assert stock.namelist() == table.namelist()
    differ = [name for name in stock.namelist()
              if name != "docProps/core.xml" and stock.read(name) != table.read(name)]
    assert differ == []
    assert b'<c r="A1" s="' in table.read("xl/worksheets/sheet1.xml")
