"""The change since the previous round as a workbook sheet: the summary's, and a unit pack's."""

from __future__ import annotations

from collections.abc import Sequence

from xlsxwriter.workbook import Workbook

from census.i18n import Translator
from census.report.excel import Col, Styles, page_setup, write_table, write_title
from census.report.since import SummarySince, UnitSince


def write_summary_since(book: Workbook, st: Styles, since: SummarySince, title: Sequence[str],
                        t: Translator) -> None:
    """Sheet `since.sheet`: the before → after table per unit; below it the coverage of every
    unit in every round and a real Excel line chart over it."""
    ws = book.add_worksheet(since.sheet)
    page_setup(ws, t, landscape=True)
    row = write_title(ws, [since.title, *title[1:], since.note], st)
    columns = [Col(since.head[0], max_width=40)] + [Col(h, max_width=16) for h in since.head[1:]]
    rows = [*since.rows, since.total]
    data = [[r.cells[c] for r in rows] for c in range(len(columns))]
    end = write_table(ws, row, columns, data, st, freeze_cols=1)
    for line in (since.moved_most, since.not_moved):
        ws.write_string(end, 0, line, st.plain)
        end += 1
    if len(since.rounds) < 2 or not since.series:
        return
    # The chart's data: units down, rounds across, as numbers (the chart reads these cells).
    top = end + 2
    ws.write_string(top - 1, 0, since.chart_title, st.subtitle)
    ws.write_string(top, 0, since.head[0], st.header)
    for c, day in enumerate(since.rounds, start=1):
        ws.write_string(top, c, day, st.header)
    for r, series in enumerate(since.series, start=top + 1):
        ws.write_string(r, 0, series.name, st.text)
        for c, value in enumerate(series.values, start=1):
            if value is None:
                ws.write_blank(r, c, None, st.pct)
            else:
                ws.write_number(r, c, value, st.pct)
    last = top + len(since.series)
    chart = book.add_chart({"type": "line"})
    for r in range(top + 1, last + 1):
        chart.add_series({
            "name": [since.sheet, r, 0],
            "categories": [since.sheet, top, 1, top, len(since.rounds)],
            "values": [since.sheet, r, 1, r, len(since.rounds)],
            "marker": {"type": "circle", "size": 5},
        })
    chart.set_title({"name": since.chart_title})
    chart.set_y_axis({"min": 0, "max": 1, "num_format": "0%", "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 760, "height": 360 + 14 * len(since.series)})
    ws.insert_chart(last + 2, 0, chart)


def write_unit_since(book: Workbook, st: Styles, since: UnitSince, title: Sequence[str],
                     t: Translator) -> None:
    """Sheet `since.sheet` of a unit pack (`title`: unit, department, census date lines): the
    summary sentence, then each list of people."""
    ws = book.add_worksheet(since.sheet)
    page_setup(ws, t, landscape=True)
    row = write_title(ws, [since.title, *title, since.summary], st)
    for part in since.lists:
        ws.write_string(row, 0, part.title, st.subtitle)
        row += 1
        if not part.rows:
            ws.write_string(row, 0, since.empty, st.muted)
            row += 2
            continue
        # Plain cells, not write_table: two tables on one sheet cannot both freeze and filter.
        for c, head in enumerate(part.head):
            ws.write_string(row, c, head, st.header)
        for r, values in enumerate(part.rows, start=row + 1):
            for c, value in enumerate(values):
                ws.write_string(r, c, value, st.text)
        row += len(part.rows) + 2
    widths = [6, 34, 18, 22, 18, 14, 12]
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
