"""persons.xlsx: one row per person for the secretary to read and filter (persons.csv stays the
machine-readable form): Indonesian headers and words, NIK as text, filters, frozen header."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
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
    # One (column, write method, format) per column, decided once: the loop below is the only
    # per-cell Python, and it stays close to xlsxwriter's own cost per cell.
    formats = {"nik": nik, "text": text, "date": day, "int": None}
    plan = [(c, ws.write_number if kind in ("int", "date") else ws.write_string, formats[kind])
            for c, (_, kind, _) in enumerate(COLUMNS)]
    for r, values in enumerate(zip(*columns, strict=True), start=top + 1):
        for (c, write, fmt), value in zip(plan, values, strict=True):
            if value is not None:  # empty cells are not written
                write(r, c, value, fmt)
    ws.freeze_panes(top + 1, 4)
    ws.autofilter(top, 0, top + max(len(persons), 1), len(COLUMNS) - 1)
    ws.repeat_rows(top)
    book.close()
    return path


def _values(persons: pd.DataFrame, config: Config, t: Translator) -> list[list[Any]]:
    """The columns of COLUMNS in order, as worded cells; None for an empty cell."""
    n = len(persons)

    def text(column: str) -> list[Any]:
        if column not in persons:
            return [None] * n
        values = persons[column]
        cells = values.astype(str).to_numpy(dtype=object)
        cells[values.isna().to_numpy() | (cells == "")] = None
        return cells.tolist()  # type: ignore[no-any-return]

    def words(column: str, word: Any, sep: str = ";") -> list[Any]:
        """Each distinct value worded once: its parts translated and joined with ', '."""
        codes, distinct = pd.factorize(pd.Series(text(column), dtype=object))
        worded = [", ".join(word(part) for part in value.split(sep) if part) or None
                  for value in distinct.tolist()]
        return np.array([*worded, None], dtype=object)[codes].tolist()  # type: ignore[no-any-return]

    def flags(column: str, true: str, false: str | None) -> list[Any]:
        chosen = persons[column].astype(bool).to_numpy().astype(np.intp)
        return np.array([false, true], dtype=object)[chosen].tolist()  # type: ignore[no-any-return]

    def counts(column: str) -> list[Any]:
        return pd.to_numeric(persons[column]).fillna(0).astype(int).tolist()

    return [
        list(range(1, n + 1)),
        text("person_id"),
        text("nik"),
        text("name"),
        excel_dates(persons["birth_date"]),
        text("sex"),
        words("units", config.unit_name),
        words("categories", t.category),
        words("status", t.status),
        counts("primary_doses"),
        counts("booster_doses"),
        excel_dates(persons["last_dose_date"]),
        words("next_dose", t.dose),
        excel_dates(persons["next_due"]),
        flags("overdue", t("Yes"), None),
        excel_dates(persons["eligible_from"]),
        flags("verified", t("Yes"), t("No")),
        text("reason"),
        text("phone"),
    ]
