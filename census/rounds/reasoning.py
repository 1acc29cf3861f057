"""Why one person has their status: the decision of census.status.decide, step by step, with the
rule-table entries it used.

census.status.decide decides everyone at once, column by column; `census explain` needs the same
decision for one person told as steps, with each dated rule by its entry. The two are kept in
agreement by a test over every person of the demo province (tests/test_explain.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from census.rules.remarks import matched_phrases, read_remark
from census.rules.table import Rules, age_on

_DEFAULT_SERIES = 2


@dataclass(frozen=True)
class RuleUse:
    """A rule-table entry used in the decision: `kind` (brand, interval, booster, deferral,
    eligibility, grace, remark, pregnancy), the entry's fields as in census/data/rules.toml
    (dates ISO), and `why`: a code for what it decided (see census.rounds.explain_text)."""

    kind: str
    entry: dict[str, Any]
    why: str


@dataclass(frozen=True)
class Step:
    """One step of the decision: a message id's `code` and its values (rendered in a language
    by census.rounds.explain_text)."""

    code: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CaseDeferral:
    """What the person's recorded COVID-19 cases say (census.status.infection.case_deferrals):
    `has_case` (a positive test on or before the census date), `end` of the deferral after the
    latest-ending one (None: none runs), `reason` (that case in words, with where it is)."""

    has_case: bool
    end: date | None
    reason: str | None


@dataclass(frozen=True)
class Reasoning:
    """The decision for one person on `as_of`: the outcome, the rules used, the steps."""

    status: str
    primary_doses: int
    booster_doses: int
    next_dose: str | None
    next_due: date | None
    overdue: bool
    eligible_from: date | None
    rules: list[RuleUse]
    steps: list[Step]


def _entry(rule: Any) -> dict[str, Any]:
    data: dict[str, Any] = rule.model_dump(by_alias=True, exclude_none=True,
                                           exclude={"spellings"})
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in data.items()}


def _months(day: date, months: int) -> date:
    return (pd.Timestamp(day) + pd.DateOffset(months=months)).date()  # type: ignore[no-any-return]


def reason(doses: list[tuple[date, str | None]], remark: str | None, birth: date | None,
           rules: Rules, as_of: date, case: CaseDeferral | None = None) -> Reasoning:
    """Decide one person's status as census.status.decide does: `doses` = (date, brand code) of
    every dose counted for them (any order), `remark` = their remarks joined ' | ', `case` =
    their recorded COVID-19 cases (a case record wins over covid words in a remark)."""
    uses: list[RuleUse] = []
    steps: list[Step] = []
    counted = sorted((d for d in doses if d[0] <= as_of), key=lambda d: d[0])
    later = [d for d in doses if d[0] > as_of]
    if later:
        steps.append(Step("doses-after-as-of", {"count": len(later)}))
    first_brand = next((b for _d, b in counted if b), None)
    series = _DEFAULT_SERIES
    if first_brand is not None and first_brand in rules.brand_by_code:
        brand = rules.brand_by_code[first_brand]
        series = brand.primary_doses
        uses.append(RuleUse("brand", _entry(brand), "series-length"))
    primary_list = counted[:series]
    primary, boosters = len(primary_list), len(counted) - len(primary_list)
    if counted:
        steps.append(Step("doses-counted", {"count": len(counted), "primary": primary,
                                            "series": series, "boosters": boosters,
                                            "brand": first_brand or "-"}))
    else:
        steps.append(Step("no-dose", {}))
    age = age_on(birth, as_of) if birth else None
    words: dict[str, object] = read_remark(remark, rules) if remark else {}
    phrases = matched_phrases(remark, rules) if remark else {}
    for kind, found in phrases.items():
        uses.append(RuleUse("remark", {"kind": kind, "words": found}, f"remark-{kind}"))
    event = words.get("event_date")
    event = event if isinstance(event, date) else None
    if case is not None and case.has_case and words.get("covid"):
        words = {**words, "covid": False}
        steps.append(Step("case-wins", {}))
    deferral_end, deferral_steps = _deferral(words, event, rules, as_of, uses, case)
    since = rules.eligible_since(birth)

    has_dose = bool(counted)
    complete = has_dose and primary >= series
    if complete:
        status = "complete"
        steps.append(Step("complete", {"primary": primary, "series": series}))
    elif words.get("exempt"):
        status = "exempt"
        steps.append(Step("exempt", {"words": ", ".join(phrases.get("exempt", []))}))
    elif words.get("refused"):
        status = "refused"
        steps.append(Step("refused", {"words": ", ".join(phrases.get("refused", []))}))
    elif not has_dose and since is not None and since > as_of:
        status = "not_eligible"
        _eligibility(rules, birth, since, uses)
        steps.append(Step("too-young", {"age": age, "since": since}))
    elif deferral_end is not None and deferral_end > as_of:
        status = "deferred"
        steps += deferral_steps
    elif has_dose:
        status = "partial"
        steps.append(Step("partial", {"primary": primary, "series": series}))
    else:
        status = "unvaccinated"
        steps += deferral_steps  # a deferral that has ended says why they are not deferred
        steps.append(Step("unvaccinated", {}))

    next_dose: str | None = None
    next_due: date | None = None
    eligible_from: date | None = None
    overdue = False
    due_primary = _primary_due(primary_list, first_brand, birth, rules, uses, status)
    if status == "not_eligible":
        eligible_from = max(d for d in (since, deferral_end) if d is not None)
        next_dose, next_due = "dose1", eligible_from
    elif status == "deferred":
        eligible_from = deferral_end
        next_dose = f"dose{primary + 1}"
        next_due = max(d for d in (eligible_from, due_primary) if d is not None)
    elif status == "partial":
        next_dose, next_due = f"dose{primary + 1}", due_primary
        grace = rules.overdue_grace_days
        uses.append(RuleUse("grace", {"overdue_grace_days": grace}, "overdue"))
        if next_due is not None:
            overdue = as_of > _plus_days(next_due, grace)
            steps.append(Step("overdue" if overdue else "not-overdue",
                              {"due": next_due, "grace": grace,
                               "late_from": _plus_days(next_due, grace + 1)}))
    elif status == "unvaccinated":
        next_dose = "dose1"
        next_due = rules.eligible_from(lambda d: age_on(birth, d), as_of) if birth else None
        if next_due is not None:
            _eligibility(rules, birth, next_due, uses)
            steps.append(Step("eligible-since", {"age": age, "since": next_due}))
            wait = rules.unvaccinated_overdue_days
            uses.append(RuleUse("unvaccinated-grace", {"unvaccinated_overdue_days": wait},
                                "overdue"))
            overdue = as_of > _plus_days(next_due, wait)
            steps.append(Step("overdue" if overdue else "not-overdue",
                              {"due": next_due, "grace": wait,
                               "late_from": _plus_days(next_due, wait + 1)}))
    elif status == "complete":
        next_dose, next_due = _booster(counted, boosters, age, rules, as_of, uses, steps)
    return Reasoning(status, primary, boosters, next_dose, next_due, overdue, eligible_from,
                     uses, steps)


def _plus_days(day: date, days: int) -> date:
    return (pd.Timestamp(day) + pd.Timedelta(days=days)).date()  # type: ignore[no-any-return]


def _deferral(words: dict[str, object], event: date | None, rules: Rules, as_of: date,
              uses: list[RuleUse], case: CaseDeferral | None) -> tuple[date | None, list[Step]]:
    """The end of the longest deferral the remark or a case record gives, the rules and the
    steps behind it."""
    ends: list[date] = []
    steps: list[Step] = []
    if case is not None and case.end is not None:
        steps.append(Step("deferral-case", {"case": case.reason or "", "end": case.end}))
        for illness in ("mild", "severe"):
            rule = rules.deferral("covid", illness, as_of)
            if rule is not None:
                uses.append(RuleUse("deferral", _entry(rule), "deferral-case"))
        ends.append(case.end)
    if words.get("covid"):
        illness = "severe" if words.get("severe") else "mild"
        rule = rules.deferral("covid", illness, as_of)
        if event is None:
            # 'belum bisa divaksin karena covid': no date, still "not yet" — from as_of.
            steps.append(Step("covid-without-date", {"as_of": as_of}))
        if rule is not None:
            start = event or as_of
            end = _months(start, rule.months)
            uses.append(RuleUse("deferral", _entry(rule), "deferral"))
            steps.append(Step("deferral-covid", {"illness": illness, "event": start,
                                                 "months": rule.months, "end": end}))
            ends.append(end)
    if words.get("illness") and not words.get("covid"):
        rule = rules.deferral("illness", "mild", as_of)
        if rule is not None:
            start = event or as_of
            end = _months(start, rule.months)
            uses.append(RuleUse("deferral", _entry(rule), "deferral"))
            steps.append(Step("deferral-illness", {"start": start, "months": rule.months,
                                                   "end": end}))
            ends.append(end)
    if words.get("pregnant") and as_of < rules.pregnant_eligible_from:
        uses.append(RuleUse("pregnancy", {"pregnant_eligible_from":
                                          rules.pregnant_eligible_from.isoformat()}, "deferral"))
        steps.append(Step("deferral-pregnant", {"end": rules.pregnant_eligible_from}))
        ends.append(rules.pregnant_eligible_from)
    latest = max(ends) if ends else None
    if latest is not None and latest <= as_of:
        steps.append(Step("deferral-ended", {"end": latest}))
    return latest, steps


def _primary_due(primary: list[tuple[date, str | None]], first_brand: str | None,
                 birth: date | None, rules: Rules, uses: list[RuleUse], status: str
                 ) -> date | None:
    """Last primary dose + the recommended days of the interval in force on its date."""
    if not primary:
        return None
    last, brand = primary[-1]
    brand = brand or first_brand
    if brand is None:
        return None
    rule = rules.interval(brand, last, age_on(birth, last) if birth else None)
    if rule is None:
        return None
    if status in ("partial", "deferred"):
        uses.append(RuleUse("interval", _entry(rule), "next-primary"))
    return _plus_days(last, rule.recommended_days)


def _eligibility(rules: Rules, birth: date | None, day: date, uses: list[RuleUse]) -> None:
    """The age rules that open on `day` (or cover the person on it)."""
    for rule in rules.eligibility:
        if rule.from_ == day or (birth is not None and rule.from_ <= day
                                 and rule.min_age <= age_on(birth, day)
                                 and (rule.max_age is None or age_on(birth, day) <= rule.max_age)):
            uses.append(RuleUse("eligibility", _entry(rule), "eligibility"))


def _booster(counted: list[tuple[date, str | None]], boosters: int, age: int | None,
             rules: Rules, as_of: date, uses: list[RuleUse], steps: list[Step]
             ) -> tuple[str | None, date | None]:
    number = boosters + 1
    if number > 2:
        steps.append(Step("boosters-done", {"boosters": boosters}))
        return None, None
    rule = rules.booster(number, as_of)
    if rule is None:
        steps.append(Step("booster-not-open", {"number": number}))
        return None, None
    if age is not None and age < rule.min_age:
        steps.append(Step("booster-too-young", {"number": number, "age": age,
                                                "min_age": rule.min_age}))
        return None, None
    last = counted[-1][0]
    due = _months(last, rule.min_months)
    uses.append(RuleUse("booster", _entry(rule), "next-booster"))
    steps.append(Step("booster-due", {"number": number, "last": last, "months": rule.min_months,
                                      "due": due}))
    return f"booster{number}", due
