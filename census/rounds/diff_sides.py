"""One round's side of a diff as columns: persons by position, doses by person, the changed.

census.rounds.diff looks a person up a few times each, and only the people in some list of
the diff: a dict of fields per person, or of dose dates per person, made for everyone up
front cost seconds at 100,000 people. These keep the round's columns and make a person's
record or dose dates when asked.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd

#: The text fields of a person's record (None when missing).
_TEXT = ("name", "nik", "nik_typed", "status", "next_dose")


class Records:
    """person id → name, nik, nik_typed, status, primary_doses, overdue, next_dose, next_due
    (a date or None) — a Snapshot's persons, one dict made per person asked for (the few in
    no change of their own: new, gone or moved people)."""

    def __init__(self, persons: pd.DataFrame) -> None:
        self.index = persons.index  # unique person ids: get_loc is one hash lookup
        self.columns = {column: persons[column].to_numpy(dtype=object) for column in _TEXT}
        self.primary = persons["primary_doses"].to_numpy()
        self.overdue = persons["overdue"].to_numpy(dtype=bool)
        # Kept as days: a date is made only for the people asked for.
        self.due = persons["next_due"].to_numpy(dtype="datetime64[D]")

    def __getitem__(self, pid: str) -> dict[str, Any]:
        at = self.index.get_loc(pid)
        record: dict[str, Any] = {column: _text(values[at])
                                  for column, values in self.columns.items()}
        record["primary_doses"] = int(self.primary[at])
        record["overdue"] = bool(self.overdue[at])
        record["next_due"] = self.due[at].item()  # a date, None for NaT
        return record

    def __iter__(self) -> Any:
        return iter([str(pid) for pid in self.index.to_numpy(dtype=object).tolist()])


def _text(value: Any) -> Any:
    return None if value is None or pd.isna(value) else value


#: The facts of a changed person (changed_facts): old id, kind, then old and new fields.
FACTS = ("new_id", "old_id", "kind", "old_status", "old_overdue", "old_primary", "old_nik_typed",
         "status", "overdue", "primary", "name", "nik", "next_dose", "next_due")


def changed(old: pd.DataFrame, new: pd.DataFrame, pairs: pd.DataFrame) -> list[str]:
    """New ids of the linked people (`pairs`: old_id, new_id, kind) with a change of their own:
    another status, overdue now, fewer primary doses, or another id."""
    return changed_facts(old, new, pairs)["new_id"]


def changed_facts(old: pd.DataFrame, new: pd.DataFrame, pairs: pd.DataFrame
                  ) -> dict[str, list[Any]]:
    """The linked people of `changed`, their FACTS as columns (texts str or None, overdue
    bool, primary doses int, next_due a date or None), taken for all of them at once."""
    before = old.reindex(pairs["old_id"].to_numpy(dtype=object))
    after = new.reindex(pairs["new_id"].to_numpy(dtype=object))
    kind = pairs["kind"].to_numpy(dtype=object)
    old_status = before["status"].to_numpy(dtype=object)
    status = after["status"].to_numpy(dtype=object)
    overdue = after["overdue"].to_numpy(dtype=bool)
    old_primary, primary = before["primary_doses"].to_numpy(), after["primary_doses"].to_numpy()
    differs = (old_status != status) | overdue | (primary < old_primary) | (kind != "same")

    def texts(frame: pd.DataFrame, column: str) -> list[Any]:
        values: np.ndarray = frame[column].to_numpy(dtype=object)[differs]
        values[pd.isna(values)] = None
        return values.tolist()  # type: ignore[no-any-return]

    return {
        "new_id": [str(pid) for pid in pairs["new_id"].to_numpy(dtype=object)[differs].tolist()],
        "old_id": [str(pid) for pid in pairs["old_id"].to_numpy(dtype=object)[differs].tolist()],
        "kind": kind[differs].tolist(),
        "old_status": texts(before, "status"),
        "old_overdue": before["overdue"].to_numpy(dtype=bool)[differs].tolist(),
        "old_primary": old_primary[differs].astype(int).tolist(),
        "old_nik_typed": texts(before, "nik_typed"),
        "status": texts(after, "status"),
        "overdue": overdue[differs].tolist(),
        "primary": primary[differs].astype(int).tolist(),
        "name": texts(after, "name"),
        "nik": texts(after, "nik"),
        "next_dose": texts(after, "next_dose"),
        "next_due": after["next_due"].to_numpy(dtype="datetime64[D]")[differs].tolist(),
    }


class DoseDays:
    """person id → {date of a dose: its slot} (the last dose of a day wins), made when asked
    (the doses are sorted by person id: a person's rows are found by bisection)."""

    def __init__(self, doses: pd.DataFrame) -> None:
        self.ids = doses["person_id"].to_numpy(dtype=object)
        self.days = doses["date"].to_numpy(dtype="datetime64[D]")
        self.slots = doses["slot"].to_numpy(dtype=object)

    def get(self, pid: str) -> dict[date, str]:
        start, end = self.ids.searchsorted(pid, "left"), self.ids.searchsorted(pid, "right")
        return dict(zip(self.days[start:end].tolist(),
                        [str(slot) for slot in self.slots[start:end].tolist()], strict=True))


def new_doses(old: pd.DataFrame, new: pd.DataFrame, old_of: dict[str, str]
              ) -> list[tuple[str, date, str, str | None]]:
    """(person id, date, slot, brand) of each dose of a linked person (`old_of`: new id → old
    id) on a day none of their earlier doses was, by person and date; of several doses on one
    day, the last.

    As integers: (person, day) pairs are a person's number times the span of days plus the
    day, so the doses of a hundred thousand people are matched with the old round's by one
    sorted search, and Python objects are made only for the doses found (a handful: a frame
    of every dose, mapped and deduplicated by its strings, cost half a second)."""
    pids = new["person_id"].to_numpy(dtype=object)
    if not len(pids):
        return []
    days = new["date"].to_numpy(dtype="datetime64[D]").astype(np.int64)
    old_days = old["date"].to_numpy(dtype="datetime64[D]").astype(np.int64)
    codes, distinct = pd.factorize(pids)
    people = np.array([str(pid) for pid in distinct.tolist()], dtype=object)
    old_codes, old_people = pd.factorize(old["person_id"].to_numpy(dtype=object))
    # Each new person's number among the old round's people (-1: not linked, or no dose then).
    linked = np.fromiter((pid in old_of for pid in people.tolist()), dtype=bool,
                         count=len(people))
    then = np.full(len(people), -1, dtype=np.int64)
    then[linked] = pd.Index(old_people).get_indexer(
        pd.Index([old_of[pid] for pid in people[linked].tolist()]))
    first = min(old_days.min(initial=days.min()), days.min())
    span = max(old_days.max(initial=days.max()), days.max()) - first + 1
    # Sorted, not np.unique: numpy 2's unique hashes the integers, seventy times slower.
    seen = np.sort(old_codes.astype(np.int64) * span + (old_days - first))
    # Of a person's doses on one day, the last (rows of one pair: the same key).
    own = codes.astype(np.int64) * span + (days - first)
    last = ~pd.Series(own).duplicated(keep="last").to_numpy()
    keys = then[codes] * span + (days - first)
    known = np.zeros(len(keys), dtype=bool)
    had = then[codes] >= 0
    if len(seen):
        at = np.searchsorted(seen, keys[had]).clip(max=len(seen) - 1)
        known[had] = seen[at] == keys[had]
    found = np.flatnonzero(linked[codes] & last & ~known)
    rows = zip([str(pid) for pid in pids[found].tolist()],
               days[found].astype("datetime64[D]").tolist(),
               [str(slot) for slot in new["slot"].to_numpy(dtype=object)[found].tolist()],
               new["brand"].to_numpy(dtype=object)[found].tolist(), strict=True)
    # (person, day) pairs are distinct here: sorted by them is sorted stably.
    return sorted(rows, key=lambda row: (row[0], row[1]))
