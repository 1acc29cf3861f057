"""Known NIK region prefixes: the 2025 district list plus retired codes older NIKs still carry."""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

import numpy as np


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("census.data").joinpath(f"wilayah/{name}").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@cache
def district_codes() -> frozenset[str]:
    """Every 6-digit district prefix a NIK may start with (current and retired)."""
    current = {row["kode_nik"] for row in _rows("kecamatan.csv")}
    # A NIK is never reissued, so districts that were split or renamed stay valid prefixes.
    retired = {row["kode_nik"] for row in _rows("retired_codes.csv") if row["level"] == "3"}
    return frozenset(code.zfill(6) for code in current | retired)


@cache
def district_numbers() -> np.ndarray:
    """district_codes() as a sorted int array, for vectorised membership tests."""
    return np.array(sorted(int(code) for code in district_codes()), dtype=np.int64)
