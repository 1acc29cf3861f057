"""The register of exposure: people ever positive, positive now, recovered and died, per unit and
for the department, clients and staff apart, and new cases by month (DOMAIN §9)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field

from census.config import Config
from census.model import CaseGroup
from census.rules.table import Rules
from census.values.words import normalise

GROUPS = [str(g) for g in CaseGroup]


class ExposureCounts(BaseModel):
    """Distinct people of a group. `ever`: with a positive test on or before the date;
    `now`: isolating on the date; `died`; `recovered` = ever − now − died."""

    ever: int = 0
    now: int = 0
    recovered: int = 0
    died: int = 0


class UnitExposure(BaseModel):
    """One unit (or the department): counts in total and per CaseGroup, isolation rooms of the
    unit in use on the date, and new cases (episodes) per month 'YYYY-MM' per group."""

    name: str
    total: ExposureCounts
    by_group: dict[str, ExposureCounts] = Field(description="every CaseGroup value")
    rooms_in_use: int = 0
    by_month: dict[str, dict[str, int]] = Field(
        default_factory=dict, description="month → group → new cases; every month of `months`"
    )


class Exposure(BaseModel):
    """The exposure register on `as_of` (counts only: no names)."""

    as_of: date
    department: str
    months: list[str]
    totals: UnitExposure
    units: dict[str, UnitExposure]


def isolation_window(cases: pd.DataFrame, rules: Rules) -> tuple[pd.Series, pd.Series]:
    """(first, last day of each case's isolation): from the isolation start, else the test; to
    the isolation end, else the test + isolation_days — and no later than a recovery."""
    test = pd.to_datetime(cases["test_date"], errors="coerce").astype("datetime64[ns]")
    start = pd.to_datetime(cases["isolation_start_date"], errors="coerce").astype("datetime64[ns]")
    end = pd.to_datetime(cases["isolation_end_date"], errors="coerce").astype("datetime64[ns]")
    start = start.fillna(test)
    end = end.fillna(test + pd.Timedelta(days=rules.cases.isolation_days))
    outcome = pd.to_datetime(cases["outcome_date"], errors="coerce").astype("datetime64[ns]")
    recovered = outcome.where(cases["outcome"].eq("recovered"))
    end = end.where(~(recovered < end), recovered)
    return start, end


def isolating_on(cases: pd.DataFrame, day: date, rules: Rules) -> pd.Series:
    """True for each positive case isolating on `day` (and not dead by then)."""
    stamp = pd.Timestamp(day)
    start, end = isolation_window(cases, rules)
    return positive_by(cases, day) & (start <= stamp) & (stamp <= end) & ~died_by(cases, day)


def positive_by(cases: pd.DataFrame, day: date) -> pd.Series:
    """True for each positive test dated on or before `day`."""
    test = pd.to_datetime(cases["test_date"], errors="coerce")
    return cases["result"].eq("positive") & test.notna() & (test <= pd.Timestamp(day))


def died_by(cases: pd.DataFrame, day: date) -> pd.Series:
    """True for each case whose person died on or before `day` (a death without a date too)."""
    outcome = pd.to_datetime(cases["outcome_date"], errors="coerce")
    return cases["outcome"].eq("died") & (outcome.isna() | (outcome <= pd.Timestamp(day)))


def exposure(cases: pd.DataFrame, config: Config, rules: Rules, day: date | None = None) -> Exposure:
    """Count the linked cases table (CASE_COLUMNS + CASE_LINK_COLUMNS) on `day` (as_of)."""
    day = day or config.as_of
    counted = cases[positive_by(cases, day).to_numpy(dtype=bool)].copy()
    counted["_now"] = isolating_on(counted, day, rules)
    counted["_died"] = died_by(counted, day)
    counted["_room"] = counted["isolation_place_raw"].map(
        lambda text: normalise(str(text)) if text is not None else None
    ).where(counted["isolation_place"].eq("unit") & counted["_now"], None)
    test = pd.to_datetime(counted["test_date"])
    counted["_month"] = test.dt.strftime("%Y-%m")
    months = _months(test.min(), day) if len(counted) else []

    units: dict[str, UnitExposure] = {}
    for unit in sorted(set(counted["unit"].astype(str)) | set(config.units)):
        mine = counted[counted["unit"].astype(str) == unit]
        units[unit] = _unit(config.unit_name(unit), mine, months)
    return Exposure(as_of=day, department=config.department, months=months,
                    totals=_unit(config.department, counted, months), units=units)


def _unit(name: str, cases: pd.DataFrame, months: list[str]) -> UnitExposure:
    by_group = {group: _counts(cases[cases["group"] == group]) for group in GROUPS}
    episodes = cases[cases["counted"].astype(bool)]
    per_month = episodes.groupby(["_month", "group"]).size()
    by_month = {
        month: {group: int(per_month.get((month, group), 0)) for group in GROUPS}
        for month in months
    }
    rooms = cases["_room"].dropna().nunique() if "_room" in cases else 0
    return UnitExposure(name=name, total=_counts(cases), by_group=by_group,
                        rooms_in_use=int(rooms), by_month=by_month)


def _counts(cases: pd.DataFrame) -> ExposureCounts:
    if cases.empty:
        return ExposureCounts()
    people = cases.groupby("person_key").agg(now=("_now", "any"), died=("_died", "any"))
    died = int(people["died"].sum())
    now = int((people["now"] & ~people["died"]).sum())
    ever = len(people)
    return ExposureCounts(ever=ever, now=now, recovered=ever - now - died, died=died)


def _months(first: pd.Timestamp, day: date) -> list[str]:
    """Every month 'YYYY-MM' from the first case's to the census date's, in order."""
    periods = pd.period_range(first.to_period("M"), pd.Timestamp(day).to_period("M"), freq="M")
    return [str(p) for p in periods]


def new_cases_by_month(exposure: Exposure) -> np.ndarray:
    """The department's new cases per month as a (months × groups) array, for charts."""
    return np.array([[exposure.totals.by_month[m][g] for g in GROUPS] for m in exposure.months],
                    dtype=np.int64).reshape(len(exposure.months), len(GROUPS))
