"""The summary and unit tables read from the register's integer keys give what the texts give."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from census.compute import CensusResult, compute_census
from census.config import load_config
from census.i18n import translator
from census.report.summary import member_keys, summarise
from census.report.tables import UnitTables, unit_tables

INPUTS = Path(__file__).resolve().parent.parent / "inputs"


@pytest.fixture(scope="module")
def demo() -> CensusResult:
    return compute_census(INPUTS, load_config(INPUTS))


def _tables(tables: UnitTables) -> list[tuple[str, str, list[object], list[str]]]:
    return [
        (part, unit, frame.astype(object).where(frame.notna(), None).values.tolist(),
         [str(d) for d in frame.dtypes])
        for part in ("outstanding", "refused", "findings")
        for unit, frame in getattr(tables, part).items()
    ]


def _both(result: CensusResult, persons: pd.DataFrame, memberships: pd.DataFrame
          ) -> tuple[tuple[str, list[object]], tuple[str, list[object]]]:
    keys = result.register.keys
    t = translator("en")
    with_keys = (summarise(persons, memberships, result.config, result.findings, keys)
                 .model_dump_json(), _tables(unit_tables(persons, memberships, result.findings,
                                                         t, keys)))
    by_text = (summarise(persons, memberships, result.config, result.findings)
               .model_dump_json(), _tables(unit_tables(persons, memberships, result.findings, t)))
    return with_keys, by_text


def test_the_demo_counts_and_lists_the_same_with_and_without_keys(demo: CensusResult) -> None:
    persons, memberships = demo.persons, demo.register.memberships
    assert member_keys(persons, memberships, demo.register.keys) is not None
    with_keys, by_text = _both(demo, persons, memberships)
    assert with_keys == by_text
    outstanding = sum(len(rows) for part, _, rows, _ in with_keys[1] if part == "outstanding")
    assert outstanding > 0  # the demo has people to follow up in several units


def test_keys_that_no_longer_fit_the_tables_are_not_used(demo: CensusResult) -> None:
    """Memberships reordered, or persons out of id order: the stale keys would count or list
    the wrong people; the texts are read instead."""
    persons, memberships = demo.persons, demo.register.memberships
    keys = demo.register.keys
    flipped = memberships.iloc[::-1].reset_index(drop=True)
    shuffled = persons.iloc[::-1].reset_index(drop=True)
    fewer = memberships.iloc[1:].reset_index(drop=True)
    assert [member_keys(p, m, keys) for p, m in
            ((persons, flipped), (shuffled, memberships), (persons, fewer))] == [None] * 3
    assert member_keys(persons, memberships, None) is None
    with_keys, by_text = _both(demo, persons, flipped)
    assert with_keys == by_text
    with_keys, by_text = _both(demo, shuffled, memberships)
    assert with_keys == by_text


def test_a_renamed_unit_is_read_by_its_text(demo: CensusResult) -> None:
    memberships = demo.register.memberships
    first = memberships["unit"].iloc[0]
    renamed = memberships.assign(unit=memberships["unit"].replace(first, first + "-x"))
    changed = dataclasses.replace(demo.register, memberships=renamed)
    assert member_keys(demo.persons, changed.memberships, changed.keys) is None
    with_keys, by_text = _both(demo, demo.persons, renamed)
    assert with_keys == by_text
    assert first + "-x" in with_keys[0]
