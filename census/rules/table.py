"""The dated rule table (brands, intervals, boosters, deferrals, age eligibility) as data."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from functools import cached_property
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


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
    """Words in a remark and what they mean (lower case; whole words or phrases)."""

    covid: list[str] = []
    severe: list[str] = []
    refused: list[str] = []
    exempt: list[str] = []
    pregnant: list[str] = []
    illness: list[str] = []
    vaccinated_claim: list[str] = []


_PUNCTUATION = re.compile(r"[^0-9a-z]+")


def normalise_brand_text(text: str) -> str:
    """Lower-case a brand as typed and fold punctuation and spaces ('Pfizer-BioNTech' → 'pfizer biontech')."""
    return _PUNCTUATION.sub(" ", text.lower().replace("&", " ")).strip()


class Rules(_Rule):
    """The whole rule table. Build it with `default_rules()` or `Rules.with_overrides(...)`."""

    programme_start: date
    overdue_grace_days: int = Field(ge=0)
    pregnant_eligible_from: date
    brands: list[Brand]
    intervals: list[Interval]
    boosters: list[BoosterRule]
    deferrals: list[Deferral]
    eligibility: list[Eligibility]
    remarks: RemarkWords

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

    def brand_code(self, text: str | None) -> str | None:
        """The canonical brand code of a spelling, or None when it is not a programme vaccine."""
        if text is None:
            return None
        return self.brand_by_spelling.get(normalise_brand_text(str(text)))

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

    def eligible_from(self, age_on: Any, on: date) -> date | None:
        """First date ≤ ... on which a person is eligible; `age_on(d)` gives their age on date d.

        Returns the earliest rule date on or before `on` that covers the person's age on `on`,
        or, when none does, the first later rule date that will (None if never under the table).
        """
        candidates = sorted(self.eligibility, key=lambda r: r.from_)
        for rule in candidates:
            check_day = max(rule.from_, on) if rule.from_ > on else on
            age = age_on(check_day)
            if age is None:
                return None
            if age >= rule.min_age and (rule.max_age is None or age <= rule.max_age):
                return rule.from_ if rule.from_ <= on else check_day
        return None

    def with_overrides(self, overrides: dict[str, Any]) -> Rules:
        """A new table: scalar keys replace, list keys are appended after the defaults."""
        data = self.model_dump(by_alias=True)
        for key, value in overrides.items():
            if isinstance(value, list) and isinstance(data.get(key), list):
                data[key] = data[key] + value
            elif isinstance(value, dict) and isinstance(data.get(key), dict):
                data[key] = {**data[key], **value}
            else:
                data[key] = value
        return Rules.model_validate(data)


def _latest(rules: list[Any], on: date) -> Any:
    in_force = [(r.from_, i, r) for i, r in enumerate(rules) if r.from_ <= on]
    return max(in_force, key=lambda t: (t[0], t[1]))[2] if in_force else None


def default_rules() -> Rules:
    """The default rule table shipped in census/data/rules.toml."""
    text = resources.files("census.data").joinpath("rules.toml").read_text(encoding="utf-8")
    return Rules.model_validate(tomllib.loads(text))
