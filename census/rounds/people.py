"""People of one run's output folder as plain records: a unit's outstanding list (with the
stable person ids the portal keys notes and attendance on), a person's status over the rounds,
a person's units, the identities behind ids, and the Tagana assignments per phase.

Everything here reads an output folder of `census run` (census.rounds.snapshot) and returns
pydantic records, so that a face (the portal) needs no pandas. NIKs are masked as in the unit
packs, except in `identities` (the department's own export of recorded doses needs them).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel

from census.model import OUTSTANDING_STATUSES
from census.report.mask import mask_nik
from census.rounds.history import History
from census.rounds.snapshot import HISTORY_FILE, Snapshot, load_snapshot

#: The Tagana assignments a run writes beside the allocation report (census.allocate.render).
ASSIGNMENTS_FILE = "tagana/assignments.json"
_OUTSTANDING = {str(s) for s in OUTSTANDING_STATUSES}


class UnitPerson(BaseModel):
    """One outstanding person of a unit: masked NIK, the unit's categories, what is due."""

    person_id: str
    name: str
    nik: str
    categories: list[str]
    status: str
    next_dose: str | None
    next_due: date | None
    overdue: bool
    days_overdue: int | None


class PersonRounds(BaseModel):
    """A person's status in each round of a run's history (oldest first; None: not in it)."""

    person_id: str
    name: str
    units: list[str]
    rounds: list[date]
    status: list[str | None]
    overdue: list[bool | None]
    coverage: list[float | None]


class Identity(BaseModel):
    """Who a person id is, unmasked (for the department's own export only)."""

    person_id: str
    nik: str | None
    name: str
    birth_date: date | None


def _day(value: Any) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def outstanding_people(folder: Path, unit: str) -> list[UnitPerson]:
    """The unit's people still to vaccinate on the census date: overdue first (longest first),
    then by next due date and name."""
    snapshot = load_snapshot(folder)
    members = snapshot.memberships[snapshot.memberships["unit"] == unit]
    categories = members.groupby("person_id")["category"].agg(lambda c: sorted(set(c))).to_dict()
    people = snapshot.persons[snapshot.persons.index.isin(categories)
                              & snapshot.persons["status"].isin(_OUTSTANDING)]
    out = []
    for pid, row in people.iterrows():
        due = _day(row["next_due"])
        late = bool(row["overdue"])
        out.append(UnitPerson(
            person_id=str(pid), name=row["name"] or "", nik=mask_nik(row["nik_typed"]),
            categories=categories[pid], status=row["status"], next_dose=row["next_dose"],
            next_due=due, overdue=late,
            days_overdue=(snapshot.as_of - due).days if late and due is not None else None,
        ))
    out.sort(key=lambda p: (not p.overdue, -(p.days_overdue or 0), p.next_due or date.max,
                            p.name))
    return out


def units_of(folder: Path, person_id: str) -> list[str]:
    """The units a person is a member of in the run kept in `folder` ([] when not in it)."""
    return list(load_snapshot(folder).units.get(person_id, ()))


def person_rounds(folder: Path, person_id: str) -> PersonRounds | None:
    """The person's status per round from the run's history.json (None: no such person)."""
    path = folder / HISTORY_FILE
    if not path.is_file():
        return None
    history = History.model_validate_json(path.read_text("utf-8"))
    person = next((p for p in history.persons if person_id in p["ids"]), None)
    if person is None:
        return None
    units = sorted({u for joined in person["units"] if joined for u in joined.split(";")})
    return PersonRounds(
        person_id=person["person_id"], name=person["name"], units=units,
        rounds=[r.as_of for r in history.rounds], status=person["status"],
        overdue=person["overdue"], coverage=[r.coverage for r in history.rounds],
    )


def identities(folder: Path, person_ids: list[str]) -> dict[str, Identity]:
    """NIK, name and birth date of these people in the run kept in `folder`, by person id."""
    snapshot: Snapshot = load_snapshot(folder)
    table = snapshot.persons[snapshot.persons.index.isin(person_ids)]
    return {
        str(pid): Identity(person_id=str(pid), nik=row["nik"] or row["nik_typed"],
                           name=row["name"] or "", birth_date=_day(row["birth_date"]))
        for pid, row in table.iterrows()
    }


class Assignment(BaseModel):
    """A volunteer assigned to a phase for a dose (NIK masked), and the run's outcome."""

    phase: str
    person_id: str
    name: str
    nik: str
    kabkota: str | None
    dose: str
    due: date | None
    outcome: str


class PhaseCount(BaseModel):
    """A phase of the plan and its uptake in the run (census.allocate.assign.PHASE_COLUMNS)."""

    phase: str
    start: date
    end: date
    quota: int
    assigned: int
    administered: int
    remaining: int
    no_shows: int
    pending: int


class Allocated(BaseModel):
    """The Tagana allocation of one run: its phases and who was assigned to each."""

    phases: list[PhaseCount] = []
    assignments: list[Assignment] = []


def allocated(folder: Path) -> Allocated:
    """The Tagana allocation of the run kept in `folder` (empty when it had no plan)."""
    path = folder / ASSIGNMENTS_FILE
    if not path.is_file():
        return Allocated()
    return Allocated.model_validate_json(path.read_text("utf-8"))


def coverage_chart(folder: Path, unit: str | None, title: str, lang: str = "id") -> str:
    """The coverage over the rounds of the run's history.json as an inline SVG: one line per
    unit (the department), or the unit's own line; '' with fewer than two rounds."""
    from census.i18n import translator
    from census.report.since import RoundSeries
    from census.report.svg_lines import line_chart

    path = folder / HISTORY_FILE
    if not path.is_file():
        return ""
    history = History.model_validate_json(path.read_text("utf-8"))
    if len(history.rounds) < 2:
        return ""
    words = translator(lang)
    latest = history.rounds[-1]
    codes = [unit] if unit is not None else list(latest.units)
    series = [RoundSeries(latest.units[code].name, history.coverage(code))
              for code in codes if code in latest.units]
    return str(line_chart([words.date(r.as_of) for r in history.rounds], series, title))
