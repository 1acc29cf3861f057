"""Machine-readable results of a run: persons.csv, doses.csv, memberships.csv and findings.json."""

from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from census.findings import Finding
from census.model import PERSON_COLUMNS

#: Rows of persons.csv formatted and written at a time: the text of the whole table is never
#: held at once.
_CSV_CHUNK = 100_000
_DATE_COLUMNS = ("birth_date", "last_dose_date", "next_due", "eligible_from")
_FLAG_COLUMNS = ("overdue", "verified")
#: What a spreadsheet reads as the start of a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_TEXT_COLUMNS = ("nik", "name", "sex", "units", "categories", "reason")


def neutralise(values: pd.Series) -> pd.Series:
    """Text cells a spreadsheet would run as a formula, prefixed with a single quote (OWASP's
    advice for CSV): '=1+1' → "'=1+1". Other cells unchanged; empty stays empty."""
    texts = values.astype("string")
    risky = texts.str.startswith(FORMULA_STARTS).fillna(False)
    if not risky.any():
        return values
    out = values.astype(object).copy()
    out[risky.to_numpy()] = ("'" + texts[risky]).astype(object)
    return out


def write_persons_csv(persons: pd.DataFrame, path: Path) -> None:
    """OUT/persons.csv: one row per distinct person, PERSON_COLUMNS in order, ISO dates, stable
    English codes (the machine-readable form; persons.xlsx is for people). Text cells starting
    with = + - @, a tab or a carriage return get a leading single quote (neutralise); line
    breaks inside a cell are LF.

    Streamed a chunk of rows at a time through the csv module (what pandas' to_csv writes
    with, so the bytes are the same), each column formatted in bulk.
    """
    columns = list(PERSON_COLUMNS)
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(columns)
        for start in range(0, len(persons), _CSV_CHUNK):
            chunk = persons.iloc[start : start + _CSV_CHUNK]
            cells = [_csv_column(chunk[column], column) for column in columns]
            writer.writerows(zip(*cells, strict=True))


def _csv_column(values: pd.Series, column: str) -> list[object]:
    """One column of persons.csv as Python values (None: an empty field)."""
    if column in _DATE_COLUMNS:
        days = pd.to_datetime(values, errors="coerce").to_numpy(dtype="datetime64[D]")
        text = np.datetime_as_string(days, unit="D").astype(object)
        text[np.isnat(days)] = None
        return text.tolist()
    if column in _FLAG_COLUMNS:
        flags = values.to_numpy(dtype=object)
        return ["true" if flag is True or flag is np.True_ else "false" for flag in flags.tolist()]
    if column in _TEXT_COLUMNS:
        values = neutralise(values)
    array = values.to_numpy(dtype=object, copy=True)
    array[pd.isna(array)] = None
    if column in _TEXT_COLUMNS:
        # A carriage return inside a cell would end the line for some readers: line breaks in
        # text are written as LF, which the writer quotes.
        return [v.replace("\r\n", "\n").replace("\r", "\n") if isinstance(v, str) and "\r" in v
                else v for v in array.tolist()]
    return array.tolist()


#: Columns of OUT/doses.csv: every dose counted for a person, in person and date order.
DOSE_CSV_COLUMNS: dict[str, str] = {
    "person_id": "the person (persons.csv)",
    "slot": "dose1, dose2, dose3 (the primary series in date order), booster1, booster2",
    "date": "date given (ISO)",
    "brand": "canonical brand code (empty when unknown)",
    "source": "roster, registry (a health-office export only) or both",
    "verified": "true when a health-office export has the dose",
}

#: Columns of OUT/memberships.csv: one row per (person, unit, category).
MEMBERSHIP_CSV_COLUMNS: dict[str, str] = {
    "person_id": "the person (persons.csv)",
    "unit": "unit code",
    "category": "category code",
}


def write_doses_csv(doses: pd.DataFrame, path: Path) -> None:
    """OUT/doses.csv: DOSE_CSV_COLUMNS (what `census diff` needs to say which dose is new)."""
    table = doses.loc[:, list(DOSE_CSV_COLUMNS)].copy()
    table["date"] = pd.to_datetime(table["date"], errors="coerce").dt.strftime("%Y-%m-%d")
    table["verified"] = table["verified"].map({True: "true", False: "false"}).fillna("false")
    table = table.sort_values(["person_id", "date", "slot"], kind="stable")
    table.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def write_memberships_csv(memberships: pd.DataFrame, path: Path) -> None:
    """OUT/memberships.csv: MEMBERSHIP_CSV_COLUMNS, sorted."""
    table = memberships.loc[:, list(MEMBERSHIP_CSV_COLUMNS)].astype(str)
    table = table.sort_values(list(MEMBERSHIP_CSV_COLUMNS), kind="stable")
    table.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def findings_json(findings: list[Finding], as_of: date, lang: str) -> dict[str, Any]:
    """The shape of `census validate --format json`, for every finding of a run."""
    by_severity = Counter(str(f.severity) for f in findings)
    by_code = Counter(f.code for f in findings)
    return {
        "as_of": as_of.isoformat(),
        "findings": [finding.to_dict(lang) for finding in findings],
        "summary": {
            "findings": len(findings),
            "errors": by_severity.get("error", 0),
            "warnings": by_severity.get("warning", 0),
            "by_code": dict(sorted(by_code.items())),
        },
    }


def write_findings_json(findings: list[Finding], as_of: date, lang: str, path: Path) -> None:
    """OUT/findings.json."""
    data = findings_json(findings, as_of, lang)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
