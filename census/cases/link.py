"""Who each case is: its unit, the register's person (by NIK, else by name within the unit), the
person's group (staff or client) and role; findings for cases of no one or of no known unit."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd

from census import findings as catalogue
from census.cases.checks import Place, episode_starts, person_keys
from census.cases.sheets import CaseBook, all_cases
from census.config import Config
from census.findings import Finding
from census.model import CASE_COLUMNS, CASE_LINK_COLUMNS, CaseGroup, Category
from census.register import Register
from census.register.names import loose_names, normalise_names
from census.rules.table import Rules
from census.status.infection import recovery_dates
from census.values.words import category_of, normalise

_STAFF = frozenset({str(Category.ASN), str(Category.PTT)})


@dataclass(frozen=True)
class CaseTable:
    """Every case of a census: `rows` with CASE_COLUMNS + CASE_LINK_COLUMNS (sorted by file,
    sheet and row; `case_id` given in that order), and the books they came from."""

    rows: pd.DataFrame
    books: list[CaseBook]


def link_cases(
    books: list[CaseBook], register: Register, config: Config, rules: Rules
) -> tuple[CaseTable, list[Finding]]:
    """The cases of `books` tied to units and to the register's people (CASE_LINK_COLUMNS).

    A case belongs to the unit its unit cell names (a unit code, or a unit's name as in
    census.toml), else to the unit whose workbook it is in. Its person: the register's person
    with its usable NIK, else the one person of that unit with its name (titles and spelling
    variants aside). Findings: case-unit-unknown, case-person-unknown, case-person-died (a
    death recorded for someone still on a roster).
    """
    cases = all_cases(books)
    findings: list[Finding] = []
    known = _unit_names(register, config)
    cases["unit"], unknown_units = _units(cases, known)
    units = set(known.values())
    findings += _unit_findings(cases, unknown_units, books)
    cases["person_id"] = _people(cases, register)
    members = register.memberships
    cases["category"], cases["role_code"] = _category_and_role(cases, members, rules)
    cases["group"] = _groups(cases["category"], cases["role_code"])
    cases["person_key"] = cases["person_id"].where(cases["person_id"].notna(), person_keys(cases))
    cases["counted"] = episode_starts(cases, rules)
    cases["recovered_on"] = recovery_dates(cases, rules)
    at = Place(books)
    for case in cases.to_dict("records"):
        if case["person_id"] is None and case["name"] is not None and case["unit"] in units:
            findings.append(catalogue.make(
                "case-person-unknown", value=case["name"],
                unit_name=config.unit_name(str(case["unit"])), **at(case, "name"),
            ))
        if case["person_id"] is not None and case["outcome"] == "died":
            when = pd.Timestamp(case["outcome_date"])
            findings.append(catalogue.make(
                "case-person-died", value=case["outcome_raw"],
                date="-" if pd.isna(when) else when.strftime("%d-%m-%Y"), **at(case, "outcome"),
            ))
    columns = [*CASE_COLUMNS, *CASE_LINK_COLUMNS]
    return CaseTable(rows=cases[columns], books=books), findings


def _unit_names(register: Register, config: Config) -> dict[str, str]:
    """Normalised unit code or name → unit code, for every unit of the census."""
    codes = set(register.memberships["unit"].astype(str)) | set(config.units)
    known: dict[str, str] = {}
    for code in sorted(codes):
        known.setdefault(normalise(code), code)
        known.setdefault(normalise(config.unit_name(code)), code)
    return known


def _units(cases: pd.DataFrame, known: dict[str, str]) -> tuple[pd.Series, pd.Series]:
    """(unit code of each case, True where its unit is not a unit of the census)."""
    found = {value: known.get(normalise(str(value))) for value in cases["unit"].unique()}
    codes = cases["unit"].map(found)
    return codes.where(codes.notna(), cases["unit"]).astype(object), codes.isna()


def _unit_findings(cases: pd.DataFrame, unknown: pd.Series, books: list[CaseBook]) -> list[Finding]:
    """case-unit-unknown on a unit cell; missing-column once per sheet that has no unit column
    and lies in a workbook that is no unit's."""
    sheets = {(book.file, info.sheet): info for book in books for info in book.sheets}
    out: list[Finding] = []
    said: set[tuple[str, str]] = set()
    for case in cases[unknown.to_numpy(dtype=bool)].to_dict("records"):
        info = sheets.get((case["file"], case["sheet"]))
        if case["unit_raw"] is not None:
            out.append(catalogue.make(
                "case-unit-unknown", case["file"], case["sheet"], int(case["row"]),
                info.columns.get("unit") if info else None,
                info.headers.get("unit") if info else None, value=case["unit_raw"],
            ))
        elif (case["file"], case["sheet"]) not in said:
            said.add((case["file"], case["sheet"]))
            out.append(catalogue.make("missing-column", case["file"], case["sheet"],
                                      info.header_row if info else None, field="Unit"))
    return out


def _people(cases: pd.DataFrame, register: Register) -> pd.Series:
    """person_id of each case: by usable NIK, else the one member of its unit with its name."""
    persons = register.persons
    with_nik = persons.loc[persons["nik"].notna(), ["nik", "person_id"]]
    by_nik = with_nik.drop_duplicates("nik").set_index("nik")["person_id"]
    keys = person_keys(cases)
    nik = keys.where(keys.astype("string").str.startswith("nik:").fillna(False), None)
    found = nik.map(lambda key: by_nik.get(str(key)[4:]) if key is not None else None)

    members = register.memberships[["person_id", "unit"]].drop_duplicates()
    named = members.merge(persons[["person_id", "name_key"]], on="person_id")
    named["loose"] = loose_names(named["name_key"])
    case_names = normalise_names(cases["name"])
    case_loose = loose_names(case_names)
    for column, values in (("name_key", case_names), ("loose", case_loose)):
        # A name is a match only when it names one person of the unit.
        unique = named.drop_duplicates(["unit", column, "person_id"])
        counts = unique.groupby(["unit", column])["person_id"].transform("size")
        table = unique[counts == 1].set_index(["unit", column])["person_id"]
        todo = found.isna() & values.notna()
        pairs = list(zip(cases.loc[todo, "unit"], values[todo], strict=True))
        found.loc[todo] = [table.get(pair) for pair in pairs]
    return pd.Series([None if pd.isna(v) else v for v in found], index=cases.index, dtype=object)


def _category_and_role(
    cases: pd.DataFrame, members: pd.DataFrame, rules: Rules
) -> tuple[pd.Series, pd.Series]:
    """The person's category in the case's unit (a client first, then staff) and role code; for
    a case of no one on the rosters, what its role cell says."""
    order = {str(Category.KLIEN): 0, str(Category.ASN): 1, str(Category.PTT): 2}
    ranked = members.assign(_rank=members["category"].map(order).fillna(9))
    ranked = ranked.sort_values(["person_id", "unit", "_rank"], kind="stable")
    first = ranked.drop_duplicates(["person_id", "unit"]).set_index(["person_id", "unit"])
    named = members.dropna(subset=["role"]).drop_duplicates(["person_id", "unit"])
    roles = named.set_index(["person_id", "unit"])["role"]
    pairs = list(zip(cases["person_id"], cases["unit"], strict=True))
    category: list[str | None] = [
        first["category"].get(pair) if pair[0] is not None else None for pair in pairs
    ]
    role: list[str | None] = [roles.get(pair) if pair[0] is not None else None for pair in pairs]
    typed = cases["role"].to_numpy(dtype=object)
    for i, text in enumerate(typed):
        if text is None:
            continue
        if category[i] is None:
            category[i] = category_of(str(text))
        if role[i] is None:
            role[i] = rules.role_code(str(text))
    return (pd.Series(category, index=cases.index, dtype=object),
            pd.Series(role, index=cases.index, dtype=object))


def _groups(category: pd.Series, role: pd.Series) -> pd.Series:
    """CaseGroup of each case: clients, staff (ASN, PTT, or anyone with a staff role), others."""
    group = np.where(category.eq(str(Category.KLIEN)), str(CaseGroup.CLIENT),
                     np.where(category.isin(_STAFF) | (category.isna() & role.notna()),
                              str(CaseGroup.STAFF), str(CaseGroup.OTHER)))
    return pd.Series(group, index=category.index, dtype=object)


def with_units(findings: list[Finding], table: CaseTable) -> list[Finding]:
    """Findings on case rows with the unit their row was tied to (a unit's code, where the row
    named the unit by its name): each finding then lands in the right unit's pack."""
    units = {
        (file, sheet, int(row)): unit
        for file, sheet, row, unit in zip(table.rows["file"], table.rows["sheet"],
                                          table.rows["row"], table.rows["unit"], strict=True)
    }
    return [
        dataclasses.replace(f, unit=units.get((f.file, f.sheet or "", f.row or 0), f.unit))
        for f in findings
    ]
