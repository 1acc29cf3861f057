"""units/<UNIT>.xlsx: one unit's pack (coverage, outstanding list, refused/exempt, findings)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from census.report.context import Section, Signature
from census.report.excel import (
    Col,
    Styles,
    excel_dates,
    new_workbook,
    page_setup,
    write_sections,
    write_signature,
    write_table,
    write_title,
)
from census.report.excel_since import write_unit_since
from census.report.labels import Labels
from census.report.since import UnitSince
from census.report.summary import STATUSES, UnitSummary


def write_unit_xlsx(
    path: Path,
    code: str,
    unit: UnitSummary,
    outstanding: pd.DataFrame | None,
    refused: pd.DataFrame | None,
    findings: pd.DataFrame | None,
    signature: Signature,
    as_of: str,
    department: str,
    t: Labels,
    cases: list[Section] | None = None,
    since: UnitSince | None = None,
) -> None:
    """Write the unit's workbook. Tables are already masked (census.report.tables); `cases`:
    the unit's COVID-19 cases, on their own sheet (none: no sheet); `since`: the unit's change
    since the previous round, a sheet after the coverage."""
    # Sheets are written top to bottom, so constant_memory=True would work; it measured no faster
    # at 2,500 people per unit and costs the shared-string table, so it stays off.
    book = new_workbook(path)
    st = Styles(book)
    heading = [unit.name, department, f"{t('census_date')} {as_of}"]

    ws = book.add_worksheet(t("sheet_coverage"))
    page_setup(ws, t, landscape=True)
    row = write_title(ws, [f"{t('report_title')} — {t('unit_title')}", *heading], st)
    columns = [
        Col(t("col_category"), max_width=28),
        Col(t("col_total"), "int"),
        *[Col(t.status(s), "int") for s in STATUSES],
        Col(t("col_eligible"), "int"),
        Col(t("col_at_least_one"), "int"),
        Col(t("col_coverage"), "pct"),
        Col(t("col_target"), "pct"),
        Col(t("col_target_met"), max_width=10),
        Col(t("col_dropout"), "pct"),
    ]
    rows = []
    for category, entry in unit.by_category.items():
        met = None if entry.target_met is None else t("yes" if entry.target_met else "no")
        rows.append([
            t.category(category), entry.total, *[entry.by_status[s] for s in STATUSES],
            entry.eligible, entry.at_least_one_dose, entry.coverage, entry.target, met,
            entry.dropout,
        ])
    total = [
        t("col_total"), unit.total, *[unit.by_status[s] for s in STATUSES], unit.eligible,
        unit.at_least_one_dose, unit.coverage, None, None, unit.dropout,
    ]
    data = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in columns]
    end = write_table(ws, row, columns, data, st, total, freeze_cols=1)
    if rows:
        met_col = chr(ord("A") + len(columns) - 2)
        met_range = f"{met_col}{row + 2}:{met_col}{row + 1 + len(rows)}"
        ws.conditional_format(met_range, {"type": "cell", "criteria": "==",
                                          "value": f'"{t("yes")}"', "format": st.good})
        ws.conditional_format(met_range, {"type": "cell", "criteria": "==",
                                          "value": f'"{t("no")}"', "format": st.bad})
    write_signature(ws, end + 2, len(columns) - 5, signature, st)
    if since is not None:
        write_unit_since(book, st, since, heading, t)

    ws = book.add_worksheet(t("sheet_outstanding"))
    page_setup(ws, t, landscape=True)
    row = write_title(ws, [f"{t('sec_outstanding')} — {unit.name}",
                           f"{t('census_date')} {as_of}", t("sec_outstanding_note")], st)
    columns = [
        Col(t("col_no"), "int", min_width=5),
        Col(t("col_name"), max_width=36),
        Col(t("col_nik"), min_width=18),
        Col(t("col_category"), max_width=24),
        Col(t("col_status"), max_width=18),
        Col(t("col_next_dose"), max_width=12),
        Col(t("col_from"), "date"),
        Col(t("col_overdue"), max_width=10),
        Col(t("col_reason"), max_width=40),
        Col(t("col_phone"), min_width=14, max_width=18),
    ]
    table = outstanding if outstanding is not None else _empty()
    n = len(table)
    data = [
        list(range(1, n + 1)),
        table["name"].tolist(),
        table["nik"].tolist(),
        table["category"].tolist(),
        table["status"].tolist(),
        table["next_dose"].tolist(),
        excel_dates(table["from_date"]),
        [t("yes") if v else t("no") for v in table["overdue"].tolist()],
        table["reason"].tolist(),
        table["phone"].tolist(),
    ]
    end = write_table(ws, row, columns, data, st, freeze_cols=2)
    if n:
        # Overdue people stand out on screen and on paper.
        ws.conditional_format(row + 1, 0, row + n, len(columns) - 1, {
            "type": "formula", "criteria": f'=$H{row + 2}="{t("yes")}"', "format": st.late,
        })
    else:
        ws.write_string(end, 0, t("empty_list"), st.muted)
    write_signature(ws, end + 2, len(columns) - 3, signature, st)

    ws = book.add_worksheet(t("sheet_refused"))
    page_setup(ws, t, landscape=True)
    row = write_title(ws, [f"{t('sec_refused')} — {unit.name}", f"{t('census_date')} {as_of}"],
                      st)
    columns = [
        Col(t("col_no"), "int", min_width=5),
        Col(t("col_name"), max_width=36),
        Col(t("col_nik"), min_width=18),
        Col(t("col_category"), max_width=24),
        Col(t("col_status"), max_width=22),
        Col(t("col_reason"), max_width=50),
        Col(t("col_phone"), min_width=14, max_width=18),
    ]
    table = refused if refused is not None else _empty()
    keys = ["name", "nik", "category", "status", "reason", "phone"]
    data = [list(range(1, len(table) + 1)), *[table[k].tolist() for k in keys]]
    end = write_table(ws, row, columns, data, st, freeze_cols=2)
    if not len(table):
        ws.write_string(end, 0, t("empty_list"), st.muted)

    if cases:
        ws = book.add_worksheet(cases[0].sheet or "Kasus")
        page_setup(ws, t, landscape=True)
        row = write_title(ws, [f"{cases[0].heading} — {unit.name}", f"{t('census_date')} {as_of}"],
                          st)
        write_sections(ws, row, cases, st)

    ws = book.add_worksheet(t("sheet_findings"))
    page_setup(ws, t, landscape=True)
    row = write_title(ws, [f"{t('sec_findings')} — {unit.name}", f"{t('census_date')} {as_of}"],
                      st)
    columns = [
        Col(t("col_no"), "int", min_width=5),
        Col(t("col_file"), max_width=30),
        Col(t("col_sheet"), max_width=16),
        Col(t("col_row"), "int"),
        Col(t("col_cell"), max_width=24),
        Col(t("col_severity"), max_width=12),
        Col(t("col_message"), max_width=70, min_width=40),
        Col(t("col_code"), max_width=24),
    ]
    table = findings if findings is not None else _empty()
    keys = ["file", "sheet", "row", "cell", "severity", "message", "code"]
    data = [list(range(1, len(table) + 1))]
    for key in keys:
        values = table[key].tolist() if key in table else []
        data.append([None if pd.isna(v) else v for v in values] if key == "row" else values)
    end = write_table(ws, row, columns, data, st, freeze_cols=1)
    if not len(table):
        ws.write_string(end, 0, t("empty_list"), st.muted)
    book.close()


def _empty() -> pd.DataFrame:
    keys = ["name", "nik", "category", "status", "next_dose", "from_date", "overdue", "reason",
            "phone", "file", "sheet", "row", "cell", "severity", "message", "code"]
    return pd.DataFrame({k: pd.Series([], dtype=object) for k in keys})
