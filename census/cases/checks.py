"""The findings of case rows on their own (no roster needed): dates, words, repeated positives."""

from __future__ import annotations

from datetime import date
from typing import Any, TypedDict

import numpy as np
import pandas as pd

from census import findings as catalogue
from census.cases.fields import DATE_FIELDS
from census.cases.sheets import CaseBook, all_cases
from census.findings import Finding
from census.model import Record
from census.read.book import SheetInfo
from census.register.names import normalise_names
from census.rules.table import Rules
from census.status.infection import recovery_dates
from census.values.nik import nik_states

#: Indonesia's first confirmed COVID-19 case: an earlier test date is a typing mistake.
FIRST_CASE = date(2020, 3, 2)
_UNKNOWN_CODES = (
    ("result", "case-result-unknown"),
    ("severity", "case-severity-unknown"),
    ("test_type", "case-test-type-unknown"),
    ("isolation_place", "case-place-unknown"),
    ("outcome", "case-outcome-unknown"),
)
#: Header shown for a date field when the sheet has no such column (messages only).
_DATE_NAMES = {"test_date": "Tanggal Tes", "isolation_start_date": "Mulai Isolasi",
               "isolation_end_date": "Selesai Isolasi", "outcome_date": "Tanggal Keadaan Akhir"}


class Where(TypedDict):
    """Where a finding about a case cell is: the arguments of census.findings.make."""

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    header: str | None
    unit: str | None


class Place:
    """Column letter and header of a field on each sheet of the books checked."""

    def __init__(self, books: list[CaseBook]) -> None:
        self.sheets: dict[tuple[str, str], SheetInfo] = {
            (book.file, info.sheet): info for book in books for info in book.sheets
        }

    def __call__(self, case: Record, field: str) -> Where:
        """Where `field` of the case row `case` is (header: the usual one when the sheet has
        no such column)."""
        info = self.sheets.get((str(case["file"]), str(case["sheet"])))
        column = info.columns.get(field) if info else None
        header = info.headers.get(field) if info else None
        return Where(file=str(case["file"]), sheet=str(case["sheet"]), row=int(case["row"]),
                     column=column, header=header or _DATE_NAMES.get(field),
                     unit=str(case["unit"]))


def check_cases(books: list[CaseBook], as_of: date, rules: Rules) -> list[Finding]:
    """Every finding of the case rows of `books` and of their sheets (header-not-found,
    missing-column for the test date) that needs no roster."""
    cases = all_cases(books)
    place = Place(books)
    found: list[Finding] = [f for book in books for info in book.sheets for f in info.findings]
    for book in books:
        for info in book.sheets:
            if info.header_row is not None and "test_date" not in info.columns:
                found.append(catalogue.make("missing-column", book.file, info.sheet,
                                            info.header_row, unit=book.unit,
                                            field=_DATE_NAMES["test_date"]))
    if cases.empty:
        return found
    day = pd.Timestamp(as_of)
    for case in cases.to_dict("records"):
        found += _row(case, place, day)
    found += _repeats(cases, place, rules)
    return found


def _day(value: Any) -> str:
    stamp = pd.Timestamp(value)
    return "" if pd.isna(stamp) else stamp.strftime("%d-%m-%Y")


def _row(case: Record, place: Place, day: pd.Timestamp) -> list[Finding]:
    out: list[Finding] = []
    filled = any(case.get(k) is not None for k in ("nik", "test_date_raw", "severity_raw"))
    if case.get("name") is None and filled:
        out.append(catalogue.make("name-missing", **place(case, "name")))
    dates = {name: pd.Timestamp(case[name]) for name in DATE_FIELDS}
    for name in DATE_FIELDS:
        raw = case.get(f"{name}_raw")
        when = dates[name]
        at = place(case, name)
        if raw is not None and pd.isna(when):
            out.append(catalogue.make("date-invalid", value=raw, **at))
        elif not pd.isna(when) and when < pd.Timestamp(FIRST_CASE):
            out.append(catalogue.make("case-date-too-early", value=raw, date=_day(when), **at))
        elif not pd.isna(when) and when > day and name != "isolation_end_date":
            # A planned end of isolation may lie ahead; a test or an outcome may not.
            out.append(catalogue.make("case-date-in-future", value=raw, date=_day(when),
                                      as_of=_day(day), **at))
    positive = case.get("result") == "positive"
    if positive and case.get("test_date_raw") is None:
        out.append(catalogue.make("case-date-missing", **place(case, "test_date")))
    start, end = dates["isolation_start_date"], dates["isolation_end_date"]
    if not pd.isna(start) and not pd.isna(end) and end < start:
        out.append(catalogue.make("case-isolation-order", value=case["isolation_end_date_raw"],
                                  start=_day(start), end=_day(end),
                                  **place(case, "isolation_end_date")))
    test, outcome = dates["test_date"], dates["outcome_date"]
    if not pd.isna(test) and not pd.isna(outcome) and outcome < test:
        out.append(catalogue.make("case-outcome-order", value=case["outcome_date_raw"],
                                  date=_day(outcome), test=_day(test),
                                  **place(case, "outcome_date")))
    for field, code in _UNKNOWN_CODES:
        if case.get(field) == "unknown":
            out.append(catalogue.make(code, value=case.get(f"{field}_raw"),
                                      **place(case, field)))
    return out


def person_keys(cases: pd.DataFrame) -> pd.Series:
    """Who a case row is before any roster is looked at: 'nik:<16 digits>' when its NIK is
    usable, else 'name:<unit>|<normalised name>' (None without a name)."""
    # The NIK is read as the register reads it (census.values.nik): usable or not alike.
    nik = pd.Series(
        nik_states(cases["nik"].to_numpy(dtype=object),
                   cases["nik_from_number"].fillna(False).to_numpy(dtype=bool)).keys(),
        index=cases.index, dtype=object,
    )
    names = normalise_names(cases["name"])
    by_name = ("name:" + cases["unit"].astype(str) + "|" + names.astype("string")).astype(object)
    keys = by_name.where(names.notna(), None)
    keys = keys.where(nik.isna(), "nik:" + nik)
    return keys.astype(object)


def _episodes(cases: pd.DataFrame, rules: Rules) -> dict[int, int | None]:
    """Each dated positive test → None when it opens an episode, else the index of the test
    whose isolation it falls in (the same person, tested positive again before recovering)."""
    table = cases.assign(_key=person_keys(cases), _recovered=recovery_dates(cases, rules))
    table = table[table["result"].eq("positive") & table["test_date"].notna()]
    table = table.sort_values(["_key", "test_date", "file", "sheet", "row"], kind="stable")
    found: dict[int, int | None] = {}
    opener = -1
    last_key: object = None
    for index, key, test in zip(table.index.tolist(), table["_key"], table["test_date"],
                                strict=True):
        if key is not None and key == last_key and test <= table.at[opener, "_recovered"]:
            found[index] = opener
            continue
        found[index] = None
        opener, last_key = index, key
    return found


def _repeats(cases: pd.DataFrame, place: Place, rules: Rules) -> list[Finding]:
    """case-repeat-positive: a person's positive test within the isolation of an earlier one."""
    recovered = recovery_dates(cases, rules)
    out: list[Finding] = []
    for index, opener in _episodes(cases, rules).items():
        if opener is None:
            continue
        case, first = cases.loc[index].to_dict(), cases.loc[opener]
        out.append(catalogue.make(
            "case-repeat-positive", value=case["test_date_raw"],
            other_row=f"{first['sheet']}!{first['row']}", other_date=_day(first["test_date"]),
            other_end=_day(recovered.loc[opener]), **place(case, "test_date"),
        ))
    return out


def episode_starts(cases: pd.DataFrame, rules: Rules) -> np.ndarray:
    """True for each dated positive test that opens an episode (not a repeat within an isolation)."""
    episodes = _episodes(cases, rules)
    return np.array([index in episodes and episodes[index] is None for index in cases.index],
                    dtype=bool)
