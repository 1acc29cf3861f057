"""Machine-readable results of a run: persons.csv, doses.csv, memberships.csv and findings.json."""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from census.findings import Finding
from census.model import PERSON_COLUMNS

#: Rows of persons.csv formatted and written at a time: the text of the whole table is never
#: held at once.
_CSV_CHUNK = 20_000
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

    Streamed a chunk of rows at a time, each column formatted in bulk: the text of the whole
    table is never held at once.
    """
    columns = list(PERSON_COLUMNS)
    chunks = (
        [_csv_column(chunk[column], column) for column in columns]
        for chunk in (persons.iloc[start : start + _CSV_CHUNK]
                      for start in range(0, len(persons), _CSV_CHUNK))
    )
    write_csv(path, columns, chunks)


def write_csv(path: Path, header: list[str], chunks: Iterable[list[list[Any]]]) -> None:
    """A CSV file as pandas' to_csv writes it (the csv module, minimal quoting, LF line ends,
    UTF-8, None as an empty field) from chunks of rows given as lists of columns.

    The csv module's writer formats the rows in C: handing it columns zipped into rows costs
    a third of what to_csv costs for the same table."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(header)
        for columns in chunks:
            writer.writerows(zip(*columns, strict=True))


def _csv_column(values: pd.Series, column: str) -> list[object]:
    """One column of persons.csv as Python values (None: an empty field)."""
    if column in _DATE_COLUMNS:
        return iso_dates(values)
    if column in _FLAG_COLUMNS:
        if values.dtype == bool:
            return np.where(values.to_numpy(), "true", "false").tolist()  # type: ignore[no-any-return]
        flags = values.to_numpy(dtype=object)
        return ["true" if flag is True or flag is np.True_ else "false" for flag in flags.tolist()]
    if column in _TEXT_COLUMNS and _may_need_care(values):
        return _careful_text(values)
    return _objects(values)


def iso_dates(values: pd.Series) -> list[object]:
    """Dates as 'YYYY-MM-DD' text, None when empty; each distinct date formatted once."""
    days = pd.to_datetime(values, errors="coerce").to_numpy(dtype="datetime64[D]")
    codes, distinct = pd.factorize(days)  # NaT: code -1, which picks the None appended last
    text = [*np.datetime_as_string(distinct, unit="D").tolist(), None]
    return np.array(text, dtype=object)[codes].tolist()  # type: ignore[no-any-return]


def _objects(values: pd.Series) -> list[object]:
    """The values as Python objects, None for every kind of missing value."""
    array = values.to_numpy(dtype=object, copy=True)
    array[pd.isna(array)] = None
    return array.tolist()  # type: ignore[no-any-return]


def _may_need_care(values: pd.Series) -> bool:
    """Whether some cell of a text column may start like a formula or hold a carriage return.

    One C-level search of the column's text joined with NUL separators instead of a Python
    test per cell: the answer is never a wrong no (a NUL inside a cell can only make it a
    wrong yes, which costs the careful path, not a wrong output)."""
    texts = values.dropna().astype(str).tolist()
    if not texts:
        return False
    joined = "\0" + "\0".join(texts)
    return "\r" in joined or any("\0" + start in joined for start in FORMULA_STARTS)


def _careful_text(values: pd.Series) -> list[object]:
    """A text column with formula-like cells neutralised and line breaks written as LF."""
    cells = _objects(neutralise(values))
    # A carriage return inside a cell would end the line for some readers: line breaks in
    # text are written as LF, which the writer quotes.
    return [v.replace("\r\n", "\n").replace("\r", "\n") if isinstance(v, str) and "\r" in v
            else v for v in cells]


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
    """OUT/doses.csv: DOSE_CSV_COLUMNS (what `census diff` needs to say which dose is new),
    in person, date and slot order."""
    # Sorted by the dates themselves: the same order as their ISO text (four-digit years).
    table = sort_rows(doses, ["person_id", "date", "slot"])
    write_csv(path, list(DOSE_CSV_COLUMNS), _chunks(table, {
        "person_id": _objects, "slot": _objects, "date": iso_dates, "brand": _objects,
        "source": _objects, "verified": _true_false,
    }))


def write_memberships_csv(memberships: pd.DataFrame, path: Path) -> None:
    """OUT/memberships.csv: MEMBERSHIP_CSV_COLUMNS, sorted."""
    table = memberships.loc[:, list(MEMBERSHIP_CSV_COLUMNS)].astype(str)
    table = sort_rows(table, list(MEMBERSHIP_CSV_COLUMNS))
    write_csv(path, list(MEMBERSHIP_CSV_COLUMNS),
              _chunks(table, dict.fromkeys(MEMBERSHIP_CSV_COLUMNS, _objects)))


def sort_rows(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """`table` sorted by `keys` (stable, missing values last), as sort_values sorts it; a table
    already in that order (the register hands them over so) is returned as it is."""
    if len(table) < 2 or rows_in_order(table, keys):
        return table
    return table.sort_values(keys, kind="stable")


def rows_in_order(table: pd.DataFrame, keys: list[str], distinct: bool = False) -> bool:
    """Whether `table` is sorted by `keys` (and, when `distinct`, no two rows are equal on all
    of them): a comparison of each row with the next, a fraction of a sort's cost. A blank
    compares with nothing, so a table with one in its keys is never taken as in order."""
    if table[keys].isna().to_numpy().any():
        return False
    undecided = np.ones(max(len(table) - 1, 0), dtype=bool)  # equal to the next row so far
    for key in keys:
        values = table[key].to_numpy()  # datetime64 stays numeric: no Timestamp per row
        ahead, behind = values[:-1], values[1:]
        if (undecided & (behind < ahead)).any():
            return False
        undecided &= behind == ahead
    return not (distinct and undecided.any())


def _chunks(
    table: pd.DataFrame, formats: dict[str, Callable[[pd.Series], list[object]]],
) -> Iterator[list[list[object]]]:
    """`table`'s columns formatted a chunk of rows at a time (the keys of `formats`, in order)."""
    for start in range(0, len(table), _CSV_CHUNK):
        chunk = table.iloc[start : start + _CSV_CHUNK]
        yield [format_(chunk[column]) for column, format_ in formats.items()]


def _true_false(values: pd.Series) -> list[object]:
    """'true' where a value is True, else 'false' (also when missing)."""
    flags = values.map({True: "true", False: "false"}).fillna("false")
    return list(flags.tolist())


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
