"""The summary's tallies (counted with np.bincount) are the groupby-and-unstack tables they
replaced, on awkward tables: missing keys and statuses, unknown statuses, unused categories."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from census.report.summary import STATUSES, _tally


def _grouped(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The tally as a groupby of the keys and the status, unstacked (the former code)."""
    counts = (
        table.groupby([*keys, "status"], sort=True, observed=True)
        .size()
        .unstack("status", fill_value=0)
    )
    counts = counts.reindex(columns=STATUSES, fill_value=0)
    counts.columns = STATUSES
    counts["total"] = counts[STATUSES].sum(axis=1)
    dosed = table.groupby(keys, observed=True)["dosed"].sum()
    counts["dosed"] = dosed.reindex(counts.index, fill_value=0)
    return counts[counts["total"] > 0]


def _table(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    units = pd.Series(rng.choice(["U2", "U1", "U3", None], n, p=[0.4, 0.4, 0.15, 0.05]))
    categories = pd.Series(rng.choice(["klien", "asn", "ptt"], n))
    statuses = pd.Series(rng.choice([*STATUSES, "mystery", None], n))
    return pd.DataFrame({
        "unit": units.astype("category").cat.add_categories(["U9"]).to_numpy(),  # U9 unused
        "category": categories.astype("category").to_numpy(),
        "status": statuses.astype("category").to_numpy(),
        "dosed": rng.integers(0, 2, n),
        "_all": "all",
    })


def _as_rows(counts: pd.DataFrame) -> list[tuple[object, ...]]:
    return [(key, *map(int, row)) for key, row in zip(counts.index.tolist(),
                                                        counts.to_numpy().tolist(), strict=True)]


@pytest.mark.parametrize("keys", [["unit"], ["unit", "category"], ["category"], ["_all"]])
@pytest.mark.parametrize("n", [0, 1, 7, 500])
def test_tally_counts_as_the_groupby_did(keys: list[str], n: int) -> None:
    table = _table(n, seed=n + len(keys))
    new, old = _tally(table, keys), _grouped(table, keys)
    assert list(new.columns) == [*STATUSES, "total", "dosed"] == list(old.columns)
    assert _as_rows(new) == _as_rows(old)
    assert new.to_dict("index") == old.to_dict("index")


def test_tally_leaves_out_groups_of_unknown_statuses_only() -> None:
    table = pd.DataFrame({"unit": ["A", "A", "B"], "status": ["complete", None, "mystery"],
                          "dosed": [1, 1, 1]})
    assert _as_rows(_tally(table, ["unit"])) == [
        ("A", *[1 if s == "complete" else 0 for s in STATUSES], 1, 2)]
