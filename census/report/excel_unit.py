"""units/<UNIT>.xlsx: one unit's pack (coverage, outstanding list, refused/exempt, findings)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
from xlsxwriter.workbook import Workbook

from census.i18n import Translator
from census.report.context import Letter, PeopleList, Section, Signature
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
from census.report.excel_letter import write_letter_sheet
from census.report.excel_since import write_unit_since
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
    t: Translator,
    cases: list[Section] | None = None,
    letter: Letter | None = None,
    reminders: PeopleList | None = None,
    since: UnitSince | None = None,
) -> None:
    """Write the unit's workbook. Tables are already masked (census.report.tables); `cases`:
    the unit's COVID-19 cases, on their own sheet (none: no sheet). `letter`: the cover letter,
    the first sheet. `reminders`: the outstanding list as printed (census.report.pages), whose
    reminders get a sheet of their own when anyone has a phone number. `since`: the unit's
    change since the previous round, a sheet after the coverage."""
    # Sheets are written top to bottom, so constant_memory=True would work; it measured no faster
    # at 2,500 people per unit and costs the shared-string table, so it stays off.
    book = new_workbook(path)
    st = Styles(book)
    if letter is not None:
        write_letter_sheet(book, letter, t("Letter"))
    heading = [unit.name, department, t("As of {date}", date=as_of)]
    yes = t("Yes")
    outstanding_title = t("Outstanding list")
    refused_title = t("Refused and exempt")
    findings_title = t("Data-quality findings of this unit")

    ws = book.add_worksheet(t("Coverage"))
    page_setup(ws, t, landscape=True)
    row = write_title(ws, [" — ".join((t("COVID-19 Vaccination Census Report"), t("Unit Report"))), *heading], st)
    columns = [
        Col(t("Category"), max_width=28),
        Col(t("Total"), "int"),
        *[Col(t.status(s), "int") for s in STATUSES],
        Col(t("Eligible"), "int"),
        Col(t("At least 1 dose"), "int"),
        Col(t("Coverage"), "pct"),
        Col(t("Target"), "pct"),
        Col(t("Met"), max_width=10),
        Col(t("Dropout"), "pct"),
    ]
    rows = []
    for category, entry in unit.by_category.items():
        met = None if entry.target_met is None else (t("Yes") if entry.target_met else t("No"))
        rows.append([
            t.category(category), entry.total, *[entry.by_status[s] for s in STATUSES],
            entry.eligible, entry.at_least_one_dose, entry.coverage, entry.target, met,
            entry.dropout,
        ])
    total = [
        t("Total"), unit.total, *[unit.by_status[s] for s in STATUSES], unit.eligible,
        unit.at_least_one_dose, unit.coverage, None, None, unit.dropout,
    ]
    data = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in columns]
    end = write_table(ws, row, columns, data, st, total, freeze_cols=1)
    if rows:
        met_col = chr(ord("A") + len(columns) - 2)
        met_range = f"{met_col}{row + 2}:{met_col}{row + 1 + len(rows)}"
        ws.conditional_format(met_range, {"type": "cell", "criteria": "==",
                                          "value": '"' + t("Yes") + '"', "format": st.good})
        ws.conditional_format(met_range, {"type": "cell", "criteria": "==",
                                          "value": '"' + t("No") + '"', "format": st.bad})
    write_signature(ws, end + 2, len(columns) - 5, signature, st)
    if since is not None:
        write_unit_since(book, st, since, heading, t)

    ws = book.add_worksheet(t("Outstanding"))
    page_setup(ws, t, landscape=True)
    row = write_title(ws, [f"{outstanding_title} — {unit.name}",
                           t("As of {date}", date=as_of), t("Partial, unvaccinated and deferred; overdue first, then by date.")], st)
    table = outstanding if outstanding is not None else _empty()
    n = len(table)
    overdue = table["overdue"].tolist()
    listed = [
        (Col(t("No."), "int", min_width=5), list(range(1, n + 1))),
        (Col(t("Name"), max_width=36), table["name"].tolist()),
        (Col(t("NIK"), min_width=18), table["nik"].tolist()),
        (Col(t("Category"), max_width=24), table["category"].tolist()),
        (Col(t("Status"), max_width=18), table["status"].tolist()),
        (Col(t("Next dose"), max_width=12), table["next_dose"].tolist()),
        (Col(t("From"), "date"), excel_dates(table["from_date"])),
        (Col(t("Overdue"), max_width=10), [yes if v else "" for v in overdue]),
        (Col(t("Reason/Remark"), max_width=40), table["reason"].tolist()),
        (Col(t("Phone"), min_width=14, max_width=18), table["phone"].tolist()),
    ]
    # A column only when it holds data (a roster without phones prints no phone column).
    always = {t("No."), t("Name"), t("Status"), t("Next dose")}
    listed = [(c, v) for c, v in listed if c.header in always or _has_data(v)]
    columns = [c for c, _ in listed]
    data = [v for _, v in listed]
    end = write_table(ws, row, columns, data, st, freeze_cols=2)
    if n and any(overdue):
        # Overdue people stand out on screen and on paper.
        mark = chr(ord("A") + [c.header for c in columns].index(t("Overdue")))
        ws.conditional_format(row + 1, 0, row + n, len(columns) - 1, {
            "type": "formula", "criteria": f'=${mark}{row + 2}="{yes}"', "format": st.late,
        })
    elif not n:
        ws.write_string(end, 0, t("None."), st.muted)
    write_signature(ws, end + 2, max(len(columns) - 3, 1), signature, st)
    if reminders is not None and reminders.reminders:
        _reminder_sheet(book, st, reminders, unit.name, as_of, t)

    ws = book.add_worksheet(t("Refused-Exempt"))
    page_setup(ws, t, landscape=True)
    row = write_title(ws, [f"{refused_title} — {unit.name}", t("As of {date}", date=as_of)],
                      st)
    columns = [
        Col(t("No."), "int", min_width=5),
        Col(t("Name"), max_width=36),
        Col(t("NIK"), min_width=18),
        Col(t("Category"), max_width=24),
        Col(t("Status"), max_width=22),
        Col(t("Reason/Remark"), max_width=50),
        Col(t("Phone"), min_width=14, max_width=18),
    ]
    table = refused if refused is not None else _empty()
    keys = ["name", "nik", "category", "status", "reason", "phone"]
    data = [list(range(1, len(table) + 1)), *[table[k].tolist() for k in keys]]
    kept = [i for i, values in enumerate(data) if i in (0, 1, 4) or _has_data(values)]
    columns, data = [columns[i] for i in kept], [data[i] for i in kept]
    end = write_table(ws, row, columns, data, st, freeze_cols=2)
    if not len(table):
        ws.write_string(end, 0, t("None."), st.muted)

    if cases:
        ws = book.add_worksheet(cases[0].sheet or t("Cases"))
        page_setup(ws, t, landscape=True)
        row = write_title(ws, [f"{cases[0].heading} — {unit.name}", t("As of {date}", date=as_of)],
                          st)
        # Several tables on one sheet: the sheet's title lines head every printed page.
        ws.repeat_rows(0, row - 2)
        write_sections(ws, row, cases, st)

    ws = book.add_worksheet(t("Findings"))
    page_setup(ws, t, landscape=True)
    row = write_title(ws, [f"{findings_title} — {unit.name}", t("As of {date}", date=as_of)],
                      st)
    columns = [
        Col(t("No."), "int", min_width=5),
        Col(t("File"), max_width=30),
        Col(t("Sheet"), max_width=16),
        Col(t("Row"), "int"),
        Col(t("Cell"), max_width=24),
        Col(t("Severity"), max_width=12),
        Col(t("Message"), max_width=70, min_width=40),
        Col(t("Code"), max_width=24),
    ]
    table = findings if findings is not None else _empty()
    keys = ["file", "sheet", "row", "cell", "severity", "message", "code"]
    data = [list(range(1, len(table) + 1))]
    for key in keys:
        values = table[key].tolist() if key in table else []
        data.append([None if pd.isna(v) else v for v in values] if key == "row" else values)
    end = write_table(ws, row, columns, data, st, freeze_cols=1)
    if not len(table):
        ws.write_string(end, 0, t("None."), st.muted)
    book.close()


def _has_data(values: list[object]) -> bool:
    return any(v is not None and v not in ("", "-") for v in values)


def _reminder_sheet(book: Workbook, st: Styles, people: PeopleList, unit: str, as_of: str,
                    t: Translator) -> None:
    """'Pengingat': per person with a phone the ready reminder text and its wa.me link."""
    ws = book.add_worksheet(t("Reminders"))
    page_setup(ws, t, landscape=True)
    row = write_title(ws, [f"{t('Reminders')} — {unit}", t("As of {date}", date=as_of),
                           t("A ready WhatsApp text for each person with a phone number.")], st)
    head = people.head
    name, phone = head.index(t("Name")), head.index(t("Phone"))
    chosen = [(r, reminder) for r, reminder in zip(people.rows, people.reminders, strict=True)
              if reminder is not None]
    columns = [Col(t("No."), "int", min_width=5), Col(t("Name"), max_width=32),
               Col(t("Phone"), min_width=14, max_width=18), Col(t("Reminder"), max_width=90),
               Col(t("Link"), max_width=12)]
    data: list[list[Any]] = [
        [int(r[0]) for r, _ in chosen], [r[name] for r, _ in chosen],
        [r[phone] for r, _ in chosen], [reminder.text for _, reminder in chosen],
        ["" for _ in chosen],
    ]
    write_table(ws, row, columns, data, st, freeze_cols=2)
    for i, (_, reminder) in enumerate(chosen[:60000], start=row + 1):
        # Excel holds at most 65,530 links per sheet, each at most 2,079 characters.
        if len(reminder.link) <= 2079:
            ws.write_url(i, 4, reminder.link, string="WhatsApp")


@cache
def _empty() -> pd.DataFrame:
    # Made once per process (a few milliseconds each, for most units' empty findings and
    # refused lists); only read.
    keys = ["name", "nik", "category", "status", "next_dose", "from_date", "overdue", "reason",
            "phone", "file", "sheet", "row", "cell", "severity", "message", "code"]
    return pd.DataFrame(columns=keys, dtype=object)  # a fifth of the cost of one Series per key
