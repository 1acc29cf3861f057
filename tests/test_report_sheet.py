"""The faster worksheet (census.report.sheet) writes the very files xlsxwriter's own writes."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import xlsxwriter

from census.report.excel import SAFE_OPTIONS, Col, Styles, write_table
from census.report.sheet import TableSheet, TableWorkbook


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


def _assert_same_parts(stock_path: Path, table_path: Path) -> None:
    """The two workbooks hold the same parts with the same bytes (but their creation time)."""
    stock, table = zipfile.ZipFile(stock_path), zipfile.ZipFile(table_path)
    assert stock.namelist() == table.namelist()
    differ = [name for name in stock.namelist()
              if name != "docProps/core.xml" and stock.read(name) != table.read(name)]
    assert differ == []


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
    _assert_same_parts(paths["stock"], paths["table"])
    table = zipfile.ZipFile(paths["table"])
    assert b'<c r="A1" s="' in table.read("xl/worksheets/sheet1.xml")


@pytest.mark.parametrize("constant_memory", [False, True])
def test_write_table_writes_the_cells_xlsxwriter_calls_write(tmp_path: Path,
                                                             constant_memory: bool) -> None:
    """write_table stores a TableSheet's rows itself; the stock Worksheet gets each cell
    through write_string/write_number: the files are the same."""
    long_text = "panjang " * 2100  # over half of Excel's 32,767 characters: xlsxwriter's path
    data: list[list[Any]] = [
        ["Siti", "", None, 12, "Budi", long_text, "Siti", "-", "x & <y>", "Ani"],
        [1, None, 2.5, float("nan"), np.float64("nan"), np.int64(7), True, 0, -3, 10**12],
        [0.5, None, np.float64(0.25), 1.0, float("nan"), 0.0, None, 1, 2, 3],
        [44621.0, None, 44622.0, 1, 44623.0, None, np.float64(44624.0), None, 44625.0, 5.5],
    ]
    columns = [Col("Nama"), Col("Jumlah", "int"), Col("Cakupan", "pct"), Col("Tanggal", "date")]
    options = {**SAFE_OPTIONS, "constant_memory": constant_memory}
    paths = {}
    for kind, make in (("stock", xlsxwriter.Workbook), ("table", TableWorkbook)):
        paths[kind] = tmp_path / f"{kind}.xlsx"
        book = make(str(paths[kind]), options)
        ws = book.add_worksheet("Tabel")
        assert isinstance(ws, TableSheet) == (kind == "table")
        end = write_table(ws, 2, columns, data, Styles(book), total=["Total", 9, None, None])
        ws.write_string(end, 0, "Siti")
        book.close()
    stock, table = (zipfile.ZipFile(paths[k]) for k in ("stock", "table"))
    differ = [name for name in stock.namelist()
              if name != "docProps/core.xml" and stock.read(name) != table.read(name)]
    assert differ == []


def _ordinary_table(rows: int) -> list[list[Any]]:
    """Columns of what the unit packs write: texts (some empty, some not str), counts and
    percentages with gaps, dates with gaps."""
    return [
        [f"Nama {r % 9} & <b>" if r % 5 else ("" if r % 2 else None) for r in range(rows)],
        [r if r % 7 else None for r in range(rows)],
        [r / 40 if r % 6 else float("nan") for r in range(rows)],
        [44621.0 + r if r % 4 else None for r in range(rows)],
        [r % 3 if r % 8 else "" for r in range(rows)],  # numbers in a text column
        ["" for _ in range(rows)],  # a column filled in later (links)
    ]


@pytest.mark.parametrize("extra", ["nothing", "later writes", "chart", "over", "row height"])
def test_table_rows_written_whole_are_the_bytes_of_xlsxwriter(tmp_path: Path,
                                                              extra: str) -> None:
    """A TableSheet keeps an ordinary table's rows as columns and writes each row's XML in one
    go: the file is the stock Worksheet's, also when other writes reach the table's rows."""
    columns = [Col("Nama"), Col("Jumlah", "int"), Col("Cakupan", "pct"), Col("Tanggal", "date"),
               Col("Kode"), Col("Tautan")]
    paths = {}
    for kind, make in (("stock", xlsxwriter.Workbook), ("table", TableWorkbook)):
        paths[kind] = tmp_path / f"{kind}.xlsx"
        book = make(str(paths[kind]), {**SAFE_OPTIONS, "in_memory": True})
        st = Styles(book)
        ws = book.add_worksheet("Tabel")
        ws.write_string(0, 0, "Judul", st.title)
        if extra == "row height":
            ws.set_default_row(18)
        end = write_table(ws, 2, columns, _ordinary_table(70), st, total=["Total", 9, 0.5, None,
                                                                         None, None])
        if kind == "table":
            assert [len(block.states) for block in ws._blocks] == [70]
        if extra == "later writes":
            ws.write_url(10, 5, "https://wa.me/62812", string="WhatsApp")  # after the last cell
            ws.write_url(11, 0, "https://wa.me/62813", string="WhatsApp")  # over a cell
            ws.write_string(12, 2, "ganti", st.late)  # a new format, mid-table
            ws.set_row(20, 30)
            ws.write_comment(30, 1, "catatan")
        elif extra == "chart":
            chart = book.add_chart({"type": "line"})
            chart.add_series({"categories": ["Tabel", 3, 0, 40, 0],
                              "values": ["Tabel", 3, 1, 40, 1]})
            ws.insert_chart(end + 2, 0, chart)
        elif extra == "over":
            write_table(ws, 40, columns[:2], _ordinary_table(50)[:2], st)
        write_table(ws, end + 30, columns[:3], [[], [], []], st)  # an empty table
        book.close()
    _assert_same_parts(paths["stock"], paths["table"])


def test_shared_strings_of_every_kind_are_the_bytes_of_xlsxwriter(tmp_path: Path) -> None:
    """A TableWorkbook writes a plain shared string's element itself; the rest (escapes,
    control characters, white space at an end, rich strings) as xlsxwriter does."""
    texts = ["plain", "a & b < c > d", "tab\tinside", "ctrl\x01char", "_x0041_ literal",
             "under_x", " leading", "trailing ", "line\nbreak", "end\n", "<r>rich</r>",
             "non\ufffechar", "Ñoño 李", '"quoted"', "plain"]
    paths = {}
    for kind, make in (("stock", xlsxwriter.Workbook), ("table", TableWorkbook)):
        paths[kind] = tmp_path / f"{kind}.xlsx"
        book = make(str(paths[kind]), {**SAFE_OPTIONS, "in_memory": True})
        ws = book.add_worksheet("Teks")
        for r, text in enumerate(texts):
            ws.write_string(r, 0, text)
        book.close()
    stock, table = (zipfile.ZipFile(paths[k]) for k in ("stock", "table"))
    assert stock.read("xl/sharedStrings.xml") == table.read("xl/sharedStrings.xml")
    assert b"<si><t>plain</t></si>" in table.read("xl/sharedStrings.xml")
