"""The dated rule table (brands, intervals, boosters, deferrals, age eligibility) as data."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import date
from functools import cache, cached_property
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from census.rules.vocab import CaseWords, Phrases, RoleRule
from census.values.brands import BrandTable, normalise_brand_text


class _Rule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Brand(_Rule):
    """A programme vaccine: canonical code, display label, spellings seen, primary series length."""

    code: str
    label: str
    spellings: list[str]
    primary_doses: int = Field(ge=1, le=5)


class Interval(_Rule):
    """Days between primary doses of `brand`, in force from `from` (until `until`, exclusive)."""

    brand: str
    from_: date = Field(alias="from")
    until: date | None = None
    min_age: int | None = None
    max_age: int | None = None
    min_days: int = Field(ge=0)
    recommended_days: int = Field(ge=0)


class BoosterRule(_Rule):
    """Booster `number` opens on `from` for ages ≥ min_age, min_months after the previous dose."""

    number: int = Field(ge=1)
    from_: date = Field(alias="from")
    min_age: int = 18
    min_months: int = Field(ge=0)


class Deferral(_Rule):
    """After `reason` (covid, illness, pregnant) with `illness` severity, wait `months`."""

    reason: Literal["covid", "illness", "pregnant"]
    illness: Literal["mild", "severe"] = "mild"
    from_: date = Field(alias="from")
    months: int = Field(ge=0)


class Eligibility(_Rule):
    """From `from`, ages min_age..max_age (inclusive) may be vaccinated."""

    from_: date = Field(alias="from")
    min_age: int = Field(ge=0)
    max_age: int | None = None


class RemarkWords(_Rule):
    """Words in a remark and what they mean (whole words or phrases; see census/data/rules.toml).

    `spellings`: a word or phrase → the word the lists use ('blm' → 'belum'), applied to the
    remark and to the phrases alike before matching.
    """

    covid: list[str] = []
    severe: list[str] = []
    refused: list[str] = []
    exempt: list[str] = []
    doctor_letter: list[str] = []
    pregnant: list[str] = []
    illness: list[str] = []
    vaccinated_claim: list[str] = []
    negation: list[str] = []
    neutral: list[str] = []
    spellings: dict[str, str] = {}


class Rules(_Rule):
    """The whole rule table. Build it with `default_rules()` or `Rules.with_overrides(...)`."""

    programme_start: date
    overdue_grace_days: int = Field(ge=0)
    unvaccinated_overdue_days: int = Field(default=30, ge=0)
    registry_tolerance_days: int = Field(default=7, ge=0)
    pregnant_eligible_from: date
    brands: list[Brand]
    intervals: list[Interval]
    boosters: list[BoosterRule]
    deferrals: list[Deferral]
    eligibility: list[Eligibility]
    remarks: RemarkWords
    roles: list[RoleRule] = []
    cases: CaseWords = CaseWords()

    @cached_property
    def role_phrases(self) -> Phrases:
        """Phrases of every role (a department's roles come after the defaults)."""
        table: dict[str, list[str]] = {}
        for role in self.roles:
            table.setdefault(role.code, []).extend(role.words)
        return Phrases(table)

    def role_code(self, text: str | None) -> str | None:
        """The role code a Jabatan / Tugas cell, a remark or a sheet name names ('Pamdal' →
        'pamdal', 'Pendamping PKH Kec. Waru' → 'pendamping'), None when it names none."""
        return self.role_phrases.code(text)

    @cached_property
    def brand_by_spelling(self) -> dict[str, str]:
        """Normalised spelling → brand code (codes and labels included)."""
        table: dict[str, str] = {}
        for brand in self.brands:
            for spelling in [brand.code, brand.label, *brand.spellings]:
                table[normalise_brand_text(spelling)] = brand.code
        return table

    @cached_property
    def brand_by_code(self) -> dict[str, Brand]:
        return {brand.code: brand for brand in self.brands}

    @cached_property
    def brand_table(self) -> BrandTable:
        """How a typed brand is read against this table's spellings (census.values.brands)."""
        return BrandTable(self.brand_by_spelling)

    def brand_code(self, text: object) -> str | None:
        """The canonical brand code of a typed brand, or None when it names no programme vaccine
        ('Vaksin Sinovac' → 'sinovac'; 'Vaksin Nusantara' → None). See BrandTable.code."""
        return self.brand_table.code(text)

    def interval(self, brand: str, on: date, age: int | None) -> Interval | None:
        """The interval rule for `brand` in force on `on` (the earlier dose's date) at `age`."""
        best: tuple[tuple[int, date, int], Interval] | None = None
        for index, rule in enumerate(self.intervals):
            if rule.brand != brand or rule.from_ > on or (rule.until and on >= rule.until):
                continue
            has_age = rule.min_age is not None or rule.max_age is not None
            if has_age:
                if age is None:
                    continue
                if rule.min_age is not None and age < rule.min_age:
                    continue
                if rule.max_age is not None and age > rule.max_age:
                    continue
            key = (int(has_age), rule.from_, index)
            if best is None or key > best[0]:
                best = (key, rule)
        return best[1] if best else None

    def booster(self, number: int, on: date) -> BoosterRule | None:
        """The rule for booster `number` in force on `on`, or None before boosters opened."""
        return _latest([r for r in self.boosters if r.number == number], on)

    def deferral(self, reason: str, illness: str, on: date) -> Deferral | None:
        """The deferral rule for `reason`/`illness` in force on `on`."""
        return _latest(
            [r for r in self.deferrals if r.reason == reason and r.illness == illness], on
        )

    def eligible_from(self, age_on: Callable[[date], int | None], on: date) -> date | None:
        """When the age group a person is in on `on` became eligible; `age_on(d)`: age on d.

        Of the rows in force on `on` that cover the person's age on `on`, the earliest `from`
        (a 40-year-old: 13 Jan 2021; a 65-year-old: 17 Feb 2021). When none covers them, the
        first later row date on which their age will be covered. None when the age is unknown
        or no row ever covers it. (The next due date of an unvaccinated person.)
        """
        age = age_on(on)
        if age is None:
            return None
        covering = [r.from_ for r in self.eligibility if r.from_ <= on and _covers(r, age)]
        if covering:
            return min(covering)
        for rule in sorted(self.eligibility, key=lambda r: r.from_):
            if rule.from_ > on:
                later = age_on(rule.from_)
                if later is not None and _covers(rule, later):
                    return rule.from_
        return None

    def eligible_since(self, birth: date | None) -> date | None:
        """First date on which someone born on `birth` may be vaccinated under the table.

        For each eligibility row: the later of its `from` date and the day the person reaches
        its min_age, kept only when they are not yet past its max_age on that day. The earliest
        such date wins; None when no row ever covers them. Unknown birth → the programme start
        (an adult is the safe assumption for a roster member with no birth date).
        """
        if birth is None:
            return self.programme_start
        best: date | None = None
        for rule in self.eligibility:
            start = max(rule.from_, add_years(birth, rule.min_age))
            if rule.max_age is not None and start >= add_years(birth, rule.max_age + 1):
                continue
            if best is None or start < best:
                best = start
        return best

    def with_overrides(self, overrides: dict[str, Any]) -> Rules:
        """A new table: scalar keys replace, list keys are appended after the defaults (also
        inside tables such as [remarks])."""
        return Rules.model_validate(_merged(self.model_dump(by_alias=True), overrides))


def _merged(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """`base` with `extra` on top, at every depth: lists are extended, tables merged, scalars
    replaced (so [rules.remarks] covid = [...] adds a department's wordings to the defaults)."""
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = out[key] + value
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merged(out[key], value)
        else:
            out[key] = value
    return out


def _covers(rule: Eligibility, age: int) -> bool:
    return age >= rule.min_age and (rule.max_age is None or age <= rule.max_age)


def add_years(day: date, years: int) -> date:
    """`day` moved by whole calendar years (29 Feb → 28 Feb in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def age_on(birth: date, day: date) -> int:
    """Age in whole years on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _latest(rules: list[Any], on: date) -> Any:
    in_force = [(r.from_, i, r) for i, r in enumerate(rules) if r.from_ <= on]
    return max(in_force, key=lambda t: (t[0], t[1]))[2] if in_force else None


@cache
def default_rules() -> Rules:
    """The default rule table shipped in census/data/rules.toml (read once per process)."""
    text = resources.files("census.data").joinpath("rules.toml").read_text(encoding="utf-8")
    return Rules.model_validate(tomllib.loads(text))
