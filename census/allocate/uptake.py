"""Uptake of a Tagana allocation: which phase each dose falls in, and the coordinator's tables."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from census.allocate.plan import Plan
from census.model import OUTSTANDING_STATUSES

PRIORITY_NAMES = {1: "next_dose", 2: "first_dose", 3: "deferred", 4: "booster"}
_OUTSTANDING = [str(s) for s in OUTSTANDING_STATUSES]


def _objects(values: pd.Series) -> pd.Series:
    """Text column with None (not NaN) where empty, as the report expects."""
    values = values.astype(object)
    return values.where(values.notna(), None)


def phase_of_doses(doses: pd.DataFrame, plan: Plan, region_of: pd.Series) -> pd.DataFrame:
    """For each dose row: the phase that took it (or None), and why not ('no_phase',
    'other_region', 'before_plan'). Phases do not overlap, so a date has at most one phase."""
    starts = np.array([np.datetime64(p.start, "ns") for p in plan.phases])
    ends = np.array([np.datetime64(p.end, "ns") for p in plan.phases])
    dates = doses["date"].to_numpy(dtype="datetime64[ns]")
    index = np.searchsorted(starts, dates, side="right") - 1
    inside = (index >= 0) & (dates <= ends[np.clip(index, 0, None)])
    names = np.array([p.name for p in plan.phases], dtype=object)
    phase = pd.Series(names[np.clip(index, 0, None)], index=doses.index).where(inside, None)
    reason = pd.Series("no_phase", index=doses.index, dtype=object).where(~inside, None)
    reason[dates < starts[0]] = "before_plan"
    regions = doses["person_id"].map(region_of)
    for p in plan.phases:
        if p.regional:
            wrong = (phase == p.name) & ~regions.isin(p.kabkota)
            phase[wrong] = None
            reason[wrong] = "other_region"
    return pd.DataFrame({"phase": phase, "reason": reason})


def assignment_table(parts: list[pd.DataFrame], vols: pd.DataFrame, doses: pd.DataFrame,
                     plan: Plan, as_of: date, columns: list[str]) -> pd.DataFrame:
    """The assignments with the volunteer's details, first dose given in the window, outcome."""
    if not parts or not sum(len(p) for p in parts):
        return pd.DataFrame(columns=columns)
    table = pd.concat([p for p in parts if len(p)], ignore_index=True)
    details = vols.set_index("person_id")
    table["nik"] = table["person_id"].map(details["nik"])
    table["name"] = table["person_id"].map(details["name"])
    table["kabkota"] = _objects(table["person_id"].map(details["label"]))
    table["phone"] = _objects(table["person_id"].map(details["phone"]))
    table["status"] = table["person_id"].map(details["status"])
    table["priority"] = table["group"].map(PRIORITY_NAMES)
    table["due"] = table["available"]
    window = {p.name: (pd.Timestamp(p.start), pd.Timestamp(p.end)) for p in plan.phases}
    table["start"] = table["phase"].map(lambda name: window[name][0])
    table["end"] = table["phase"].map(lambda name: window[name][1])
    given = table[["phase", "person_id", "start", "end"]].merge(
        doses[["person_id", "date"]], on="person_id")
    given = given[(given["date"] >= given["start"]) & (given["date"] <= given["end"])]
    first = given.groupby(["phase", "person_id"])["date"].min()
    keys = pd.MultiIndex.from_frame(table[["phase", "person_id"]])
    table["given"] = first.reindex(keys).to_numpy()
    table["outcome"] = np.where(
        table["given"].notna(), "administered",
        np.where(table["end"] < pd.Timestamp(as_of), "no_show", "pending"))
    return table[columns].reset_index(drop=True)


def phase_table(plan: Plan, assignments: pd.DataFrame, doses: pd.DataFrame,
                phase_of: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """One row per phase: quota, assigned, administered (doses), remaining, no-shows, pending."""
    rows = []
    for p in plan.phases:
        mine = assignments[assignments["phase"] == p.name]
        given = doses[phase_of["phase"] == p.name]
        administered = len(given)
        rows.append({
            "phase": p.name,
            "start": p.start,
            "end": p.end,
            "kabkota": "; ".join(p.kabkota),
            "quota": p.quota,
            "assigned": len(mine),
            "administered": administered,
            "administered_unassigned": int((~given["person_id"].isin(mine["person_id"])).sum()),
            "remaining": p.quota - administered,
            "no_shows": int((mine["outcome"] == "no_show").sum()),
            "pending": int((mine["outcome"] == "pending").sum()),
        })
    return pd.DataFrame(rows, columns=columns)


def region_table(vols: pd.DataFrame, assignments: pd.DataFrame, doses: pd.DataFrame,
                 phase_of: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """One row per Kab/Kota (None: unknown): volunteers, needing a dose now, assigned, ..."""
    label = vols.set_index("person_id")["label"]
    frame = pd.DataFrame({
        "kabkota": vols["label"].fillna("").to_numpy(),
        "volunteers": 1,
        "need_now": vols["status"].isin(_OUTSTANDING).astype(int).to_numpy(),
        # assignments, as in the phase table (a volunteer assigned dose 1 and dose 2 counts twice)
        "assigned": vols["person_id"].map(assignments.groupby("person_id").size())
        .fillna(0).astype(int).to_numpy(),
        "waiting": vols["person_id"].isin(set(_waiting(assignments))).astype(int).to_numpy(),
        # no-show assignments (a volunteer reassigned after not coming may count twice)
        "no_shows": vols["person_id"].map(
            assignments[assignments["outcome"] == "no_show"].groupby("person_id").size()
        ).fillna(0).astype(int).to_numpy(),
    })
    frame["unassigned_need"] = frame["need_now"] * (1 - frame.pop("waiting"))
    table = frame.groupby("kabkota", sort=True).sum()
    given = doses.loc[phase_of["phase"].notna(), "person_id"].map(label).fillna("")
    table["administered"] = given.value_counts().reindex(table.index, fill_value=0)
    table = table.reset_index()
    table["kabkota"] = table["kabkota"].replace("", None)
    # Unknown Kab/Kota last, after the named ones.
    table = table.sort_values("kabkota", na_position="last", kind="stable")
    return table[columns].reset_index(drop=True)


def outside_table(vols: pd.DataFrame, doses: pd.DataFrame, phase_of: pd.DataFrame,
                  columns: list[str]) -> pd.DataFrame:
    """Doses given to volunteers from the first phase's start to as_of that no phase took."""
    mask = phase_of["phase"].isna() & (phase_of["reason"] != "before_plan")
    table = doses.loc[mask, ["person_id", "slot", "date", "brand"]].rename(columns={"slot": "dose"})
    table["reason"] = phase_of.loc[mask, "reason"]
    details = vols.set_index("person_id")
    table["nik"] = table["person_id"].map(details["nik"])
    table["name"] = table["person_id"].map(details["name"])
    table["kabkota"] = _objects(table["person_id"].map(details["label"]))
    return table.sort_values(["date", "person_id"], kind="stable")[columns].reset_index(drop=True)


def _waiting(assignments: pd.DataFrame) -> pd.Series:
    """Volunteers with a phase still ahead of them: assigned, phase not over, not come yet.

    Who came in their phase and needs another dose now, or did not come in a phase that is
    over, has no phase unless assigned again.
    """
    return assignments.loc[assignments["outcome"] == "pending", "person_id"]


def unassigned_table(vols: pd.DataFrame, assignments: pd.DataFrame, plan: Plan,
                     columns: list[str]) -> pd.DataFrame:
    """Volunteers who still need a dose on as_of and have no phase, with the likely reason."""
    mask = vols["status"].isin(_OUTSTANDING) & ~vols["person_id"].isin(set(_waiting(assignments)))
    table = vols.loc[mask].copy()
    table["kabkota"] = _objects(table["label"])
    table["phone"] = _objects(table["phone"])
    table["dose"] = table["next_dose"]
    table["due"] = table[["next_due", "eligible_from"]].max(axis=1)
    served_everywhere = any(not p.regional for p in plan.phases)
    served = {name for p in plan.phases for name in p.kabkota}
    last_end = pd.Timestamp(max(p.end for p in plan.phases))
    no_region = ~served_everywhere & ~table["region"].isin(served)
    late = table["due"] > last_end
    missed = table["person_id"].isin(
        set(assignments.loc[assignments["outcome"] == "no_show", "person_id"]))
    table["reason"] = np.select(
        [no_region, missed, late],
        ["no_phase_for_region", "missed_phase", "due_after_last_phase"],
        default="phases_full",
    )
    # The coordinator works through the list by Kab/Kota: grouped, then by due date.
    table = table.sort_values(["kabkota", "due", "person_id"], na_position="last", kind="stable")
    return table[columns].reset_index(drop=True)
