"""The rule table applied to whole columns: ages, eligibility dates, intervals, deferral months."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from census.rules.table import Rules


def ages_on(birth: pd.Series, day: pd.Series | pd.Timestamp) -> pd.Series:
    """Age in whole years on `day` (a date or a Series of dates); NaN where either is unknown."""
    birth = pd.to_datetime(birth, errors="coerce")
    year: Any
    month: Any
    dom: Any
    if isinstance(day, pd.Series):
        day = pd.to_datetime(day, errors="coerce")
        year, month, dom = day.dt.year, day.dt.month, day.dt.day
    else:
        year, month, dom = day.year, day.month, day.day
    before = (month < birth.dt.month) | ((month == birth.dt.month) & (dom < birth.dt.day))
    age = year - birth.dt.year - before.astype(float)
    return age.astype(float).where(birth.notna())


def add_years(days: pd.Series, years: int) -> pd.Series:
    """Dates moved by whole calendar years (29 Feb → 28 Feb), as Rules' scalar add_years."""
    return days + pd.DateOffset(years=years)


def eligible_since(rules: Rules, birth: pd.Series) -> pd.Series:
    """Vectorised Rules.eligible_since: first date each person may be vaccinated (NaT: never)."""
    birth = pd.to_datetime(birth, errors="coerce").astype("datetime64[ns]")
    best = pd.Series(pd.NaT, index=birth.index, dtype="datetime64[ns]")
    for rule in rules.eligibility:
        reached = add_years(birth, rule.min_age)
        start = reached.where(reached > pd.Timestamp(rule.from_), pd.Timestamp(rule.from_))
        valid = birth.notna()
        if rule.max_age is not None:
            valid &= start < add_years(birth, rule.max_age + 1)
        better = valid & (best.isna() | (start < best))
        best = best.where(~better, start)
    return best.where(birth.notna(), pd.Timestamp(rules.programme_start))


def interval_days(
    rules: Rules, brands: pd.Series, on: pd.Series, ages: pd.Series, field: str = "recommended_days"
) -> pd.Series:
    """Vectorised Rules.interval(brand, on, age).<field> (NaN where no rule applies)."""
    brand = brands.astype(object).to_numpy()
    day = pd.to_datetime(on, errors="coerce").astype("datetime64[ns]").to_numpy()
    age = ages.astype(float).to_numpy()
    result = interval_rule_values(rules, lambda name: brand == name, day, age, field)
    return pd.Series(result, index=brands.index)


def interval_rule_values(
    rules: Rules,
    of_brand: Callable[[str], np.ndarray],
    day: np.ndarray,
    age: np.ndarray,
    field: str,
) -> np.ndarray:
    """`field` of the interval rule in force for each element (NaN where none applies).

    `of_brand(name)` is the mask of the elements given that brand; `day` the date of the earlier
    dose (datetime64) and `age` the age then (float, NaN unknown).
    """
    known = ~np.isnat(day)
    result = np.full(len(day), np.nan)
    best = np.full(len(day), -1, dtype=np.int64)
    for index, rule in enumerate(rules.intervals):
        mask = known & of_brand(rule.brand) & (day >= np.datetime64(rule.from_, "D"))
        if rule.until is not None:
            mask &= day < np.datetime64(rule.until, "D")
        has_age = rule.min_age is not None or rule.max_age is not None
        if has_age:
            mask &= ~np.isnan(age)
            if rule.min_age is not None:
                mask &= age >= rule.min_age
            if rule.max_age is not None:
                mask &= age <= rule.max_age
        # Same precedence as Rules.interval: an age-specific rule, then the latest, then the last.
        key = int(has_age) * 10**12 + rule.from_.toordinal() * 10**4 + index
        better = mask & (key > best)
        best[better] = key
        result[better] = getattr(rule, field)
    return result


def deferral_months(rules: Rules, reason: str, illness: str, on: date) -> int | None:
    """Months of the deferral rule for reason/illness in force on `on` (None when there is none)."""
    rule = rules.deferral(reason, illness, on)
    return rule.months if rule else None
