"""The export's roster keys as integers judge every NIK cell as the texts they stand for."""

from __future__ import annotations

import numpy as np
import pandas as pd

from census.register.keys import ExportKeys, export_keys, text_keys
from census.values.nik import id_digits

_NIKS = ["3578011203650001", "0578011203650002", "3578011203650120"]
_PREFIXES = ["357801550580004", "057801550580004"]
_CELLS = [
    "3578011203650001", "0578011203650002", "578011203650002", "3578011203650120",
    "3578.0112.0365.0001", "3578 0112 0365 0001", " 3578011203650001 ", "3578-0112-0365-0001",
    "3578015505800042", "0578015505800049", "357801550580004", "35780155058000421",
    "3578011203650001\u0663", "\uff13578011203650001", "\u0663\u0665\u0667\u0668",
    "12345678901234567", "123456789012345678", "00000000000000000", "0", "", "-", "abc",
    None,
]


def _by_text(cells: list[str | None], niks: set[str], prefixes: set[str]) -> list[bool]:
    # The rule as texts: a NIK as typed, else its digits (separators out), is a roster's, or
    # a 16-digit one's first 15 digits are a prefix's.
    out = []
    for cell in cells:
        digits = cell if cell is not None and cell.isascii() and cell.isdigit() else (
            id_digits(cell))
        out.append(cell in niks or digits in niks
                   or (digits is not None and len(digits) == 16 and digits[:15] in prefixes))
    return out


def test_integer_keys_keep_the_rows_the_texts_keep():
    keys = ExportKeys.of(_NIKS, _PREFIXES)
    assert keys(np.array(_CELLS, dtype=object)).tolist() == _by_text(
        _CELLS, set(_NIKS), set(_PREFIXES))
    assert keys(np.array([], dtype=object)).tolist() == []


def test_text_keys_tell_leading_zeros_and_lengths_apart():
    texts = np.array(["12", "012", "0012", "12345678901234567", "123456789012345678",
                      "\u0661\u0662", "1 2", "", None], dtype=object)
    assert text_keys(texts).tolist() == [
        12 * 20 + 2, 12 * 20 + 3, 12 * 20 + 4, 12345678901234567 * 20 + 17, -1, -1, -1, -1, -1]


def test_roster_keys_are_its_usable_niks_and_number_cell_prefixes():
    roster = pd.DataFrame({
        "nik": ["3578011203650001", "3578015505800040", "3578.0112.0365.0002", "12345", None],
        "nik_from_number": [False, True, False, False, False],
    })
    keys = export_keys(roster)
    cells = ["3578011203650001", "3578015505800049", "3578011203650002", "12345",
             "3578015505800040"]
    assert keys(np.array(cells, dtype=object)).tolist() == [True, True, True, False, True]
    assert keys.texts == frozenset()


def test_keys_found_whatever_their_order_and_repeats():
    # The roster's keys sorted once (repeats: a person on two rosters); the cells looked up in
    # their sorted order and answered in their own, smallest and largest keys included.
    niks = ["3578011203650001", "0000000000000001", "9999999999999999", "3578011203650001"]
    keys = ExportKeys.of(niks)
    cells = ["9999999999999999", "3578011203650002", "0000000000000001", "99999999999999999",
             "1", "3578011203650001", "0000000000000000", "9999999999999999"]
    assert keys(np.array(cells, dtype=object)).tolist() == [
        True, False, True, False, False, True, False, True]
    assert ExportKeys.of([])(np.array(cells, dtype=object)).tolist() == [False] * len(cells)
