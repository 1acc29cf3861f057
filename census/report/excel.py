"""Shared Excel writing: safe workbook options, styles, typed tables, signature block, print set-up."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from census.i18n import Translator
from census.report.context import Section, Signature, Table
from census.report.sheet import TableSheet, TableWorkbook

#: Never turn a user's text into a formula, link or number (OWASP CSV/formula injection):
#: strings are written with write_string, and these options guard every other path.
SAFE_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
A4 = 9
DATE_FORMAT = "dd-mm-yyyy"
_EPOCH = pd.Timestamp("1899-12-30")


def new_workbook(path: Path, constant_memory: bool = False) -> Workbook:
    """An xlsxwriter Workbook with the safe options (constant_memory for big row-ordered sheets).

    Otherwise the parts are assembled in memory (`in_memory`): xlsxwriter would write each
    part to a temporary file and delete it, which costs more than the parts' size in memory.
    """
    options: dict[str, Any] = {**SAFE_OPTIONS}
    if constant_memory:
        options["constant_memory"] = True
    else:
        options["in_memory"] = True
    return TableWorkbook(str(path), options)


class Styles:
    """The cell formats of one workbook."""

    def __init__(self, book: Workbook) -> None:
        base = {"font_name": "Arial", "font_size": 10, "valign": "top"}
        cell = {**base, "border": 1, "border_color": "#C9D1D9"}

        def fmt(**extra: Any) -> Any:
            return book.add_format({**cell, **extra})

        self.title = book.add_format({**base, "bold": True, "font_size": 14, "font_color": "#12355B"})
        self.subtitle = book.add_format({**base, "font_size": 11, "bold": True})
        self.plain = book.add_format(base)
        self.muted = book.add_format({**base, "font_color": "#5B6673", "italic": True})
        self.header = fmt(bold=True, bg_color="#E7ECF2", text_wrap=True, valign="bottom")
        self.text = fmt()
        self.wrap = fmt(text_wrap=True)
        self.int = fmt(num_format="#,##0")
        self.pct = fmt(num_format="0.0%")
        self.date = fmt(num_format=DATE_FORMAT, align="left")
        self.dash = fmt(align="right")
        self.total_text = fmt(bold=True, bg_color="#E7ECF2", top=2)
        self.total_int = fmt(bold=True, bg_color="#E7ECF2", top=2, num_format="#,##0")
        self.total_pct = fmt(bold=True, bg_color="#E7ECF2", top=2, num_format="0.0%")
        self.total_dash = fmt(bold=True, bg_color="#E7ECF2", top=2, align="right")
        self.good = book.add_format({"bg_color": "#E4F3EA", "font_color": "#2E7D4F", "bold": True})
        self.bad = book.add_format({"bg_color": "#FBEADF", "font_color": "#B4541A", "bold": True})
        self.late = book.add_format({"bg_color": "#FFF4E5"})
        self.sign_name = book.add_format({**base, "bold": True, "underline": 1})


@dataclass(frozen=True)
class Col:
    """A column of a written table: header, kind (text, int, pct, date) and a maximum width."""

    header: str
    kind: str = "text"
    max_width: int = 45
    min_width: int = 6


def excel_dates(values: pd.Series) -> list[float | None]:
    """Dates as Excel serial numbers (days since 1899-12-30), None when empty; vectorised."""
    days = (pd.to_datetime(values, errors="coerce") - _EPOCH).dt.days
    return [None if math.isnan(v) else v for v in days.astype(float).tolist()]


def write_table(
    ws: Worksheet,
    row: int,
    columns: Sequence[Col],
    data: Sequence[Sequence[Any]],
    st: Styles,
    total: Sequence[Any] | None = None,
    freeze_cols: int = 0,
) -> int:
    """Write a header at `row`, then `data` (a list per column), then an optional total row.

    Strings go through write_string, numbers through write_number; None leaves the cell blank
    ('-' for a missing percentage). Freezes the header, adds an autofilter over header + data,
    sets column widths from the content, and repeats the header on printed pages.
    Returns the first free row after the table.
    """
    for c, col in enumerate(columns):
        ws.write_string(row, c, col.header, st.header)
    n = len(data[0]) if data else 0
    if isinstance(ws, TableSheet) and not ws.constant_memory and row + n < ws.xls_rowmax:
        kinds = [col.kind for col in columns]
        formats = {"text": st.wrap, "date": st.date, "int": st.int, "pct": st.pct}
        ws.write_rows(row + 1, data, kinds, [formats[kind] for kind in kinds], st.dash)
    else:
        writers = [_writer(ws, col.kind, st, total=False) for col in columns]
        for r, values in enumerate(zip(*data, strict=True), start=row + 1):
            for c, value in enumerate(values):
                writers[c](r, c, value)
    last = row + n
    if total is not None:
        last += 1
        for c, (col, value) in enumerate(zip(columns, total, strict=True)):
            _writer(ws, col.kind, st, total=True)(last, c, value)
    ws.freeze_panes(row + 1, freeze_cols)
    ws.autofilter(row, 0, max(row + n, row), len(columns) - 1)
    ws.repeat_rows(row)
    widths = [_width(col, data[c] if data else []) for c, col in enumerate(columns)]
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    fit_header(ws, row, [col.header for col in columns], widths)
    return last + 1


def header_lines(text: str, width: float) -> int:
    """How many lines a wrapped header takes in a column of `width` characters."""
    # Bold Arial 10 is a little wider than the width unit ('0' of the default font).
    chars = max(int(width * 0.9) - 1, 4)
    return max(len(textwrap.wrap(text, chars, break_long_words=False)), 1)


def fit_header(ws: Worksheet, row: int, headers: Sequence[str], widths: Sequence[float]) -> None:
    """Give a header row the height of its longest wrapped header: Excel does not grow a row
    for wrapped text by itself, and a two-line header would show only its last line."""
    lines = max((header_lines(h, w) for h, w in zip(headers, widths, strict=True)), default=1)
    ws.set_row(row, 13 * lines + 3)


def _writer(ws: Worksheet, kind: str, st: Styles, total: bool) -> Callable[[int, int, Any], None]:
    write_string, write_number = ws.write_string, ws.write_number
    if kind == "text":
        fmt = st.total_text if total else st.wrap

        def text(r: int, c: int, value: Any) -> None:
            if value is not None and value != "":
                write_string(r, c, str(value), fmt)
            elif total:
                ws.write_blank(r, c, None, fmt)

        return text
    if kind == "date":

        def day(r: int, c: int, value: Any) -> None:
            if value is not None:
                write_number(r, c, value, st.date)

        return day
    number_fmt = {"int": (st.int, st.total_int), "pct": (st.pct, st.total_pct)}[kind][total]
    dash = st.total_dash if total else st.dash

    def number(r: int, c: int, value: Any) -> None:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            write_string(r, c, "-", dash)
        else:
            write_number(r, c, value, number_fmt)

    return number


def _width(col: Col, values: Sequence[Any]) -> float:
    if col.kind == "date":
        return 12
    if col.kind in ("int", "pct"):
        longest = 8
    else:
        sample = values if len(values) <= 5000 else values[:5000]
        longest = max(map(len, map(str, [v for v in sample if v is not None])), default=0)
    header = max((len(word) for word in col.header.split()), default=4)
    return float(min(max(longest + 2, header + 2, col.min_width), col.max_width))


def write_title(ws: Worksheet, lines: Sequence[str], st: Styles) -> int:
    """Title lines at the top of a sheet (first big, the rest bold); returns the next free row."""
    for i, line in enumerate(lines):
        ws.write_string(i, 0, line, st.title if i == 0 else st.subtitle)
    return len(lines) + 1


def write_signature(ws: Worksheet, row: int, col: int, sig: Signature, st: Styles) -> int:
    """'Jombang, 31 Maret 2022' / 'Mengetahui,' / 'Kepala …' / (space) / name / rank /
    'NIP. …' from `row`; returns the next row."""
    lines = [sig.place_date, *([sig.known] if sig.known else []), *sig.lines]
    for i, line in enumerate(lines):
        ws.write_string(row + i, col, line, st.plain)
    name_row = row + len(lines) + 3
    if sig.name:
        ws.write_string(name_row, col, sig.name, st.sign_name)
    else:
        ws.write_string(name_row, col, "(" + "." * 40 + ")", st.plain)
    if sig.rank:
        name_row += 1
        ws.write_string(name_row, col, sig.rank, st.plain)
    ws.write_string(name_row + 1, col, f"NIP. {sig.nip or '.' * 36}", st.plain)
    return name_row + 2


def page_setup(ws: Worksheet, t: Translator, landscape: bool = True) -> None:
    """A4, one page wide, page numbers in the footer (the header row is repeated on every
    page by write_table)."""
    ws.set_paper(A4)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    # &P and &N are Excel's codes for this page's number and the number of pages.
    ws.set_footer("&C" + t("Page {page} of {pages}", page="&P", pages="&N"))


def write_block(ws: Worksheet, row: int, table: Table, st: Styles, widths: dict[int, float]) -> int:
    """A Table (census.report.context) from `row`: header, rows (ints as numbers), a bold total;
    no freeze or filter, so several fit on one sheet. `widths` (column → width) grows with the
    content and is applied by the caller. Returns the next free row."""
    for c, header in enumerate(table.head):
        ws.write_string(row, c, header, st.header)
        widths[c] = max(widths.get(c, 0), min(max(len(w) for w in header.split() or [""]) + 2, 40))
    rows = list(table.rows) + ([table.total] if table.total else [])
    for r, values in enumerate(rows, start=row + 1):
        total = table.total is not None and r == row + len(rows)
        for c, value in enumerate(values):
            if isinstance(value, int):
                ws.write_number(r, c, value, st.total_int if total else st.int)
            else:
                ws.write_string(r, c, str(value), st.total_text if total else st.wrap)
                widths[c] = max(widths.get(c, 0), min(len(str(value)) + 2, 45))
    if not rows:
        ws.write_string(row + 1, 0, table.empty, st.muted)
        return row + 3
    return row + len(rows) + 2


def write_sections(ws: Worksheet, row: int, sections: Sequence[Section], st: Styles) -> int:
    """Each section's heading, note and table under one another; returns the next free row."""
    widths: dict[int, float] = {}
    for section in sections:
        ws.write_string(row, 0, section.heading, st.subtitle)
        row += 1
        if section.note:
            ws.write_string(row, 0, section.note, st.muted)
            row += 1
        if section.table is not None:
            row = write_block(ws, row, section.table, st, widths)
        else:
            row += 1
    for c, width in widths.items():
        ws.set_column(c, c, max(width, 6))
    return row
