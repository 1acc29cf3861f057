"""`census explain PERSON`: every row behind one person, how they were merged, the rules that
applied on the census date, and how the status follows.

PERSON is a NIK (as typed anywhere: a roster cell, a number cell that lost its 16th digit, the
health-office export), a masked NIK as the unit packs print it ('3578********0001', with
`unit` to narrow it), a person id, or a name (titles and spelling variants do not matter).
Several people fitting it: the Explanation lists the candidates instead.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel
from rapidfuzz import fuzz, process

from census.errors import PersonNotFound
from census.i18n import N_, translator
from census.model import DATE_FIELDS
from census.read import RosterBook
from census.register import Register, normalise_name, normalise_names
from census.report.mask import mask_nik
from census.rounds.reasoning import CaseDeferral, reason
from census.rules.table import Rules
from census.status.infection import case_deferrals

#: A name this alike (token-set ratio of the normalised names) is offered when none is equal.
NAME_ALIKE = 88.0
_ID = re.compile(r"P[0-9A-HJKMNP-TV-Z]{12}")
_SEPARATORS = re.compile(r"[\s.\-]")


class Candidate(BaseModel):
    """A person who fits the query when several do."""

    person_id: str
    name: str
    nik: str
    units: list[str]
    birth_date: date | None


class Cell(BaseModel):
    """A cell of a roster row as census read it: column letter, header, field, text."""

    column: str
    header: str
    field: str
    value: str


class RosterRow(BaseModel):
    """A roster row of the person: where, the cells as read, and how it joined the person
    (`method`: a census.register.provenance MATCH_METHODS code; `similarity` 0–100)."""

    file: str
    sheet: str
    row: int
    unit: str
    category: str
    cells: list[Cell]
    nik_from_number: bool
    method: str
    similarity: float


class ExportRow(BaseModel):
    """A health-office export row of the person, and how it was matched to them."""

    file: str
    row: int
    nik: str | None
    name: str | None
    date: date | None
    dose: str
    brand: str | None
    facility: str | None
    method: str
    similarity: float


class CountedDose(BaseModel):
    """A dose the census counts for the person (after merging and reconciling)."""

    slot: str
    date: date
    brand: str | None
    source: str
    verified: bool
    counted: bool


class RuleEntry(BaseModel):
    """A rule-table entry the decision used (census.rounds.reasoning.RuleUse)."""

    kind: str
    entry: dict[str, Any]
    why: str


class StepOut(BaseModel):
    """A step of the decision: `code` and its values (dates ISO)."""

    code: str
    values: dict[str, Any]


class Outcome(BaseModel):
    """The person's status on the census date as census decided it (persons.csv)."""

    status: str
    primary_doses: int
    booster_doses: int
    next_dose: str | None
    next_due: date | None
    overdue: bool
    eligible_from: date | None
    reason: str | None


class Person(BaseModel):
    """Who the explanation is about."""

    person_id: str
    name: str
    nik: str | None
    nik_typed: str | None
    birth_date: date | None
    sex: str | None
    units: list[str]
    categories: list[str]
    remark: str | None


class Explanation(BaseModel):
    """The shape of `census explain --format json` (documented in the README). With several
    people fitting the query, `person` is None and `candidates` lists them."""

    format: Literal["census-explain"] = "census-explain"
    version: int = 1
    query: str
    as_of: date
    person: Person | None = None
    candidates: list[Candidate] = []
    rows: list[RosterRow] = []
    export_rows: list[ExportRow] = []
    doses: list[CountedDose] = []
    rules: list[RuleEntry] = []
    steps: list[StepOut] = []
    outcome: Outcome | None = None


def explain(query: str, books: list[RosterBook], roster: pd.DataFrame, registry: pd.DataFrame,
            register: Register, persons: pd.DataFrame, rules: Rules, as_of: date,
            unit: str | None = None, cases: pd.DataFrame | None = None,
            lang: str = "id") -> Explanation:
    """Explain the person `query` names (see the module docstring) from a computed census.

    `roster`/`registry`: the tables given to build_register; `persons`: decide_status's table;
    `cases`: the linked case records (CaseTable.rows) when the census has any; `lang`: the
    language of a case's reason. Raises PersonNotFound when nobody fits.
    """
    found = find_people(query, roster, registry, register, unit)
    if not found:
        if unit:
            raise PersonNotFound(N_("Nobody in unit {unit} matches '{query}'."), unit=unit,
                                 query=query)
        raise PersonNotFound(N_("Nobody in the census matches '{query}'."), query=query)
    if len(found) > 1:
        return Explanation(query=query, as_of=as_of, candidates=[
            _candidate(_record(persons, pid)) for pid in found])
    pid = found[0]
    info = _record(register.persons, pid)
    outcome = _record(persons, pid)
    mine = register.doses[register.doses["person_id"] == pid]
    doses = [(_day(d) or as_of, _text(b)) for d, b in zip(mine["date"], mine["brand"], strict=True)]
    birth = _day(info["birth_date"])
    decision = reason(doses, _text(info["remark"]), birth, rules, as_of,
                      case_of(pid, cases, rules, as_of, lang))
    return Explanation(
        query=query,
        as_of=as_of,
        person=Person(
            person_id=pid, name=_text(outcome["name"]) or "", nik=_text(outcome["nik"]),
            nik_typed=_text(info["nik_raw"]), birth_date=birth, sex=_text(info["sex"]),
            units=_split(outcome["units"]), categories=_split(outcome["categories"]),
            remark=_text(info["remark"]),
        ),
        rows=_roster_rows(pid, books, roster, register),
        export_rows=_export_rows(pid, registry, register),
        doses=[CountedDose(slot=str(slot), date=day, brand=brand, source=str(source),
                           verified=bool(verified), counted=day <= as_of)
               for slot, (day, brand), source, verified in zip(
                   mine["slot"], doses, mine["source"], mine["verified"], strict=True)],
        rules=[RuleEntry(kind=u.kind, entry=u.entry, why=u.why) for u in decision.rules],
        steps=[StepOut(code=s.code, values={k: v.isoformat() if isinstance(v, date) else v
                                            for k, v in s.values.items()})
               for s in decision.steps],
        outcome=Outcome(
            status=str(outcome["status"]), primary_doses=int(outcome["primary_doses"]),
            booster_doses=int(outcome["booster_doses"]), next_dose=_text(outcome["next_dose"]),
            next_due=_day(outcome["next_due"]), overdue=bool(outcome["overdue"]),
            eligible_from=_day(outcome["eligible_from"]), reason=_text(outcome["reason"]),
        ),
    )


def case_of(pid: str, cases: pd.DataFrame | None, rules: Rules, as_of: date,
            lang: str = "id") -> CaseDeferral | None:
    """What the recorded cases say about one person (None: the census has no case records)."""
    if cases is None:
        return None
    found = case_deferrals(cases, pd.Index([pid]), rules, as_of, translator(lang)).iloc[0]
    return CaseDeferral(bool(found["has_case"]), _day(found["end"]), _text(found["reason"]))


def _record(table: pd.DataFrame, pid: str) -> dict[str, Any]:
    """The row of `pid` in a table with a person_id column, as a dict."""
    rows = table[table["person_id"] == pid].to_dict("records")
    return {str(k): v for k, v in rows[0].items()}


def find_people(query: str, roster: pd.DataFrame, registry: pd.DataFrame, register: Register,
                unit: str | None = None) -> list[str]:
    """The ids of the people `query` names (sorted; empty when nobody)."""
    text = query.strip()
    members = register.memberships
    allowed = set(members.loc[members["unit"] == unit, "person_id"]) if unit else None
    if _ID.fullmatch(text.upper()):
        found = {text.upper()} & set(register.persons["person_id"])
    elif "*" in text:
        found = _masked(text, roster, register)
    elif _SEPARATORS.sub("", text).isdigit() and len(_SEPARATORS.sub("", text)) >= 8:
        found = _by_nik(_SEPARATORS.sub("", text), roster, registry, register)
    else:
        found = _by_name(text, roster, register, allowed)
    if allowed is not None:
        found &= allowed
    return sorted(found)


def _digits(values: pd.Series) -> pd.Series:
    return values.astype("string").str.replace(r"\D", "", regex=True).fillna("")


def _by_nik(digits: str, roster: pd.DataFrame, registry: pd.DataFrame,
            register: Register) -> set[str]:
    typed = _digits(roster["nik"]) if len(roster) else pd.Series(dtype="string")
    found = set(register.row_person[(typed == digits).to_numpy()]) if len(typed) else set()
    found |= set(register.persons.loc[register.persons["nik"] == digits, "person_id"])
    if len(registry) and len(register.registry_match):
        niks = _digits(registry["nik"])
        rows = registry.index[(niks == digits).to_numpy()]
        matched = register.registry_match.reindex(rows)["person_id"].dropna()
        found |= set(matched)
    if not found and len(digits) >= 15 and len(typed):
        # A NIK from a number cell keeps 15 digits: the first 15 identify the person.
        prefix = typed.str.slice(0, 15) == digits[:15]
        found = set(register.row_person[prefix.to_numpy()])
    return {str(pid) for pid in found}


def _masked(text: str, roster: pd.DataFrame, register: Register) -> set[str]:
    """'3578********0001': the digits shown, any digits where the stars are."""
    shown = re.sub(r"[\s.\-]", "", text)
    pattern = re.compile("".join(r"\d" if ch == "*" else re.escape(ch) for ch in shown))
    found = {str(pid) for pid, nik in zip(register.persons["person_id"], register.persons["nik"],
                                          strict=True)
             if isinstance(nik, str) and pattern.fullmatch(nik)}
    if len(roster):
        typed = _digits(roster["nik"])
        hits = typed.map(lambda n: bool(pattern.fullmatch(n))).astype(bool).to_numpy()
        found |= {str(pid) for pid in register.row_person[hits]}
    return found


def _by_name(text: str, roster: pd.DataFrame, register: Register,
             allowed: set[str] | None) -> set[str]:
    key = normalise_name(text)
    if key is None or not len(roster):
        return set()
    names = normalise_names(roster["name"])
    pids = register.row_person
    found = {str(p) for p in pids[(names == key).to_numpy()]}
    if found and (allowed is None or found & allowed):
        return found
    scores = process.cdist([key], names.fillna("").tolist(), scorer=fuzz.token_set_ratio,
                           workers=-1)[0]
    return {str(p) for p in pids[np.asarray(scores) >= NAME_ALIKE]}


def _candidate(person: dict[str, Any]) -> Candidate:
    return Candidate(person_id=str(person["person_id"]), name=_text(person["name"]) or "",
                     nik=mask_nik(person["nik"]), units=_split(person["units"]),
                     birth_date=_day(person["birth_date"]))


def _roster_rows(pid: str, books: list[RosterBook], roster: pd.DataFrame,
                 register: Register) -> list[RosterRow]:
    sheets = {(book.file, info.sheet): info for book in books for info in book.sheets}
    mine = roster[(register.row_person == pid).to_numpy()]
    match = register.row_match.reindex(mine.index)
    out = []
    for (_index, row), method, similarity in zip(mine.iterrows(), match["method"],
                                                  match["similarity"], strict=True):
        info = sheets.get((row["file"], row["sheet"]))
        cells = []
        if info is not None:
            for fieldname, letter in sorted(info.columns.items(),
                                            key=lambda kv: (len(kv[1]), kv[1])):
                cells.append(Cell(column=letter, header=info.headers.get(fieldname, fieldname),
                                  field=fieldname, value=_as_read(row, fieldname)))
        out.append(RosterRow(
            file=str(row["file"]), sheet=str(row["sheet"]), row=int(row["row"]),
            unit=str(row["unit"]), category=str(row["category"]), cells=cells,
            nik_from_number=bool(row["nik_from_number"]),
            method=str(method), similarity=float(similarity),
        ))
    return sorted(out, key=lambda r: (r.file, r.sheet, r.row))


def _as_read(row: pd.Series, fieldname: str) -> str:
    if fieldname in DATE_FIELDS:
        raw = row.get(f"{fieldname}_raw")
        if isinstance(raw, str):
            return raw
    value = row.get(fieldname)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)


def _export_rows(pid: str, registry: pd.DataFrame, register: Register) -> list[ExportRow]:
    match = register.registry_match
    if not len(match) or not len(registry):
        return []
    mine = match[match["person_id"] == pid]
    rows = registry.loc[mine.index]
    out = []
    for (_index, row), method, similarity in zip(rows.iterrows(), mine["method"],
                                                  mine["similarity"], strict=True):
        out.append(ExportRow(
            file=str(row["file"]), row=int(row["row"]), nik=_text(row.get("nik")),
            name=_text(row.get("name")), date=_day(row.get("date")), dose=str(row["dose"]),
            brand=_text(row.get("brand")), facility=_text(row.get("facility")),
            method=str(method), similarity=float(similarity),
        ))
    return sorted(out, key=lambda r: (r.file, r.row))


def _text(value: Any) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value)


def _day(value: Any) -> date | None:
    if value is None or (not isinstance(value, str | date) and pd.isna(value)):
        return None
    day = pd.Timestamp(value)
    return None if pd.isna(day) else day.date()


def _split(value: Any) -> list[str]:
    return [part for part in str(value or "").split(";") if part]
