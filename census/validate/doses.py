"""Dose checks: unreadable and impossible dates, order, missing earlier doses, intervals, brands."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np

from census.i18n import DOSE_WORDS, Message
from census.model import DOSE_SLOTS, PRIMARY_SLOTS
from census.rules.table import Rules
from census.rules.vector import interval_rule_values
from census.validate.columns import Columns
from census.validate.common import NAT, Cells, DateCells, Emitter, whole_years
from census.values.brands import names_a_brand

#: (later slot, the slot that must be filled before it) for dose-missing-earlier.
REQUIRES = (("dose2", "dose1"), ("dose3", "dose2"), ("booster2", "booster1"))

#: Brand ids of a row: 0 = no brand typed, -1 = not a programme vaccine, k ≥ 1 = rules.brands[k-1].
EMPTY, UNKNOWN = 0, -1


class Brands:
    """The rule table's brands as small integer ids, so per-row brand work is numpy arithmetic."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.ids = {brand.code: k for k, brand in enumerate(rules.brands, start=1)}
        self.labels = ["", *(brand.label for brand in rules.brands)]
        self.primary = np.array([0, *(brand.primary_doses for brand in rules.brands)])
        self.known: dict[Any, int] = {}  # brand id of each text seen (tables repeat them)

    def identify(self, rows: Columns, name: str) -> np.ndarray:
        """Brand id of each row's brand in column `name` (spellings folded by the rule table)."""
        return rows.lookup(name, self._id, missing=EMPTY, dtype=np.int16)

    def _id(self, value: Any) -> int:
        known = self.known.get(value)
        if known is None:
            # What the register counts as "no brand typed" ('-', '?') is no brand here either.
            if not names_a_brand(value):
                known = EMPTY
            else:
                known = self.ids.get(self.rules.brand_code(value) or "", UNKNOWN)
            self.known[value] = known
        return known

    def longest_minimum(self) -> np.ndarray:
        """Per brand id (index 0: none): the longest min_days of its interval rules (-1: none)."""
        longest = np.full(len(self.labels), -1, dtype=np.int64)
        for rule in self.rules.intervals:
            k = self.ids.get(rule.brand)
            if k is not None:
                longest[k] = max(longest[k], rule.min_days)
        return longest

    def label(self, brand_id: int) -> str:
        return self.labels[brand_id] if brand_id > 0 else ""


def min_interval_days(
    rules: Rules, brands: np.ndarray, on: np.ndarray, ages: np.ndarray
) -> np.ndarray:
    """Vectorised `rules.interval(brand, on, age).min_days` for brand codes (NaN: no rule)."""
    table = Brands(rules)
    ids = np.array([table.ids.get(code, UNKNOWN) for code in brands], dtype=np.int64)
    return _min_interval(table, ids, on, ages)


def _min_interval(table: Brands, ids: np.ndarray, on: np.ndarray, ages: np.ndarray) -> np.ndarray:
    return interval_rule_values(
        table.rules, lambda name: ids == table.ids.get(name, -2), on, ages, "min_days"
    )


def check_doses(
    rows: Columns, emit: Emitter, as_of: date, rules: Rules, birth: np.ndarray
) -> None:
    """Every dose- and brand-level finding of the rows."""
    table = Brands(rules)
    today = np.datetime64(as_of, "D")
    start = np.datetime64(rules.programme_start, "D")
    dates: dict[str, np.ndarray] = {}
    filled: dict[str, np.ndarray] = {}
    ids: dict[str, np.ndarray] = {}
    raws: dict[str, Cells] = {}
    typed: dict[str, Cells] = {}
    previous = np.full(len(rows), NAT)
    for slot in DOSE_SLOTS:
        raw = raws[slot] = DateCells(rows, f"{slot}_date")
        when = dates[slot] = raw.dates
        # Only a cell without a date can hold text that is no date: look at those alone.
        undated = np.flatnonzero(np.isnat(when))
        unreadable = np.zeros(len(rows), dtype=bool)
        unreadable[undated[raw.present_at(undated)]] = True
        filled[slot] = unreadable | ~np.isnat(when)
        field = f"{slot}_date"
        emit.emit("date-invalid", unreadable, field, raw)
        if undated.size < len(when):  # a date compares false with NaT: nothing to say otherwise
            emit.emit("date-in-future", when > today, field, raw, date=when, as_of=as_of)
            emit.emit("dose-before-program", when < start, field, raw, date=when)
            emit.emit("dose-before-birth", when < birth, field, raw, date=when, birth_date=birth)
            emit.emit("dose-order", when < previous, field, raw, date=when, previous=previous)
            previous = np.where(np.isnat(when), previous, when)

        brand = typed[slot] = Cells(rows, f"{slot}_brand")
        ids[slot] = table.identify(rows, f"{slot}_brand")
        emit.emit("brand-unknown", ids[slot] == UNKNOWN, f"{slot}_brand", brand)
        emit.emit("brand-missing", filled[slot] & (ids[slot] == EMPTY), f"{slot}_brand", raw,
                  fallback=field)

    for later, earlier in REQUIRES:
        emit.emit("dose-missing-earlier", filled[later] & ~filled[earlier], f"{later}_date",
                  raws[later],
                  previous=lambda i, e=earlier: (
                      emit.column_at(i, f"{e}_date")[1] or Message(DOSE_WORDS[e])))

    _check_series(emit, table, birth, dates, ids, raws, typed)


def _check_series(
    emit: Emitter,
    table: Brands,
    birth: np.ndarray,
    dates: dict[str, np.ndarray],
    ids: dict[str, np.ndarray],
    raws: dict[str, Cells],
    typed: dict[str, Cells],
) -> None:
    """Intervals and mixed brands within the primary series."""
    known = {slot: np.maximum(ids[slot], EMPTY) for slot in PRIMARY_SLOTS}
    bounds = table.longest_minimum()
    for k in range(len(PRIMARY_SLOTS) - 1):
        earlier, later = PRIMARY_SLOTS[k], PRIMARY_SLOTS[k + 1]
        before, after = known[earlier], known[later]
        # The series' length comes from its first brand (else this dose's): a dose past it is
        # a booster, e.g. a 'dose 2' after Janssen, so no interval or mixing applies.
        series = np.where(known["dose1"] > 0, known["dose1"], before)
        in_primary = (table.primary[series] > k + 1) & (before > 0)
        d0, d1 = dates[earlier], dates[later]
        both = in_primary & ~np.isnat(d0) & ~np.isnat(d1) & (d1 >= d0)
        gap = (d1 - d0).astype("timedelta64[D]").astype(np.int64)
        # The rule in force is looked up only where the gap is under the brand's longest
        # minimum: elsewhere no rule can call it short.
        near = np.flatnonzero(both & (gap < bounds[before]))
        minimum = np.full(len(d0), np.nan)
        if near.size:
            minimum[near] = _min_interval(table, before[near], d0[near],
                                          whole_years(birth[near], d0[near]))
        short = np.zeros(len(d0), dtype=bool)
        short[near] = gap[near] < minimum[near]  # False where no rule applies (NaN)
        emit.emit("dose-interval-short", short, f"{later}_date", raws[later],
                  days=gap, brand=lambda i, b=before: table.label(b[i]), minimum=minimum)

        mixed = in_primary & (after > 0) & (after != before)
        emit.emit("brand-mixed", mixed, f"{later}_brand", typed[later],
                  brands=lambda i, b=before, a=after: f"{table.label(b[i])}, {table.label(a[i])}")
