"""history.json: each person's status over the census rounds, and each round's coverage per unit.

Every `census run` writes it; with `--previous` it holds the earlier rounds too. It is JSON, not
SQLite, on purpose: one text file beside persons.csv, written atomically with the rest of the
outputs, readable by any tool and by the portal (which imports it into its own database); a
department runs tens of rounds, not thousands, so a whole file read at once is small enough
(about 150 bytes per person and round). `census diff` reads the NIK as typed from it.

Rounds are chained: the earliest folder given with `--previous` contributes the rounds its own
history.json holds, so `--previous LAST` alone keeps the whole history going. People are
followed from round to round with census.rounds.linking (a corrected NIK keeps its row).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from census.rounds.linking import link
from census.rounds.snapshot import HISTORY_FILE, Snapshot


class UnitRound(BaseModel):
    """A unit in one round: display name, people counted, coverage (None: nobody eligible)."""

    name: str
    total: int
    coverage: float | None


class RoundEntry(BaseModel):
    """One round: census date, the folder it was read from, people, coverage, units."""

    as_of: date
    folder: str
    persons: int
    coverage: float | None
    units: dict[str, UnitRound]


class PersonHistory(BaseModel):
    """One person over the rounds; every list has one entry per round (None: not in it).

    `person_id`: the id in the last round the person is in. `name`, `nik`: as in that round
    (the NIK as typed when it is not usable). `ids`: the person's id in each round (it changes
    when a NIK is corrected). `status`, `overdue`: on each round's census date. `units`: the
    person's units in each round, joined with ';'.
    """

    person_id: str
    name: str
    nik: str | None
    ids: list[str | None]
    status: list[str | None]
    overdue: list[bool | None]
    units: list[str | None]


class History(BaseModel):
    """The shape of OUT/history.json (rounds oldest first; the last is the run that wrote it)."""

    format: Literal["census-history"] = "census-history"
    version: int = 1
    rounds: list[RoundEntry]
    persons: list[PersonHistory]

    def coverage(self, unit: str) -> list[float | None]:
        """The unit's coverage in each round (None where it had no eligible people or no row)."""
        return [r.units[unit].coverage if unit in r.units else None for r in self.rounds]


_SERIES = ("ids", "status", "overdue", "units")


def build_history(previous: list[Snapshot], current: Snapshot) -> History:
    """The history of `previous` rounds (any order) and the `current` one (see the docstring)."""
    explicit = sorted(previous, key=lambda s: (s.as_of, s.label)) + [current]
    first = explicit[0]
    rounds: list[RoundEntry] = []
    rows: dict[str, dict[str, Any]] = {}  # id in the latest round seen → the person's row
    retired: list[dict[str, Any]] = []  # rows of people gone before the latest round
    if first.history is not None and first is not current:
        earlier = History.model_validate(first.history)
        keep = [i for i, r in enumerate(earlier.rounds) if r.as_of < first.as_of]
        rounds = [earlier.rounds[i] for i in keep]
        for person in earlier.persons:
            row: dict[str, Any] = {key: [getattr(person, key)[i] for i in keep] for key in _SERIES}
            row.update(name=person.name, nik=person.nik)
            last_id = person.ids[-1] if len(person.ids) == len(earlier.rounds) else None
            if last_id is not None and last_id in first.persons.index:
                rows[last_id] = row
            elif any(value is not None for value in row["ids"]):
                retired.append(row)
    width = len(rounds)
    for index, snapshot in enumerate(explicit):
        if index > 0:
            new_of = link(explicit[index - 1], snapshot).new_of_old()
            moved: dict[str, dict[str, Any]] = {}
            for old_id, row in rows.items():
                new_id = new_of.get(old_id)
                if new_id is None:
                    retired.append(row)
                else:
                    moved[new_id] = row
            rows = moved
        units = snapshot.units
        table = snapshot.persons
        for pid, name, nik, status, overdue in zip(
            table.index, table["name"], table["nik_typed"], table["status"], table["overdue"],
            strict=True,
        ):
            if pid not in rows:
                rows[pid] = {key: [None] * width for key in _SERIES}
            row = rows[pid]
            row.update(name=name if isinstance(name, str) else "",
                       nik=nik if isinstance(nik, str) else None)
            row["ids"].append(str(pid))
            row["status"].append(str(status))
            row["overdue"].append(bool(overdue))
            row["units"].append(";".join(units.get(pid, ())))
        width += 1
        for row in retired:
            for key in _SERIES:
                row[key] += [None] * (width - len(row[key]))
        rounds.append(_round(snapshot))
    people = []
    for row in [*rows.values(), *retired]:
        person_id = next(i for i in reversed(row["ids"]) if i is not None)
        people.append(PersonHistory(person_id=person_id, **row))
    people.sort(key=lambda p: p.person_id)
    return History(rounds=rounds, persons=people)


def _round(snapshot: Snapshot) -> RoundEntry:
    summary = snapshot.summary
    return RoundEntry(
        as_of=snapshot.as_of,
        folder=snapshot.label,
        persons=len(snapshot.persons),
        coverage=summary.totals.coverage,
        units={code: UnitRound(name=unit.name, total=unit.total, coverage=unit.coverage)
               for code, unit in summary.units.items()},
    )


def write_history(history: History, path: Path) -> None:
    """OUT/history.json (compact: it grows with people × rounds). The run writes it into its
    staging folder, which replaces the output folder whole."""
    data = history.model_dump(mode="json")
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    path.write_text(text, encoding="utf-8")


__all__ = ["HISTORY_FILE", "History", "PersonHistory", "RoundEntry", "build_history",
           "write_history"]
