"""summary.xlsx: the department's workbook (units × status, coverage vs target, quality, charts)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from census.findings import label
from census.i18n import Translator
from census.report.context import Signature
from census.report.excel import (
    Col,
    Styles,
    new_workbook,
    page_setup,
    write_signature,
    write_table,
    write_title,
)
from census.report.excel_since import write_summary_since
from census.report.since import SummarySince
from census.report.summary import STATUSES, Summary
from census.report.tables import QualityRow


def write_summary_xlsx(
    summary: Summary, quality: list[QualityRow], path: Path, t: Translator,
    signature: Signature | None = None, note: str = "",
    since: SummarySince | None = None,
) -> None:
    """Write the department workbook: Ringkasan, Cakupan, Kualitas data and Grafik sheets, and
    the change since the previous round when `since` is given.

    `signature`: the department's signer under the Ringkasan table; `note`: why the unit rows
    add up to more than the department (people in two units), printed under it."""
    book = new_workbook(path)
    st = Styles(book)
    title = [
        " — ".join((t("COVID-19 Vaccination Census Report"), t("Department Summary"))),
        summary.department,
        t("As of {date}", date=t.date(summary.as_of)),
    ]
    units = list(summary.units.items())
    n_units = len(units)

    # Sheet 1: people by status per unit, with coverage and dropout.
    ws = book.add_worksheet(t("Summary"))
    page_setup(ws, t, landscape=True)
    header_row = write_title(ws, title, st)
    errors = {q.unit: q for q in quality}
    columns = [
        Col(t("Unit code"), max_width=24),
        Col(t("Unit"), max_width=40),
        Col(t("Total"), "int"),
        *[Col(t.status(s), "int") for s in STATUSES],
        Col(t("Eligible"), "int"),
        Col(t("At least 1 dose"), "int"),
        Col(t("Coverage"), "pct"),
        Col(t("Dropout"), "pct"),
        Col(t("Errors"), "int"),
        Col(t("Warnings"), "int"),
    ]
    rows = [
        [
            code, unit.name, unit.total, *[unit.by_status[s] for s in STATUSES], unit.eligible,
            unit.at_least_one_dose, unit.coverage, unit.dropout,
            errors[code].errors if code in errors else 0,
            errors[code].warnings if code in errors else 0,
        ]
        for code, unit in units
    ]
    tot = summary.totals
    total = [
        "", t("Whole department"), tot.total, *[tot.by_status[s] for s in STATUSES], tot.eligible,
        tot.at_least_one_dose, tot.coverage, tot.dropout,
        sum(q.errors for q in quality), sum(q.warnings for q in quality),
    ]
    end = write_table(ws, header_row, columns, _columns(rows, len(columns)), st, total,
                      freeze_cols=2)
    coverage_col = 2 + len(STATUSES) + 3
    if note:
        ws.write_string(end + 1, 0, note, st.muted)
    if signature is not None:
        write_signature(ws, end + 3, len(columns) - 4, signature, st)

    # Sheet 2: coverage per unit × category against its target.
    ws = book.add_worksheet(t("Coverage"))
    page_setup(ws, t, landscape=True)
    cov_header = write_title(ws, title, st)
    columns = [
        Col(t("Unit code"), max_width=24),
        Col(t("Unit"), max_width=40),
        Col(t("Category"), max_width=28),
        Col(t("Total"), "int"),
        Col(t("Eligible"), "int"),
        Col(t.status("complete"), "int"),
        Col(t("At least 1 dose"), "int"),
        Col(t("Coverage"), "pct"),
        Col(t("Target"), "pct"),
        Col(t("Met"), max_width=10),
        Col(t("Dropout"), "pct"),
    ]
    rows = []
    every = [*units, ("", tot)]
    for code, unit in every:
        for category, entry in unit.by_category.items():
            met = None if entry.target_met is None else (t("Yes") if entry.target_met else t("No"))
            rows.append([
                code, unit.name if code else t("Whole department"), t.category(category), entry.total,
                entry.eligible, entry.by_status["complete"], entry.at_least_one_dose,
                entry.coverage, entry.target, met, entry.dropout,
            ])
    end = write_table(ws, cov_header, columns, _columns(rows, len(columns)), st, freeze_cols=3)
    if rows:
        first, last = cov_header + 1, end - 1
        # Colour coverage against the target of the same row (H vs I), and the yes/no column.
        cover = f"H{first + 1}:H{last + 1}"
        ws.conditional_format(cover, {"type": "formula", "criteria":
                              f"=AND(ISNUMBER(H{first + 1}),H{first + 1}>=I{first + 1}-1E-9)",
                              "format": st.good})
        ws.conditional_format(cover, {"type": "formula", "criteria":
                              f"=AND(ISNUMBER(H{first + 1}),H{first + 1}<I{first + 1}-1E-9)",
                              "format": st.bad})
        met_range = f"J{first + 1}:J{last + 1}"
        ws.conditional_format(met_range, {"type": "cell", "criteria": "==",
                                          "value": '"' + t("Yes") + '"', "format": st.good})
        ws.conditional_format(met_range, {"type": "cell", "criteria": "==",
                                          "value": '"' + t("No") + '"', "format": st.bad})

    # Sheet 3: data quality per unit.
    ws = book.add_worksheet(t("Data quality"))
    page_setup(ws, t, landscape=True)
    q_header = write_title(ws, title, st)
    columns = [
        Col(t("Unit code"), max_width=24),
        Col(t("Unit"), max_width=40),
        Col(t("Errors"), "int"),
        Col(t("Warnings"), "int"),
        Col(t("Most frequent findings"), max_width=70),
        Col(t("Codes"), max_width=50),
    ]
    rows = []
    for q in quality:
        name = t("No unit (unreadable files, etc.)") if q.unit is None else (
            summary.units[q.unit].name if q.unit in summary.units else q.unit
        )
        top = ", ".join(f"{t(label(code))} ({n})" for code, n, _ in q.top_codes)
        codes = ", ".join(code for code, _, _ in q.top_codes)
        rows.append([q.unit or "", name, q.errors, q.warnings, top, codes])
    end = write_table(ws, q_header, columns, _columns(rows, len(columns)), st, freeze_cols=2)
    ws.write_string(end + 1, 0, t("Errors first, then warnings."), st.muted)

    # Sheet 3b: the remarks census could not interpret (only when there are some).
    if summary.remarks_not_understood:
        ws = book.add_worksheet(t("Remarks"))
        page_setup(ws, t, landscape=True)
        note = t("These remarks do not count for anyone's status. Add your offices' wording to "
                  "census.toml [rules.remarks] when they mean deferred, refused or exempt.")
        r_header = write_title(ws, [*title, t("Remarks not understood"), note], st)
        columns = [Col(t("Remark"), max_width=70), Col(t("Rows"), "int")]
        rows = [[r.text, r.count] for r in summary.remarks_not_understood]
        write_table(ws, r_header, columns, _columns(rows, len(columns)), st)

    # Sheet 4: charts (real Excel charts over the numbers above).
    ws = book.add_worksheet(t("Charts"))
    page_setup(ws, t, landscape=True)
    c_header = write_title(ws, title, st)
    columns = [Col(t("Category"), max_width=28), Col(t("Coverage"), "pct"),
               Col(t("Target"), "pct")]
    cats = list(tot.by_category.items())
    rows = [[t.category(c), e.coverage, e.target] for c, e in cats]
    write_table(ws, c_header, columns, _columns(rows, 3), st)
    sheet = t("Charts")
    chart = book.add_chart({"type": "column"})
    for col, colour in ((1, "#2E7D4F"), (2, "#12355B")):
        chart.add_series({
            "name": [sheet, c_header, col],
            "categories": [sheet, c_header + 1, 0, c_header + len(cats), 0],
            "values": [sheet, c_header + 1, col, c_header + len(cats), col],
            "fill": {"color": colour},
            "data_labels": {"value": True, "num_format": "0%"},
        })
    chart.set_title({"name": t("Coverage by category against target")})
    chart.set_y_axis({"min": 0, "max": 1, "num_format": "0%", "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 640, "height": 320})
    ws.insert_chart(c_header + len(cats) + 3, 0, chart)

    bars = book.add_chart({"type": "bar"})
    summary_sheet = t("Summary")
    bars.add_series({
        "name": t("Coverage"),
        "categories": [summary_sheet, header_row + 1, 1, header_row + max(n_units, 1), 1],
        "values": [summary_sheet, header_row + 1, coverage_col, header_row + max(n_units, 1),
                   coverage_col],
        "fill": {"color": "#2E7D4F"},
        "data_labels": {"value": True, "num_format": "0%"},
    })
    bars.set_title({"name": t("Coverage by unit")})
    bars.set_x_axis({"min": 0, "max": 1, "num_format": "0%"})
    bars.set_y_axis({"reverse": True})
    bars.set_legend({"none": True})
    bars.set_size({"width": 640, "height": 120 + 22 * max(n_units, 1)})
    ws.insert_chart(c_header + len(cats) + 21, 0, bars)
    if since is not None:
        write_summary_since(book, st, since, title, t)
    book.close()


def _columns(rows: Sequence[Sequence[Any]], width: int) -> list[list[Any]]:
    """Row lists → column lists (what write_table takes)."""
    if not rows:
        return [[] for _ in range(width)]
    return [list(column) for column in zip(*rows, strict=True)]
