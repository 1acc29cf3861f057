"""compute_census(keep_rows=False), what `census run` uses: the same census, without the
row-level tables that writing the outputs never reads (a million people's memory)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from census.compute import WRITTEN_REGISTER_COLUMNS, compute_census
from census.config import load_config

INPUTS = Path(__file__).resolve().parent.parent / "inputs"


def test_a_run_gets_the_same_census_without_its_rows() -> None:
    config = load_config(INPUTS, as_of=date(2022, 3, 31))
    whole = compute_census(INPUTS, config, workers=1)
    slim = compute_census(INPUTS, config, workers=1, keep_rows=False)

    # The census itself is the same: people, status, doses, memberships, findings.
    pd.testing.assert_frame_equal(slim.persons, whole.persons)
    pd.testing.assert_frame_equal(slim.register.doses, whole.register.doses)
    pd.testing.assert_frame_equal(slim.register.memberships, whole.register.memberships)
    pd.testing.assert_frame_equal(
        slim.register.persons, whole.register.persons[list(WRITTEN_REGISTER_COLUMNS)]
    )
    assert [f.to_dict("en") for f in slim.findings] == [f.to_dict("en") for f in whole.findings]
    assert (slim.skipped, slim.cases is None) == (whole.skipped, whole.cases is None)

    # The rows are gone.
    assert len(whole.roster) > 0 and len(whole.registry) > 0
    emptied = [slim.roster, slim.registry, slim.register.row_person, slim.register.row_match,
               slim.register.registry_match, *(book.rows for book in slim.books)]
    assert [len(table) for table in emptied] == [0] * len(emptied)
    assert [b.file for b in slim.books] == [b.file for b in whole.books]


def test_for_writing_is_what_keep_rows_false_gives() -> None:
    config = load_config(INPUTS, as_of=date(2022, 3, 31))
    whole = compute_census(INPUTS, config, workers=1)
    written = whole.for_writing()
    assert list(written.register.persons.columns) == list(WRITTEN_REGISTER_COLUMNS)
    assert (len(written.roster), len(written.registry), len(written.register.row_match)) == (
        0, 0, 0)
    pd.testing.assert_frame_equal(written.persons, whole.persons)
