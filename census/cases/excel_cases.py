"""The case workbooks: one sheet per section of a CasePage, a real chart of new cases by month, and
the health office's letter with its attachment."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from census.cases.exposure import GROUPS
from census.cases.views import GROUP_COLOURS, CasePage
from census.i18n import Translator, translator
from census.output import save_atomic
from census.report.context import Section, Table
from census.report.excel import Col, Styles, new_workbook, page_setup, write_table, write_title
from census.report.excel_letter import confidential, write_attachment_heading, write_letter_sheet
from census.report.letter import Letter

_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unused sheet name (at most 31 characters, none of []:*?/\\)."""
    base = text.translate(_SHEET_CHARS).strip()[:31] or "Sheet"
    name, n = base, 1
    while name.casefold() in taken:
        n += 1
        name = f"{base[:28]} {n}"
    taken.add(name.casefold())
    return name


def write_table_sheet(book: Workbook, ws: Worksheet, row: int, table: Table, st: Styles) -> int:
    """A Table through write_table (frozen header, filter, widths): ints as numbers."""
    # A count column is written as numbers ('' — unknown — as a blank cell).
    numeric = [
        i in table.numeric and all(isinstance(r[i], int) or r[i] == "" for r in table.rows)
        for i in range(len(table.head))
    ]
    columns = [Col(h, "int" if numeric[i] else "text", max_width=40 if i else 8)
               for i, h in enumerate(table.head)]
    data = [[None if numeric[i] and r[i] == "" else r[i] for r in table.rows]
            for i in range(len(table.head))]
    end = write_table(ws, row, columns, data, st, total=table.total, freeze_cols=0)
    if not table.rows:
        ws.write_string(end, 0, table.empty, st.muted)
    return end


def _sheets(book: Workbook, page: CasePage, st: Styles, t: Translator, heading: Sequence[str],
            letter: Letter | None = None) -> dict[str, tuple[Worksheet, int]]:
    """A sheet per section with a table; returns section key → (sheet, row of its header)."""
    sheets: dict[str, tuple[Worksheet, int]] = {}
    taken: set[str] = set()
    if letter is not None:
        taken.add(book.worksheets()[0].name.casefold())
    for section in page.sections:
        if section.table is None:
            continue
        ws = book.add_worksheet(sheet_name(section.sheet or section.heading, taken))
        page_setup(ws, t, landscape=True)  # wide tables: every report sheet prints landscape
        row = 0
        if letter is not None:
            confidential(ws, letter)
            row = write_attachment_heading(ws, book, letter, len(section.table.head) - 3)
        elif page.confidential:
            ws.set_header(f'&R&"Arial,Bold"{page.t("CONFIDENTIAL")}')
        row = max(row, write_title(ws, [*heading, section.heading], st))
        if section.note:
            ws.write_string(row - 1, 0, section.note, st.muted)
            row += 1
        write_table_sheet(book, ws, row, section.table, st)
        sheets[section.sheet or section.heading] = (ws, row)
    return sheets


def write_page_xlsx(path: Path, page: CasePage, chart_of: str | None = None) -> None:
    """The workbook of a CasePage: a sheet per section. `chart_of`: the section whose table
    (month, one column per group, total) gets a stacked column chart beside it."""

    def save(target: Path) -> None:
        book = new_workbook(target)
        st = Styles(book)
        heading = [page.title, page.department, page.subtitle]
        sheets = _sheets(book, page, st, translator(page.lang), heading)
        section = next((s for s in page.sections if (s.sheet or s.heading) == chart_of), None)
        if section is not None and section.table is not None and section.table.rows:
            ws, header_row = sheets[chart_of or ""]
            _month_chart(book, ws, section, header_row)
        book.close()

    save_atomic(path, save)


def _month_chart(book: Workbook, ws: Worksheet, section: Section, header_row: int) -> None:
    """A stacked column chart of the month table written at `header_row` on `ws`."""
    table = section.table
    assert table is not None
    first, last = header_row + 1, header_row + len(table.rows)
    chart: Any = book.add_chart({"type": "column", "subtype": "stacked"})
    for i, group in enumerate(GROUPS, start=1):
        chart.add_series({
            "name": [ws.name, header_row, i],
            "categories": [ws.name, first, 0, last, 0],
            "values": [ws.name, first, i, last, i],
            "fill": {"color": GROUP_COLOURS[group]},
            "gap": 60,
        })
    chart.set_title({"name": section.heading})
    chart.set_legend({"position": "bottom"})
    chart.set_y_axis({"major_gridlines": {"visible": True}, "min": 0})
    chart.set_size({"width": 760, "height": 340})
    ws.insert_chart(header_row, len(table.head) + 1, chart)


def write_letter_xlsx(path: Path, letter: Letter, attachment: CasePage) -> None:
    """The letter on its first sheet, then each section of `attachment` on its own sheet headed
    'Lampiran Surat Nomor … Tanggal …'; 'RAHASIA' in every page's header when confidential."""

    def save(target: Path) -> None:
        book = new_workbook(target)
        st = Styles(book)
        write_letter_sheet(book, letter, sheet_name(letter.t("Letter"), set()))
        _sheets(book, attachment, st, translator(letter.lang),
                [attachment.title, attachment.department, attachment.subtitle], letter=letter)
        book.close()

    save_atomic(path, save)
