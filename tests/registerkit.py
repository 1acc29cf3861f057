"""Test helpers for the register and status tests: roster and registry tables built in memory."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from census.model import DATE_FIELDS, REGISTRY_COLUMNS, ROSTER_COLUMNS


def roster_row(**values: Any) -> dict[str, Any]:
    """One roster row with every ROSTER_COLUMNS column; dates may be given as `date` or str."""
    row: dict[str, Any] = {column: None for column in ROSTER_COLUMNS}
    row.update(
        file="unit_a.xlsx", sheet="ASN", row=5, unit="unit_a", category="asn",
        nik_from_number=False, nip_from_number=False,
    )
    row.update(values)
    for field in DATE_FIELDS:
        if row[field] is not None:
            row[field] = pd.Timestamp(row[field])
            row.setdefault(f"{field}_raw", str(row[field].date()))
    return row


def roster(*rows: dict[str, Any]) -> pd.DataFrame:
    """A roster table (ROSTER_COLUMNS, in order) from roster_row() dicts."""
    frame = pd.DataFrame(list(rows), columns=list(ROSTER_COLUMNS))
    for field in DATE_FIELDS:
        frame[field] = pd.to_datetime(frame[field]).astype("datetime64[ns]")
    for column in ("nik_from_number", "nip_from_number"):
        frame[column] = frame[column].fillna(False).astype(bool)
    frame["row"] = frame["row"].astype(int)
    return frame


def registry(*doses: tuple[str, str, date | str, str]) -> pd.DataFrame:
    """A registry table from (nik, dose slot, date, brand) tuples."""
    records = [
        {"file": "pcare.csv", "row": index + 2, "nik": nik, "name": "X", "birth_date": None,
         "dose": slot, "date": pd.Timestamp(day), "brand": brand, "facility": "PKM"}
        for index, (nik, slot, day, brand) in enumerate(doses)
    ]
    frame = pd.DataFrame(records, columns=list(REGISTRY_COLUMNS))
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    frame["birth_date"] = pd.to_datetime(frame["birth_date"]).astype("datetime64[ns]")
    return frame


def nik(birth: date, sex: str = "L", serial: int = 1, region: str = "357801") -> str:
    """A well-formed NIK for a birth date and sex (women add 40 to the day)."""
    day = birth.day + (40 if sex == "P" else 0)
    return f"{region}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"




_RULES: dict[str, Any] = {}


def census_of(
    rows: pd.DataFrame, export: pd.DataFrame | None = None, as_of: date = date(2022, 3, 31),
    rules: Any = None,
):
    """(register, persons, findings) of a roster and an optional export, on `as_of`."""
    from census.register import build_register
    from census.rules import default_rules
    from census.status.decide import decide_status

    rules = rules or _RULES.setdefault("default", default_rules())
    export = export if export is not None else registry()
    register = build_register(rows, export, rules)
    persons, findings = decide_status(register, rules, as_of)
    register, persons = renumbered(register, persons)
    return register, persons, register.findings + findings


def renumbered(register: Any, persons: pd.DataFrame | None = None) -> Any:
    """The register (and persons table) with its stable ids replaced by 'P000001', 'P000002', …
    in order of first appearance (file, sheet, row), so tests read like the rosters they build.

    With `persons` given, returns (register, persons)."""
    import dataclasses

    first = register.persons.sort_values(["file", "sheet", "row"], kind="stable")["person_id"]
    names = {pid: f"P{index + 1:06d}" for index, pid in enumerate(first.tolist())}

    def swap(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
        if "person_id" not in frame:
            return frame
        frame = frame.assign(person_id=frame["person_id"].map(names))
        return frame.sort_values(by, kind="stable").reset_index(drop=True) if by else frame

    renamed = dataclasses.replace(
        register,
        persons=swap(register.persons, ["person_id"]),
        memberships=swap(register.memberships, ["person_id", "unit", "category"]),
        doses=swap(register.doses, ["person_id", "date"]),
        row_person=register.row_person.map(names),
        row_match=swap(register.row_match, []),
        registry_match=swap(register.registry_match, []),
    )
    if persons is None:
        return renamed
    return renamed, swap(persons, ["person_id"])


def flat(findings: list) -> list[tuple]:
    """Findings as sorted (file, sheet, row, column, code) tuples."""
    return sorted((f.file, f.sheet, f.row, f.column, f.code) for f in findings)


def iso(value: Any) -> str | None:
    """A date cell of the persons table as ISO text (None for NaT/None)."""
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()
