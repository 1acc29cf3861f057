"""persons.xlsx: one row per person for the secretary to read and filter (persons.csv stays the
machine-readable form): Indonesian headers and words, NIK as text, filters, frozen header."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from census.config import Config
from census.i18n import N_, Translator
from census.report.excel import (
    DATE_FORMAT,
    Styles,
    excel_dates,
    fit_header,
    new_workbook,
    page_setup,
    write_title,
)

#: (header, kind, width): kinds text, nik (text kept as text), int, date.
COLUMNS = [
    (N_("No."), "int", 7), (N_("ID"), "text", 9), (N_("NIK"), "nik", 19),
    (N_("Name"), "text", 30), (N_("Birth date"), "date", 12), (N_("Sex"), "text", 5),
    (N_("Unit"), "text", 34), (N_("Category"), "text", 24), (N_("Status"), "text", 20),
    (N_("Primary doses"), "int", 9), (N_("Booster doses"), "int", 9),
    (N_("Last dose"), "date", 12), (N_("Next dose"), "text", 11), (N_("From"), "date", 12),
    (N_("Overdue"), "text", 10), (N_("Eligible from"), "date", 12),
    (N_("Verified"), "text", 10), (N_("Reason/Remark"), "text", 40), (N_("Phone"), "text", 16),
]  # fmt: skip


def write_persons_xlsx(persons: pd.DataFrame, config: Config, path: Path, t: Translator) -> Path:
    """OUT/persons.xlsx: every person of the census (full NIKs: the department's own copy)."""
    book = new_workbook(path, constant_memory=True)
    st = Styles(book)
    nik = book.add_format({"font_name": "Arial", "font_size": 10, "num_format": "@"})
    text = book.add_format({"font_name": "Arial", "font_size": 10})
    day = book.add_format({"font_name": "Arial", "font_size": 10, "num_format": DATE_FORMAT,
                           "align": "left"})
    ws = book.add_worksheet(t("People"))
    page_setup(ws, t, landscape=True)
    heads = [t(head) for head, _, _ in COLUMNS]
    for c, (_, _, width) in enumerate(COLUMNS):
        ws.set_column(c, c, width)
    title = [t("Every person of the census"), config.department,
             t("As of {date}", date=t.date(config.as_of))]
    top = write_title(ws, title, st)
    # constant_memory writes a row once the next begins: its height is set before its cells.
    fit_header(ws, top, heads, [width for _, _, width in COLUMNS])
    for c, head in enumerate(heads):
        ws.write_string(top, c, head, st.header)
    columns = _values(persons, config, t)
    formats = {"nik": nik, "text": text, "date": day}
    kinds = [kind for _, kind, _ in COLUMNS]
    for r, values in enumerate(zip(*columns, strict=True), start=top + 1):
        for c, value in enumerate(values):
            if value is None or value == "":
                continue
            kind = kinds[c]
            if kind == "int":
                ws.write_number(r, c, value)
            elif kind == "date":
                ws.write_number(r, c, value, day)
            else:
                ws.write_string(r, c, value, formats[kind])
    ws.freeze_panes(top + 1, 4)
    ws.autofilter(top, 0, top + max(len(persons), 1), len(COLUMNS) - 1)
    ws.repeat_rows(top)
    book.close()
    return path


def _values(persons: pd.DataFrame, config: Config, t: Translator) -> list[list[Any]]:
    """The columns of COLUMNS in order, as worded cells."""
    def text(column: str) -> list[str]:
        values = persons[column] if column in persons else pd.Series([None] * len(persons))
        return ["" if pd.isna(v) else str(v) for v in values.tolist()]

    def words(column: str, word: Any, sep: str = ";") -> list[str]:
        cache: dict[str, str] = {}
        out = []
        for value in text(column):
            if value not in cache:
                cache[value] = ", ".join(word(part) for part in value.split(sep) if part)
            out.append(cache[value])
        return out

    yes, no = t("Yes"), t("No")
    return [
        list(range(1, len(persons) + 1)),
        text("person_id"),
        text("nik"),
        text("name"),
        excel_dates(persons["birth_date"]),
        text("sex"),
        words("units", config.unit_name),
        words("categories", t.category),
        words("status", t.status),
        [int(v) for v in pd.to_numeric(persons["primary_doses"]).fillna(0).tolist()],
        [int(v) for v in pd.to_numeric(persons["booster_doses"]).fillna(0).tolist()],
        excel_dates(persons["last_dose_date"]),
        words("next_dose", t.dose),
        excel_dates(persons["next_due"]),
        [yes if v is True else "" for v in persons["overdue"].astype(bool).tolist()],
        excel_dates(persons["eligible_from"]),
        [yes if v is True else no for v in persons["verified"].astype(bool).tolist()],
        text("reason"),
        text("phone"),
    ]
