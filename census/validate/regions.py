"""Known NIK region prefixes: the 2025 district list plus retired codes older NIKs still carry."""

from __future__ import annotations

from functools import cache
from importlib import resources

import numpy as np
import pandas as pd


def _codes(name: str, level: int | None = None) -> np.ndarray:
    """Column kode_nik of wilayah/`name` as numbers (only rows whose column `level` is `level`,
    when given). Validation pays for this once per process: pandas' C reader, of the columns
    needed, costs a third of splitting the lines in Python."""
    columns = ["kode_nik"] if level is None else ["kode_nik", "level"]
    with resources.files("census.data").joinpath(f"wilayah/{name}").open("rb") as handle:
        table = pd.read_csv(handle, usecols=columns, dtype=dict.fromkeys(columns, np.int64))
    if level is not None:
        table = table[table["level"] == level]
    return table["kode_nik"].to_numpy()


@cache
def district_numbers() -> np.ndarray:
    """Every 6-digit district prefix a NIK may start with (current and retired), as a sorted
    int array for vectorised membership tests."""
    # A NIK is never reissued, so districts that were split or renamed stay valid prefixes.
    return np.unique(np.concatenate([_codes("kecamatan.csv"), _codes("retired_codes.csv", 3)]))


@cache
def known_regions() -> np.ndarray:
    """A truth table over 0..999999: is the number a known district prefix? (one lookup per
    NIK instead of a search)"""
    table = np.zeros(10**6, dtype=bool)
    table[district_numbers()] = True
    return table
