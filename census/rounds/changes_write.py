"""changes.html and changes.xlsx of `census diff --out DIR`: every table of a diff, written atomically."""

from __future__ import annotations

import re
from pathlib import Path

from census.output import save_atomic, write_text_atomic
from census.report.excel import Col, Styles, new_workbook, page_setup, write_table, write_title
from census.report.html import environment
from census.rounds.changes_page import ChangesPage, changes_page
from census.rounds.diff import Diff


def write_changes(diff: Diff, out: Path, lang: str = "id") -> list[Path]:
    """Write OUT/changes.html and OUT/changes.xlsx (the folder is made when missing)."""
    page = changes_page(diff, lang)
    html = out / "changes.html"
    write_text_atomic(html, render_changes(page))
    xlsx = out / "changes.xlsx"
    save_atomic(xlsx, lambda path: write_changes_xlsx(page, path))
    return [html, xlsx]


def render_changes(page: ChangesPage) -> str:
    """templates/rounds/changes.html filled with `page`."""
    return str(environment().get_template("rounds/changes.html").render(page=page, t=page.t))


def write_changes_xlsx(page: ChangesPage, path: Path) -> None:
    """One sheet per table of `page`, each with the report's title lines."""
    book = new_workbook(path)
    st = Styles(book)
    taken: set[str] = set()
    for table in page.tables:
        ws = book.add_worksheet(_sheet_name(table.title, taken))
        page_setup(ws, page.t, landscape=True)
        lines = [table.title, page.department, page.as_of] + ([table.note] if table.note else [])
        row = write_title(ws, lines, st)
        columns = [Col(head, max_width=60 if head == table.head[-1] else 36)
                   for head in table.head]
        data = [[r[c] for r in table.rows] for c in range(len(columns))]
        end = write_table(ws, row, columns, data, st, freeze_cols=min(2, len(columns)))
        if not table.rows:
            ws.write_string(end, 0, page.empty, st.muted)
    book.close()


def _sheet_name(title: str, taken: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique in the book."""
    base = re.sub(r"[\[\]:*?/\\]", "-", title).strip("' ")[:31] or "Sheet"
    name, n = base, 1
    while name.casefold() in taken:
        n += 1
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
    taken.add(name.casefold())
    return name
