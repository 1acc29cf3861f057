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
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pydantic_core

from census.read.cells import collector_paused
from census.rounds.history_file import History, PersonHistory, RoundEntry, UnitRound, coverage_of
from census.rounds.history_text import people_json
from census.rounds.linking import Links, link
from census.rounds.snapshot import HISTORY_FILE, Snapshot

_SERIES = ("ids", "status", "overdue", "units")


def build_history(previous: list[Snapshot], current: Snapshot) -> History:
    """The history of `previous` rounds (any order) and the `current` one (see the docstring)."""
    return history_and_links(previous, current)[0].model()


def history_and_links(previous: list[Snapshot], current: Snapshot
                      ) -> tuple[HistoryTable, Links | None]:
    """build_history, with the links of the latest previous round to the current one (None
    without previous rounds), which the diff of the two needs too."""
    explicit = sorted(previous, key=lambda s: (s.as_of, s.label)) + [current]
    first = explicit[0]
    rounds: list[RoundEntry] = []
    tracks = _Tracks()
    if first.history is not None and first is not current:
        with collector_paused():  # a person's lists each (census.read.cells)
            rounds = tracks.earlier(first.history, first)  # validated as it was read
    links = None
    for index, snapshot in enumerate(explicit):
        if index > 0:
            links = link(explicit[index - 1], snapshot)
            tracks.follow(links.pairs)
        tracks.add_round(snapshot)
        rounds.append(_round(snapshot))
    return HistoryTable(rounds, tracks.table()), links


class _Tracks:
    """Every person's row of the history as columns: a name and a NIK column, and per round a
    column of each series (numpy object arrays, an entry per row) — a run follows a million
    people, where a dict per person appended to round by round costs seconds.

    `active`: positions of the rows of the people of the latest round added, in the order the
    rows were made or carried (a dict's order before: it breaks ties in the final sort);
    `active_ids`: their ids in that round. `retired`: positions of the rows of people gone
    before it, in the order they went.
    """

    def __init__(self) -> None:
        self.name = np.empty(0, dtype=object)
        self.nik = np.empty(0, dtype=object)
        self.rounds: list[dict[str, np.ndarray]] = []  # one {series: column} per round
        self.active = np.empty(0, dtype=np.int64)
        self.active_ids = np.empty(0, dtype=object)
        self.retired: list[np.ndarray] = []

    def earlier(self, history: History, first: Snapshot) -> list[RoundEntry]:
        """Rows from the history.json of the `first` round: its rounds before `first`'s date
        (returned), people still in `first` active, the others retired (or dropped when they
        are in none of those rounds)."""
        keep = [i for i, r in enumerate(history.rounds) if r.as_of < first.as_of]
        people = history.persons
        # map(itemgetter): a hundred thousand dicts' values taken in C, not a loop each.
        self.name = _column(list(map(itemgetter("name"), people)))
        self.nik = _column(list(map(itemgetter("nik"), people)))
        series = {key: list(map(itemgetter(key), people)) for key in _SERIES}
        self.rounds = [{key: _column(list(map(itemgetter(i), series[key]))) for key in _SERIES}
                       for i in keep]
        last = _column([p["ids"][-1] if len(p["ids"]) == len(history.rounds) else None
                        for p in people])
        active = first.persons.index.get_indexer(pd.Index(last)) >= 0
        active &= pd.notna(last)
        seen = np.zeros(len(people), dtype=bool)
        for column in self.rounds:
            seen |= pd.notna(column["ids"])
        self.active, self.active_ids = np.flatnonzero(active), last[active]
        self.retired = [np.flatnonzero(~active & seen)]
        return [history.rounds[i] for i in keep]

    def follow(self, pairs: pd.DataFrame) -> None:
        """Carry the active rows to the next round's ids (`pairs`: old_id, new_id of the
        people linked); the rows of the people in no pair retire."""
        new_of_old = pd.Series(pairs["new_id"].to_numpy(dtype=object),
                               index=pairs["old_id"].to_numpy(dtype=object))
        new_of_old = new_of_old[~new_of_old.index.duplicated(keep="last")]
        moved = new_of_old.reindex(self.active_ids).to_numpy(dtype=object)
        kept = pd.notna(moved)
        self.retired.append(self.active[~kept])
        self.active, self.active_ids = self.active[kept], moved[kept]

    def add_round(self, snapshot: Snapshot) -> None:
        """A column of `snapshot`'s entries: the active rows' people (all of them are in it)
        get theirs and its name and NIK, everyone else a new row (None in the rounds before)."""
        table = snapshot.persons
        ids = table.index.to_numpy(dtype=object)
        names, niks = table["name"].to_numpy(dtype=object), table["nik_typed"].to_numpy(
            dtype=object)
        values = {
            "ids": ids,
            "status": table["status"].astype(str).to_numpy(dtype=object),
            "overdue": _column(table["overdue"].astype(bool).tolist()),
            "units": snapshot.unit_texts,
        }
        # A round's texts are str or None (census.rounds.snapshot).
        names = np.where(pd.notna(names), names, "")
        niks = np.where(pd.notna(niks), niks, _nones(len(niks)))
        if not self.rounds and not len(self.name):
            # The first round: a row per person, in its order — its columns taken as they are
            # (no hashing of ids, no copy touching each value; none is changed in place).
            self.name, self.nik, self.active_ids = names, niks, ids
            self.rounds.append(values)
            self.active = np.arange(len(ids))
            return
        at = pd.Index(self.active_ids).get_indexer(pd.Index(ids))
        new = at < 0
        start, count = len(self.name), int(new.sum())
        self.name = np.concatenate([self.name, _nones(count)])
        self.nik = np.concatenate([self.nik, _nones(count)])
        for column in self.rounds:
            for key in _SERIES:
                column[key] = np.concatenate([column[key], _nones(count)])
        fresh = np.arange(start, start + count)
        where = np.empty(len(ids), dtype=np.int64)
        where[~new] = self.active[at[~new]]
        where[new] = fresh
        self.name[where] = names
        self.nik[where] = niks
        this: dict[str, np.ndarray] = {}
        for key in _SERIES:
            this[key] = _nones(len(self.name))
            this[key][where] = values[key]
        self.rounds.append(this)
        self.active = np.concatenate([self.active, fresh])
        self.active_ids = np.concatenate([self.active_ids, ids[new]])

    def table(self) -> dict[str, np.ndarray]:
        """The rows of the people in any round, by the id in the last round they are in
        (active rows before retired ones of the same id, as they went): person_id, name, nik
        (a value per row), and each series (a row of one value per round)."""
        order = np.concatenate([self.active, *self.retired])
        if np.array_equal(order, np.arange(len(order))):
            # The rows in the order they were made (a first round): kept, not copied — each
            # copy of a column touches each of its hundred thousand objects.
            def take(values: np.ndarray) -> np.ndarray:
                return values
        else:
            def take(values: np.ndarray) -> np.ndarray:
                return values[order]
        series = {key: np.stack([take(column[key]) for column in self.rounds], axis=1)
                  if len(self.rounds) != 1 else take(self.rounds[0][key])[:, None]
                  for key in _SERIES}
        if len(self.rounds) == 1:
            person_id = series["ids"][:, 0]  # everyone is in the one round
        else:
            person_id = _nones(len(order))
            for ids in series["ids"].T:  # the id of the last round the person is in
                person_id = np.where(pd.notna(ids), ids, person_id)
        name, nik = take(self.name), take(self.nik)
        if pd.Index(person_id, dtype=object).is_monotonic_increasing:
            # In order already (a round's people are sorted by id): a stable sort keeps it.
            return {"person_id": person_id, "name": name, "nik": nik, **series}
        ranked = np.argsort(person_id, kind="stable")
        return {"person_id": person_id[ranked], "name": name[ranked], "nik": nik[ranked],
                **{key: values[ranked] for key, values in series.items()}}


@dataclass(frozen=True)
class HistoryTable:
    """A history as a run holds it: its rounds, and the people's rows as columns (_Tracks.table)
    — a dict per person is made only a chunk at a time, as history.json is written: a million
    of them at once would hold a gigabyte."""

    rounds: list[RoundEntry]
    columns: dict[str, np.ndarray]

    def coverage(self, unit: str) -> list[float | None]:
        """The unit's coverage in each round (as History.coverage)."""
        return coverage_of(self.rounds, unit)

    def people(self, start: int = 0, stop: int | None = None) -> list[PersonHistory]:
        """The rows from `start` to `stop` (the end) as PersonHistory dicts."""
        cut = {key: values[start:stop].tolist() for key, values in self.columns.items()}
        with collector_paused():  # a dict and lists per person (census.read.cells)
            return [
                {"person_id": pid, "name": name, "nik": nik, "ids": ids, "status": status,
                 "overdue": overdue, "units": units}
                for pid, name, nik, ids, status, overdue, units in zip(
                    cut["person_id"], cut["name"], cut["nik"], cut["ids"], cut["status"],
                    cut["overdue"], cut["units"], strict=True)
            ]

    def model(self) -> History:
        """The History of the table (every person's dict)."""
        # Built, not validated: these rows are typed by construction (a model per person would
        # cost seconds at a million people).
        return History.model_construct(rounds=self.rounds, persons=self.people())


def _nones(count: int) -> np.ndarray:
    return np.full(count, None, dtype=object)


def _column(values: list[Any]) -> np.ndarray:
    """A list as a 1-d object array (np.array would make a bool array of booleans)."""
    out = _nones(len(values))
    out[:] = values
    return out



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


def write_history(history: History | HistoryTable, path: Path) -> None:
    """OUT/history.json (compact: it grows with people × rounds). The run writes it into its
    staging folder, which replaces the output folder whole."""
    head = History.model_construct(rounds=history.rounds, persons=[]).model_dump(
        mode="json", exclude={"persons"})
    text = json.dumps(head, ensure_ascii=False, separators=(",", ":"))
    with path.open("wb") as file:
        file.write(f'{text[:-1]},"persons":['.encode())
        # A chunk of people at a time (bounded memory), from the columns when their values
        # need only quotes, else as dicts in pydantic's compiled serializer (the same text as
        # json.dumps); each chunk's items joined by commas, without the list's brackets.
        count = len(history.persons) if isinstance(history, History) else len(
            history.columns["person_id"])
        for start in range(0, count, _CHUNK):
            stop = min(start + _CHUNK, count)
            chunk = people_json(history.columns, start, stop) if isinstance(
                history, HistoryTable) else None
            if chunk is None:
                people = history.persons[start:stop] if isinstance(history, History) \
                    else history.people(start, stop)
                chunk = (b"," if start else b"") + pydantic_core.to_json(people)[1:-1]
            file.write(chunk)
        file.write(b"]}\n")


#: People per chunk of history.json written at once (bounded memory).
_CHUNK = 50_000


__all__ = ["HISTORY_FILE", "History", "HistoryTable", "PersonHistory", "RoundEntry", "build_history",
           "write_history"]
