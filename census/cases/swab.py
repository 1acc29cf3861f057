"""Who to swab after a case in a unit (DOMAIN §9): everyone who shares its workplace — staff of
every role and, in a UPT, its clients — with phone, role, age and vaccination status; high-risk
people flagged; people positive recently listed apart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from census.cases.exposure import died_by, isolating_on, isolation_window, positive_by
from census.config import Config
from census.errors import CensusError
from census.i18n import N_
from census.model import Category
from census.rules.table import Rules
from census.rules.vector import ages_on
from census.values.words import normalise

#: Categories that share a unit's workplace (family members live elsewhere), in list order.
WORKPLACE = (str(Category.ASN), str(Category.PTT), str(Category.KLIEN), str(Category.TAGANA))

#: Columns of SwabList.people (one row per person to swab).
SWAB_COLUMNS = {
    "person_id": "the register's person",
    "name": "name as first typed",
    "nik": "the person's NIK (str or None; unmasked here)",
    "categories": "the person's categories in the unit, in WORKPLACE order, joined ';'",
    "role": "role code in the unit (None: none named)",
    "phone": "phone number (str or None)",
    "age": "age in whole years on the swab date (float, NaN when unknown)",
    "status": "vaccination status on the swab date (Status value)",
    "primary_doses": "primary doses (int)",
    "elderly": "aged rules.cases.elderly_age or more (bool)",
    "comorbidity": "a remark names a comorbidity (bool)",
    "unvaccinated": "no primary dose (bool)",
}
#: Columns SwabList.apart has besides SWAB_COLUMNS: the person's latest positive test.
APART_COLUMNS = {
    "test_date": "date of the latest positive test (datetime64[ns])",
    "isolating": "isolating on the swab date (bool)",
    "until": "last day of isolation (datetime64[ns])",
    "index_case": "tested positive within the swab window: a case the swab follows (bool)",
}


class UnknownUnit(CensusError):
    """`census swab` was given a unit the census does not know."""


@dataclass(frozen=True)
class SwabList:
    """The swab list of `unit` after a case on `on`, looking back `days` days (from `since`).

    `people`: SWAB_COLUMNS, to swab, in category, role and name order. `apart`: SWAB_COLUMNS +
    APART_COLUMNS, people tested positive within rules.cases.recent_recovery_months before `on`
    (the index cases among them), not swabbed as contacts. `index_cases`: the unit's positive
    tests in [since, on] (rows of the linked cases table, also of people on no roster).
    """

    unit: str
    unit_name: str
    on: date
    days: int
    since: date
    people: pd.DataFrame
    apart: pd.DataFrame
    index_cases: pd.DataFrame


def resolve_unit(text: str, units: list[str], config: Config) -> str:
    """The unit code `text` names (its code, or its name as in census.toml); UnknownUnit else."""
    known = {normalise(code): code for code in units}
    known.update({normalise(config.unit_name(code)): code for code in units})
    code = known.get(normalise(text))
    if code is None:
        raise UnknownUnit(N_("unknown unit: {unit}; the census's units are: {units}"),
                          unit=text, units=", ".join(sorted(units)))
    return code


def swab_list(
    unit: str, on: date, days: int, persons: pd.DataFrame, memberships: pd.DataFrame,
    register_persons: pd.DataFrame, cases: pd.DataFrame, config: Config, rules: Rules,
) -> SwabList:
    """Everyone of `unit` to swab after a case on `on` (statuses in `persons` decided on `on`)."""
    since = (pd.Timestamp(on) - pd.Timedelta(days=days)).date()
    members = memberships[(memberships["unit"] == unit)
                          & memberships["category"].isin(WORKPLACE)].copy()
    rank = {category: i for i, category in enumerate(WORKPLACE)}
    members["_rank"] = members["category"].map(rank)
    members = members.sort_values(["person_id", "_rank"], kind="stable")
    categories = members.groupby("person_id", sort=False)["category"].agg(";".join)
    roles = members.dropna(subset=["role"]).drop_duplicates("person_id").set_index("person_id")
    first = members.drop_duplicates("person_id").set_index("person_id")

    people = persons.set_index("person_id", drop=False).loc[first.index]
    remark = register_persons.set_index("person_id")["remark"].reindex(first.index)
    birth = pd.to_datetime(people["birth_date"], errors="coerce")
    age = ages_on(birth, pd.Timestamp(on))
    comorbid = rules.cases.comorbidity_phrases
    table = pd.DataFrame({
        "person_id": _objects(first.index),
        "name": _objects(people["name"]),
        "nik": _objects(people["nik"]),
        "categories": _objects(categories.reindex(first.index)),
        "role": _objects(roles["role"].reindex(first.index)),
        "phone": _objects(people["phone"]),
        "age": age.to_numpy(dtype=float),
        "status": people["status"].astype(str).to_numpy(dtype=object),
        "primary_doses": people["primary_doses"].astype(np.int64).to_numpy(),
        "elderly": (age >= rules.cases.elderly_age).to_numpy(dtype=bool),
        "comorbidity": [comorbid.code(text) is not None for text in remark.tolist()],
        "unvaccinated": (people["primary_doses"] == 0).to_numpy(dtype=bool),
        "_rank": first["_rank"].to_numpy(),
    })
    table["_name"] = table["name"].astype(str).str.casefold()
    table = table.sort_values(["_rank", "role", "_name"], na_position="last", kind="stable")

    recent, index_cases = _recent(cases, unit, on, since, rules)
    dead = cases.loc[died_by(cases, on) & cases["person_id"].notna(), "person_id"]
    table = table[~table["person_id"].isin(set(dead))]
    apart = table[table["person_id"].isin(recent.index)].join(recent, on="person_id")
    swab = table[~table["person_id"].isin(recent.index)]
    keep = list(SWAB_COLUMNS)
    return SwabList(
        unit=unit, unit_name=config.unit_name(unit), on=on, days=days, since=since,
        people=swab[keep].reset_index(drop=True),
        apart=apart[[*keep, *APART_COLUMNS]].reset_index(drop=True),
        index_cases=index_cases.reset_index(drop=True),
    )


def _objects(values: pd.Series | pd.Index) -> pd.Series:
    """Text cells as an object column whose empty cells are None (never NaN)."""
    return pd.Series([None if pd.isna(v) else v for v in values], dtype=object)


def _recent(
    cases: pd.DataFrame, unit: str, on: date, since: date, rules: Rules
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per person_id: their latest positive test within recent_recovery_months before `on`,
    whether they isolate on `on`, until when, and whether it is an index case; the unit's
    positive tests in [since, on])."""
    if cases.empty:
        empty = pd.DataFrame(columns=list(APART_COLUMNS), index=pd.Index([], name="person_id"))
        return empty, cases
    test = pd.to_datetime(cases["test_date"], errors="coerce")
    lookback = pd.Timestamp(on) - pd.DateOffset(months=rules.cases.recent_recovery_months)
    positive = positive_by(cases, on)
    window = positive & (test >= pd.Timestamp(since)) & (cases["unit"] == unit)
    index_cases = cases[window.to_numpy(dtype=bool)]
    _start, until = isolation_window(cases, rules)
    recent = cases.assign(
        test_date=test, isolating=isolating_on(cases, on, rules), until=until,
        index_case=window,
    )[positive & (test >= lookback) & cases["person_id"].notna()]
    recent = recent.sort_values(["person_id", "test_date"], kind="stable")
    latest = recent.drop_duplicates("person_id", keep="last").set_index("person_id")
    latest["index_case"] = recent.groupby("person_id")["index_case"].any()
    return latest[list(APART_COLUMNS)], index_cases
