"""Machine-readable results of a run: persons.csv and findings.json."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from census.findings import Finding
from census.model import PERSON_COLUMNS

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
    breaks inside a cell are LF."""
    table = persons.loc[:, list(PERSON_COLUMNS)].copy()
    for column in ("birth_date", "last_dose_date", "next_due", "eligible_from"):
        table[column] = pd.to_datetime(table[column], errors="coerce").dt.strftime("%Y-%m-%d")
    for column in ("overdue", "verified"):
        table[column] = table[column].map({True: "true", False: "false"}).fillna("false")
    for column in _TEXT_COLUMNS:
        # A carriage return inside a cell would end the line for some readers: line breaks in
        # text are written as LF, which the writer quotes.
        table[column] = neutralise(table[column]).map(
            lambda v: v.replace("\r\n", "\n").replace("\r", "\n") if isinstance(v, str) else v)
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
