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
    (a date or None) — a Snapshot's persons, one dict made per person asked for."""

    def __init__(self, persons: pd.DataFrame) -> None:
        self.ids: list[str] = [str(pid) for pid in persons.index.to_numpy(dtype=object).tolist()]
        self.position = dict(zip(self.ids, range(len(self.ids)), strict=True))
        self.columns: dict[str, list[Any]] = {
            column: persons[column].astype(object).where(persons[column].notna(), None).tolist()
            for column in _TEXT
        }
        self.columns["primary_doses"] = persons["primary_doses"].astype(int).tolist()
        self.columns["overdue"] = persons["overdue"].astype(bool).tolist()
        # Kept as days: a date is made only for the people asked for.
        self.due = persons["next_due"].to_numpy(dtype="datetime64[D]")

    def __getitem__(self, pid: str) -> dict[str, Any]:
        at = self.position[pid]
        record = {column: values[at] for column, values in self.columns.items()}
        record["next_due"] = self.due[at].item()  # a date, None for NaT
        return record

    def __iter__(self) -> Any:
        return iter(self.ids)


def changed(old: pd.DataFrame, new: pd.DataFrame, pairs: pd.DataFrame) -> list[str]:
    """New ids of the linked people (`pairs`: old_id, new_id, kind) with a change of their own:
    another status, overdue now, fewer primary doses, or another id."""
    before = old.reindex(pairs["old_id"].to_numpy(dtype=object))
    after = new.reindex(pairs["new_id"].to_numpy(dtype=object))
    differs = (
        (before["status"].to_numpy(dtype=object) != after["status"].to_numpy(dtype=object))
        | after["overdue"].to_numpy(dtype=bool)
        | (after["primary_doses"].to_numpy() < before["primary_doses"].to_numpy())
        | (pairs["kind"].to_numpy(dtype=object) != "same")
    )
    return [str(pid) for pid in pairs["new_id"].to_numpy(dtype=object)[differs].tolist()]


class DoseDays:
    """person id → {date of a dose: its slot} (the last dose of a day wins), made when asked."""

    def __init__(self, doses: pd.DataFrame) -> None:
        ids = doses["person_id"].to_numpy(dtype=object)
        self.days = doses["date"].to_numpy(dtype="datetime64[D]")
        self.slots = doses["slot"].to_numpy(dtype=object)
        starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]]) if len(ids) else np.zeros(
            0, dtype=np.int64)
        ends = np.append(starts[1:], len(ids)).astype(np.int64) if len(ids) else starts
        self.rows = dict(zip([str(pid) for pid in ids[starts].tolist()],
                             zip(starts.tolist(), ends.tolist(), strict=True), strict=True))

    def get(self, pid: str) -> dict[date, str]:
        start, end = self.rows.get(pid, (0, 0))
        return dict(zip(self.days[start:end].tolist(),
                        [str(slot) for slot in self.slots[start:end].tolist()], strict=True))


def new_doses(old: pd.DataFrame, new: pd.DataFrame, old_of: dict[str, str]
              ) -> list[tuple[str, date, str, str | None]]:
    """(person id, date, slot, brand) of each dose of a linked person (`old_of`: new id → old
    id) on a day none of their earlier doses was, by person and date; of several doses on one
    day, the last."""
    doses = pd.DataFrame({
        "pid": new["person_id"].astype(str).to_numpy(dtype=object),
        "day": new["date"].to_numpy(dtype="datetime64[D]"),
        "slot": new["slot"].astype(str).to_numpy(dtype=object),
        "brand": new["brand"].to_numpy(dtype=object),
    }).drop_duplicates(["pid", "day"], keep="last")
    doses["old"] = doses["pid"].map(old_of)
    doses = doses[doses["old"].notna()]
    seen = pd.MultiIndex.from_arrays([old["person_id"].astype(str).to_numpy(dtype=object),
                                      old["date"].to_numpy(dtype="datetime64[D]")])
    doses = doses[~pd.MultiIndex.from_frame(doses[["old", "day"]]).isin(seen)]
    doses = doses.sort_values(["pid", "day"], kind="stable")
    return list(zip(doses["pid"].tolist(), doses["day"].to_numpy(dtype="datetime64[D]").tolist(),
                    doses["slot"].tolist(), doses["brand"].tolist(), strict=True))
