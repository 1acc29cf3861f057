"""Assign Tagana volunteers to the phases of a plan and count the doses actually given.

The algorithm (also in census/allocate/__init__.py):

1. Volunteers are the persons with a membership of category 'tagana'. Their Kab/Kota is the
   roster's Kab/Kota resolved to an official name (regions.resolve_series).
2. Phases are taken in order of start. For each phase the need of every volunteer is decided
   *as it was on the phase's start day*, so the assignment can be reproduced after the fact:
   - a volunteer with no dose on or after the phase start is in the same state as on as_of: the
     persons table's status, next_dose, next_due and eligible_from are used as they are;
   - a volunteer with a dose on or after the start is rolled back: the primary doses dated before
     the start decide whether they were unvaccinated (no dose), partial (next dose due the last
     primary dose + the recommended interval of its brand in force on that day) or complete;
     a deferral on as_of is ignored for them (the later dose shows it did not stop them).
   Priorities: 1 the next primary dose of a partial volunteer, due on or before the phase end
   (ordered by due date); 2 a first dose (unvaccinated); 3 deferred volunteers whose eligible_from
   falls on or before the phase end (ordered by eligible_from); 4 with `count_boosters = true`
   only: a booster due on or before the phase end. Then the census's person order (first roster
   row by file, sheet, row: `roster_order`; person_id without it). A regional phase only takes
   volunteers of its Kab/Kota (an unknown Kab/Kota only fits a phase for every region).
   A volunteer is assigned once per dose: who came for dose 1 in one phase is assigned again,
   for dose 2, to the phase where it falls due (with `reassign_no_shows = true`, a volunteer who
   did not come in a phase that ended before as_of may be assigned again for the same dose to a
   later phase, after everyone not assigned that dose before);
   a phase takes at most `quota` volunteers.
   Refused, exempt and not-eligible volunteers (on as_of) are not assigned, unless a dose on or
   after the phase start shows they were vaccinated then.
3. Uptake: every dose of a volunteer dated within a phase's window (and not after as_of)
   is administered in that phase (assigned or not), unless the phase is regional and the volunteer
   is of another Kab/Kota. remaining = quota − administered (negative: more given than allocated).
   An assigned volunteer with a dose in the window is 'administered'; without one, 'no_show' when
   the phase ended before as_of, else 'pending'. Doses of volunteers from the first phase's start
   to as_of that no phase took are 'outside any phase'.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from census.allocate.kabkota import resolve_series
from census.allocate.plan import Phase, Plan
from census.allocate.uptake import (
    assignment_table,
    outside_table,
    phase_of_doses,
    phase_table,
    region_table,
    unassigned_table,
)
from census.model import PRIMARY_SLOTS, Category
from census.rules import Rules, default_rules
from census.rules.vector import ages_on, interval_days

#: Priority groups, in the order phases fill up.
NEXT_DOSE, FIRST_DOSE, DEFERRED, BOOSTER = 1, 2, 3, 4
#: Interval when the brand or its rule is unknown: the commonest (Sinovac) 28 days.
DEFAULT_INTERVAL_DAYS = 28

ASSIGNMENT_COLUMNS = {
    "phase": "phase name",
    "person_id": "the volunteer",
    "nik": "NIK (unmasked: mask it in anything printed)",
    "name": "name",
    "kabkota": "Kab/Kota: official name, else as typed, else None",
    "phone": "phone number from any of the volunteer's rosters (str or None)",
    "priority": "next_dose, first_dose, deferred or booster",
    "dose": "the dose slot needed at the phase start (dose1, dose2, ..., booster1)",
    "due": "date from which that dose may be given (NaT when any time)",
    "status_at_start": "partial, unvaccinated, deferred or complete on the phase start",
    "status": "status on as_of",
    "given": "date of the volunteer's first dose in the phase window (NaT when none)",
    "outcome": "administered, no_show or pending",
}
PHASE_COLUMNS = ["phase", "start", "end", "kabkota", "quota", "assigned", "administered",
                 "administered_unassigned", "remaining", "no_shows", "pending"]
REGION_COLUMNS = ["kabkota", "volunteers", "need_now", "assigned", "administered", "no_shows",
                  "unassigned_need"]
OUTSIDE_COLUMNS = ["person_id", "nik", "name", "kabkota", "dose", "date", "brand", "reason"]
UNASSIGNED_COLUMNS = ["person_id", "nik", "name", "kabkota", "phone", "status", "dose", "due",
                      "reason"]


@dataclass(frozen=True)
class Allocation:
    """The result of `allocate`: tables the coordinator report prints.

    `assignments`: ASSIGNMENT_COLUMNS, by phase order then priority order. `phases`:
    PHASE_COLUMNS, one row per phase. `regions`: REGION_COLUMNS, one row per Kab/Kota.
    `outside`: OUTSIDE_COLUMNS, doses given to volunteers outside any phase. `unassigned`:
    UNASSIGNED_COLUMNS, volunteers who still need a dose on as_of and have no phase.
    """

    plan: Plan
    as_of: date
    volunteers: int
    assignments: pd.DataFrame
    phases: pd.DataFrame
    regions: pd.DataFrame
    outside: pd.DataFrame
    unassigned: pd.DataFrame


def _days(values: pd.Series) -> pd.Series:
    """Any date column (date objects, strings, Timestamps) as datetime64 days."""
    return pd.to_datetime(values, errors="coerce").astype("datetime64[ns]").dt.normalize()


def volunteers_of(persons: pd.DataFrame, memberships: pd.DataFrame) -> pd.DataFrame:
    """The persons who are Tagana volunteers, with dates as datetime64 and an official region."""
    ids = memberships.loc[memberships["category"].astype(str) == Category.TAGANA, "person_id"]
    vols = persons[persons["person_id"].isin(set(ids))].copy()
    for column in ("next_due", "eligible_from", "birth_date"):
        vols[column] = _days(vols[column]) if column in vols else pd.NaT
    for column in ("nik", "name", "kabkota", "next_dose", "phone"):
        if column not in vols:
            vols[column] = None
    vols["status"] = vols["status"].astype(str)
    region = resolve_series(vols["kabkota"], vols["nik"])
    typed = vols["kabkota"].astype(object).where(vols["kabkota"].notna(), None)
    vols["region"] = region
    vols["label"] = region.where(region.notna(), typed)
    order = ["roster_order", "person_id"] if "roster_order" in vols else ["person_id"]
    return vols.sort_values(order).reset_index(drop=True)


def need_at(
    vols: pd.DataFrame, doses: pd.DataFrame, phase: Phase, rules: Rules, count_boosters: bool
) -> pd.DataFrame:
    """Each volunteer's need on the phase start: group (0 = none), dose slot, available-from date,
    status at the start."""
    start = phase.start
    day = pd.Timestamp(start)
    out = pd.DataFrame({"person_id": vols["person_id"]})
    out["group"] = 0
    out["dose"] = None
    out["available"] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
    out["status_at_start"] = vols["status"]

    later = set(doses.loc[doses["date"] >= day, "person_id"])
    since = vols["person_id"].isin(later)

    # Unchanged since the phase start: the status on as_of holds.
    status = vols["status"]
    same = ~since
    partial = same & (status == "partial")
    out.loc[partial, "group"] = NEXT_DOSE
    unvacc = same & (status == "unvaccinated")
    out.loc[unvacc, "group"] = FIRST_DOSE
    deferred = same & (status == "deferred")
    out.loc[deferred, "group"] = DEFERRED
    out.loc[same, "dose"] = vols.loc[same, "next_dose"]
    # A deferred or partial person without a recorded next_dose needs the next primary dose.
    counted = pd.to_numeric(vols["primary_doses"], errors="coerce").fillna(0).astype(int)
    missing = (partial | unvacc | deferred) & out["dose"].isna()
    out.loc[missing, "dose"] = "dose" + (counted[missing] + 1).astype(str)
    out.loc[partial | unvacc, "available"] = vols.loc[partial | unvacc, "next_due"]
    out.loc[deferred, "available"] = vols.loc[deferred, ["eligible_from", "next_due"]].max(axis=1)
    if count_boosters:
        boost = (same & (status == "complete") & vols["next_dose"].astype(str).str.startswith(
            "booster") & vols["next_due"].notna())
        out.loc[boost, "group"] = BOOSTER
        out.loc[boost, "available"] = vols.loc[boost, "next_due"]

    if since.any():
        _roll_back(out, vols, doses[doses["date"] < day], since, phase, rules, count_boosters)
    return out


def _roll_back(out: pd.DataFrame, vols: pd.DataFrame, before: pd.DataFrame, since: pd.Series,
               phase: Phase, rules: Rules, count_boosters: bool) -> None:
    """The need of volunteers vaccinated on or after the phase start, from their doses before it."""
    primary = before[before["slot"].isin(PRIMARY_SLOTS)].sort_values(["person_id", "date"])
    grouped = primary.groupby("person_id")
    series = {b.code: b.primary_doses for b in rules.brands}

    rows = vols.index[since]
    ids = vols.loc[rows, "person_id"]
    n = ids.map(grouped.size()).fillna(0).astype(int)
    length = ids.map(grouped["brand"].first()).map(series).fillna(2).astype(int)
    last = pd.DataFrame({
        "brand": ids.map(grouped["brand"].last()).astype(object),
        "date": (ids.map(grouped["date"].last()) if len(primary)
                 else pd.Series(pd.NaT, index=rows)).astype("datetime64[ns]"),
    })
    last["age"] = ages_on(vols.loc[rows, "birth_date"], last["date"])

    out.loc[rows, ["group", "dose", "available", "status_at_start"]] = (0, None, pd.NaT,
                                                                        "complete")
    first = rows[n == 0]
    out.loc[first, ["group", "dose", "status_at_start"]] = (FIRST_DOSE, "dose1", "unvaccinated")
    partial = rows[(n > 0) & (n < length)]
    if len(partial):
        dose = last.loc[partial]
        days = interval_days(rules, dose["brand"], dose["date"], dose["age"]).fillna(
            DEFAULT_INTERVAL_DAYS)
        out.loc[partial, "group"] = NEXT_DOSE
        out.loc[partial, "dose"] = "dose" + (n[partial] + 1).astype(str)
        out.loc[partial, "available"] = last.loc[partial, "date"] + pd.to_timedelta(days, "D")
        out.loc[partial, "status_at_start"] = "partial"
    complete = rows[n >= length]
    if count_boosters and len(complete):
        k = ids[complete].map(before[~before["slot"].isin(PRIMARY_SLOTS)]
                              .groupby("person_id").size()).fillna(0).astype(int) + 1
        latest = ids[complete].map(before.groupby("person_id")["date"].max())
        for number in (1, 2):
            # The rules in force at the phase's start and end (a booster rule may open or
            # change during the phase): the earliest day either allows.
            in_force = {r for r in (rules.booster(number, phase.start),
                                    rules.booster(number, phase.end)) if r is not None}
            chosen = complete[(k == number).to_numpy()]
            if not in_force or not len(chosen):
                continue
            due = pd.concat([
                (latest[chosen] + pd.DateOffset(months=r.min_months)).clip(
                    lower=pd.Timestamp(r.from_)) for r in in_force], axis=1).min(axis=1)
            out.loc[chosen, ["group", "dose"]] = (BOOSTER, f"booster{number}")
            out.loc[chosen, "available"] = due


def allocate(
    plan: Plan,
    persons: pd.DataFrame,
    memberships: pd.DataFrame,
    doses: pd.DataFrame,
    as_of: date,
    rules: Rules | None = None,
) -> Allocation:
    """Assign volunteers to the plan's phases and count the uptake (see the module docstring)."""
    rules = rules or default_rules()
    vols = volunteers_of(persons, memberships)
    vdoses = doses[doses["person_id"].isin(set(vols["person_id"]))].copy()
    vdoses["date"] = _days(vdoses["date"])
    vdoses = vdoses[vdoses["date"].notna() & (vdoses["date"] <= pd.Timestamp(as_of))]
    region_of = vols.set_index("person_id")["region"]

    # Keyed by (volunteer, dose): who came for dose 1 may be assigned again for dose 2.
    taken: set[tuple[str, str]] = set()  # may not be assigned that dose again
    assigned_before: set[tuple[str, str]] = set()
    parts = []
    for phase in plan.phases:
        need = need_at(vols, vdoses, phase, rules, plan.count_boosters)
        key = pd.Series(list(zip(need["person_id"], need["dose"].astype(str), strict=True)),
                        index=need.index, dtype=object)
        end = pd.Timestamp(phase.end)
        fits = (need["group"] > 0) & ~key.isin(taken)
        fits &= need["available"].isna() | (need["available"] <= end)
        if phase.regional:
            fits &= vols["region"].isin(phase.kabkota)
        chosen = need[fits].copy()
        # Order: those not assigned this dose before (no-shows given another chance come last),
        # priority group, then due date (next doses) / eligible_from (deferred), then the
        # volunteers' order (vols is sorted by it, and `need` shares its index).
        chosen["repeat"] = key[fits].isin(assigned_before)
        chosen["order_date"] = chosen["available"].where(chosen["group"] != FIRST_DOSE)
        chosen["order_rank"] = chosen.index
        chosen = chosen.sort_values(["repeat", "group", "order_date", "order_rank"],
                                    na_position="first", kind="stable").head(phase.quota)
        chosen_keys = key[chosen.index]
        assigned_before.update(chosen_keys)
        if plan.reassign_no_shows and phase.end < as_of:
            # Who did not come may be assigned again to a later phase.
            window = vdoses["date"].between(pd.Timestamp(phase.start), end)
            came = chosen["person_id"].isin(set(vdoses.loc[window, "person_id"]))
            taken.update(chosen_keys[came])
        else:
            taken.update(chosen_keys)
        chosen["phase"] = phase.name
        parts.append(chosen.drop(columns=["repeat", "order_date", "order_rank"]))
    assignments = assignment_table(parts, vols, vdoses, plan, as_of, list(ASSIGNMENT_COLUMNS))
    phase_of = phase_of_doses(vdoses, plan, region_of)
    return Allocation(
        plan=plan,
        as_of=as_of,
        volunteers=len(vols),
        assignments=assignments,
        phases=phase_table(plan, assignments, vdoses, phase_of, PHASE_COLUMNS),
        regions=region_table(vols, assignments, vdoses, phase_of, REGION_COLUMNS),
        outside=outside_table(vols, vdoses, phase_of, OUTSIDE_COLUMNS),
        unassigned=unassigned_table(vols, assignments, plan, UNASSIGNED_COLUMNS),
    )
