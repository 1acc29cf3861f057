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

import pandas as pd
import pydantic_core
from pydantic import BaseModel
from typing_extensions import TypedDict

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


class PersonHistory(TypedDict):
    """One person over the rounds; every list has one entry per round (None: not in it).

    A plain dict (validated when history.json is read): a run builds and writes one per person,
    a million of them at a million people, where a model per person would cost seconds.

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
    rows: dict[str, PersonHistory] = {}  # id in the latest round seen → the person's row
    retired: list[PersonHistory] = []  # rows of people gone before the latest round
    if first.history is not None and first is not current:
        earlier = History.model_validate(first.history)
        keep = [i for i, r in enumerate(earlier.rounds) if r.as_of < first.as_of]
        rounds = [earlier.rounds[i] for i in keep]
        for person in earlier.persons:
            row = PersonHistory(
                person_id="", name=person["name"], nik=person["nik"],
                ids=[person["ids"][i] for i in keep], status=[person["status"][i] for i in keep],
                overdue=[person["overdue"][i] for i in keep],
                units=[person["units"][i] for i in keep])
            last_id = person["ids"][-1] if len(person["ids"]) == len(earlier.rounds) else None
            if last_id is not None and last_id in first.persons.index:
                rows[last_id] = row
            elif any(value is not None for value in row["ids"]):
                retired.append(row)
    width = len(rounds)
    for index, snapshot in enumerate(explicit):
        if index > 0:
            new_of = link(explicit[index - 1], snapshot).new_of_old()
            moved: dict[str, PersonHistory] = {}
            for old_id, row in rows.items():
                new_id = new_of.get(old_id)
                if new_id is None:
                    retired.append(row)
                else:
                    moved[new_id] = row
            rows = moved
        _add_round(rows, snapshot, width)
        width += 1
        for row in retired:
            for key in _SERIES:
                row[key] += [None] * (width - len(row[key]))  # type: ignore[literal-required]
        rounds.append(_round(snapshot))
    people = [*rows.values(), *retired]
    for row in people:
        row["person_id"] = next(i for i in reversed(row["ids"]) if i is not None)
    people.sort(key=lambda p: p["person_id"])
    # Built, not validated: these rows are typed by construction (a model per person would
    # cost seconds at a million people).
    return History.model_construct(rounds=rounds, persons=people)


def _add_round(rows: dict[str, PersonHistory], snapshot: Snapshot, width: int) -> None:
    """Append `snapshot`'s entry to each person's row (a new row, padded, for a new person);
    the columns are prepared a column at a time, the rows touched once each."""
    table = snapshot.persons
    ids = [str(pid) for pid in table.index.tolist()]
    names = [name if isinstance(name, str) else "" for name in table["name"].tolist()]
    niks = [nik if isinstance(nik, str) else None for nik in table["nik_typed"].tolist()]
    statuses = table["status"].astype(str).tolist()
    overdue = table["overdue"].astype(bool).tolist()
    units = _joined_units(snapshot).reindex(table.index).fillna("").tolist()
    pad: list[Any] = [None] * width
    for pid, name, nik, status, late, joined in zip(
        ids, names, niks, statuses, overdue, units, strict=True
    ):
        row = rows.get(pid)
        if row is None:
            rows[pid] = PersonHistory(person_id="", name=name, nik=nik, ids=[*pad, pid],
                                      status=[*pad, status], overdue=[*pad, late],
                                      units=[*pad, joined])
            continue
        row["name"], row["nik"] = name, nik
        row["ids"].append(pid)
        row["status"].append(status)
        row["overdue"].append(late)
        row["units"].append(joined)


def _joined_units(snapshot: Snapshot) -> pd.Series:
    """Each person's distinct units, sorted and joined with ';', by person_id."""
    pairs = snapshot.memberships[["person_id", "unit"]].drop_duplicates()
    pairs = pairs.sort_values(["person_id", "unit"])
    # Most people are in one unit: their unit as it is; the few in several joined in Python
    # (a groupby with a Python function costs a slice per person).
    several = pairs["person_id"].duplicated(keep=False).to_numpy()
    one = pd.Series(pairs["unit"].to_numpy(dtype=object)[~several],
                    index=pairs["person_id"].to_numpy(dtype=object)[~several], dtype=object)
    joined: dict[str, list[str]] = {}
    for pid, unit in zip(pairs["person_id"].to_numpy(dtype=object)[several],
                         pairs["unit"].to_numpy(dtype=object)[several], strict=True):
        joined.setdefault(pid, []).append(unit)
    more = pd.Series({pid: ";".join(units) for pid, units in joined.items()}, dtype=object)
    return pd.concat([one, more]) if len(more) else one


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
    head = history.model_dump(mode="json", exclude={"persons"})
    text = json.dumps(head, ensure_ascii=False, separators=(",", ":"))
    # The people (plain strings, booleans and None) in pydantic's compiled serializer: the same
    # text as json.dumps gives them, ten times sooner.
    people = pydantic_core.to_json(history.persons).decode("utf-8")
    path.write_text(f'{text[:-1]},"persons":{people}}}\n', encoding="utf-8")


__all__ = ["HISTORY_FILE", "History", "PersonHistory", "RoundEntry", "build_history",
           "write_history"]
