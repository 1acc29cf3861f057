"""Known NIK region prefixes: the 2025 district list plus retired codes older NIKs still carry."""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

import numpy as np


def _codes(name: str, level: str | None = None) -> list[str]:
    """Column kode_nik of wilayah/`name` (only rows whose column `level` is `level`, when given).

    Validation pays for this once per process, so plain lines are split at commas instead of
    going through csv.DictReader; a file with quotes is read with the csv module.
    """
    text = resources.files("census.data").joinpath(f"wilayah/{name}").read_text(encoding="utf-8")
    lines = text.splitlines()
    header = lines[0].split(",") if lines else []
    if '"' in text or header[1:2] != ["kode_nik"] or (level and header[2:3] != ["level"]):
        rows = csv.DictReader(io.StringIO(text))
        return [row["kode_nik"] for row in rows if level is None or row["level"] == level]
    cut = [line.split(",", 3) for line in lines[1:] if line]
    return [cells[1] for cells in cut if level is None or cells[2] == level]


@cache
def district_codes() -> frozenset[str]:
    """Every 6-digit district prefix a NIK may start with (current and retired)."""
    current = set(_codes("kecamatan.csv"))
    # A NIK is never reissued, so districts that were split or renamed stay valid prefixes.
    retired = set(_codes("retired_codes.csv", level="3"))
    return frozenset(code.zfill(6) for code in current | retired)


@cache
def district_numbers() -> np.ndarray:
    """district_codes() as a sorted int array, for vectorised membership tests."""
    return np.array(sorted(int(code) for code in district_codes()), dtype=np.int64)


@cache
def known_regions() -> np.ndarray:
    """A truth table over 0..999999: is the number a known district prefix? (one lookup per
    NIK instead of a search)"""
    table = np.zeros(10**6, dtype=bool)
    table[district_numbers()] = True
    return table
