"""A recorded positive test defers vaccination (DOMAIN §3, §9): recovery date, deferral end, reason."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from census.i18n import Translator
from census.model import Record
from census.rules.table import Rules
from census.rules.vocab import case_label


def recovery_dates(cases: pd.DataFrame, rules: Rules) -> pd.Series:
    """When each case recovered: the outcome date of a recovery, else the isolation end, else the
    test date + rules.cases.isolation_days (NaT without any of them, and for a death)."""
    test = pd.to_datetime(cases["test_date"], errors="coerce").astype("datetime64[ns]")
    end = pd.to_datetime(cases["isolation_end_date"], errors="coerce").astype("datetime64[ns]")
    outcome = pd.to_datetime(cases["outcome_date"], errors="coerce").astype("datetime64[ns]")
    recovered = outcome.where(cases["outcome"].eq("recovered"))
    recovered = recovered.fillna(end).fillna(test + pd.Timedelta(days=rules.cases.isolation_days))
    return recovered.where(~cases["outcome"].eq("died")).astype("datetime64[ns]")


def case_deferrals(
    cases: pd.DataFrame | None, index: pd.Index, rules: Rules, as_of: date, t: Translator
) -> pd.DataFrame:
    """Per person of `index` (person ids): `has_case` (a positive test recorded on or before
    as_of), `end` (when the deferral after the latest-ending case runs out, NaT for none) and
    `reason` (that case, in words, with where it is recorded).

    The deferral rule is the one in force on as_of, as for remarks: mild or moderate illness
    (and no symptoms) the 'mild' rule counted from recovery, severe or critical the 'severe' rule.
    A death defers nobody. `cases` has the columns of census.model.CASE_COLUMNS with `person_id`
    (None for a case of nobody on the rosters, ignored here).
    """
    out = pd.DataFrame(
        {"has_case": False, "end": pd.Series(pd.NaT, index=index, dtype="datetime64[ns]"),
         "reason": pd.Series([None] * len(index), index=index, dtype=object)},
        index=index,
    )
    if cases is None or cases.empty:
        return out
    day = pd.Timestamp(as_of)
    test = pd.to_datetime(cases["test_date"], errors="coerce").astype("datetime64[ns]")
    positive = (
        cases["person_id"].notna() & cases["person_id"].isin(index)
        & cases["result"].eq("positive") & test.notna() & (test <= day)
    )
    if "counted" in cases:
        # A repeat positive within an isolation is the same case: its episode's dates count.
        positive &= cases["counted"].astype(bool)
    mine = cases[positive.to_numpy()].copy()
    if mine.empty:
        return out
    out.loc[pd.unique(mine["person_id"]), "has_case"] = True
    recovered = recovery_dates(mine, rules)
    severe = mine["severity"].isin(rules.cases.severe)
    end = pd.Series(pd.NaT, index=mine.index, dtype="datetime64[ns]")
    for illness, mask in (("mild", ~severe), ("severe", severe)):
        rule = rules.deferral("covid", illness, as_of)
        if rule is not None:
            end = end.where(~mask, recovered + pd.DateOffset(months=rule.months))
    mine["_end"] = end.astype("datetime64[ns]")
    mine["_recovered"] = recovered
    latest = mine[mine["_end"].notna()].sort_values(["person_id", "_end"], kind="stable")
    latest = latest.drop_duplicates("person_id", keep="last").set_index("person_id")
    out.loc[latest.index, "end"] = latest["_end"].to_numpy()
    out.loc[latest.index, "reason"] = [
        _reason(case, t) for case in latest.to_dict("records")
    ]
    return out


def _reason(case: Record, t: Translator) -> str:
    """'COVID-19 positive (PCR) on 2021-10-10, mild; recovered 2021-10-20; case: kasus.xlsx Kasus!7'."""
    severity = case_label(_text(case.get("severity")), t) or t("severity not recorded")
    test = case_label(_text(case.get("test_type")), t)
    test = f" ({test})" if test else ""
    return t(
        "COVID-19 positive{test} on {date}, {severity}; recovered {recovered}; "
        "vaccination deferred until {until} (case: {file} {sheet}!{row})",
        test=test,
        date=_day(case["test_date"]),
        severity=severity.lower(),
        recovered=_day(case["_recovered"]),
        until=_day(case["_end"]),
        file=case.get("file") or "",
        sheet=case.get("sheet") or "",
        row=case.get("row") or "",
    )


def _text(value: object) -> str | None:
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def _day(value: object) -> str:
    stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    return "" if pd.isna(stamp) else stamp.date().isoformat()
