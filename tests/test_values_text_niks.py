"""The roster's NIK keys read as bytes (census.values.nik.text_niks, used by nik_keys) against the
cell-by-cell reading of nik_states: the same usable NIKs and prefixes, on every odd cell."""

from __future__ import annotations

import numpy as np
import pandas as pd

from census.register.keys import export_keys, text_keys
from census.register.merge import nik_keys
from census.values.nik import NikState, nik_prefixes, nik_states, sixteen_digit_numbers, text_niks

#: (NIK cell, typed into a number cell): clean ones and every way a cell can be odd.
CELLS: list[tuple[object, bool]] = [
    ("3578014505800001", False),      # clean woman (day + 40)
    ("3578010505800002", False),      # clean man
    ("3578010505800002", True),       # the same digits from a number cell: a prefix, no key
    ("3578010505800020", True),
    ("357801050580003", True),        # 15 digits of a number cell
    ("３５７８０１４５０５８００００３", False),  # full-width digits
    ("٣٥٧٨٠١٠٥٠٥٨٠٠٠٠٤", False),      # Arabic-Indic digits
    ("357801050580000", False),       # 15 digits
    ("35780105058000056", False),     # 17 digits
    ("3578010505800005612345678", False),  # 25 digits: longer than the bytes read
    ("357801050580000561234567", False),   # 24 digits
    (None, False),
    (float("nan"), False),
    ("   ", False),
    ("", False),
    ("3578 0145 0580 0007", False),   # spaced: a NIK once cleaned
    ("3578.0145.0580.0008", False),
    (" 3578014505800009", False),     # a space before
    ("3578014505800010 ", False),     # a space after
    ("3578014505800011\x00", False),  # a zero character after (numpy would not see it)
    ("3578014505800012\x00\x00", False),
    ("0000000000000000", False),      # zeros: no NIK
    ("3578010000000009", False),      # placeholder
    ("3578016902000010", False),      # 29 Feb 2000 (a leap year)
    ("3578016902010011", False),      # 29 Feb 2001: no date
    ("3578013205800018", False),      # day 32: no date
    ("3578010513800019", False),      # month 13
    ("357801050580001a", False),
    ("-", False),
    ("tidak ada", False),
    (3578010505800021, False),        # a number object, not a str
    (b"3578010505800022", False),     # bytes, not a str
    (np.str_("3578010505800023"), False),  # a str subclass
]


def _reference(typed: np.ndarray, numeric: np.ndarray) -> tuple[list[object], list[object]]:
    """nik_keys' answer as the cell-by-cell reading gives it."""
    niks = nik_states(typed, numeric)
    keys = niks.keys()
    same = np.flatnonzero(pd.notna(keys))
    same = same[keys[same] == typed[same]]
    keys[same] = typed[same]  # the cell's own str where it is the NIK's digits
    return keys.tolist(), nik_prefixes(niks, numeric).tolist()


def _columns(cells: list[tuple[object, bool]]) -> tuple[pd.Series, pd.Series]:
    nik = pd.Series(np.array([cell for cell, _ in cells] + [None], dtype=object)[:-1])
    return nik, pd.Series([numeric for _, numeric in cells], dtype=bool)


def test_plain_cells_are_read_as_nik_states_reads_them() -> None:
    nik, numeric = _columns(CELLS)
    typed, from_number = nik.to_numpy(dtype=object), numeric.to_numpy()
    read = text_niks(typed, from_number)
    states = nik_states(typed, from_number).states
    plain = [i for i, (cell, number) in enumerate(CELLS)
             if type(cell) is str and not number and len(cell) == 16 and cell.isascii()
             and cell.isdigit()] + [len(CELLS) - 1]  # np.str_ is a str
    assert np.flatnonzero(read.plain).tolist() == plain
    assert read.usable.tolist() == (read.plain & (states == NikState.USABLE)).tolist()
    # Zeros are no NIK at all to nik_states: never usable either way.
    assert set(states[read.plain]) == {NikState.USABLE, NikState.PLACEHOLDER,
                                       NikState.BIRTHDATE_INVALID, NikState.ABSENT}


def test_nik_keys_are_those_of_the_cell_by_cell_reading() -> None:
    nik, numeric = _columns(CELLS)
    usable, prefixes = nik_keys(nik, numeric)
    keys, cut = _reference(nik.to_numpy(dtype=object), numeric.to_numpy())
    assert [(type(k), k) for k in usable.tolist()] == [(type(k), k) for k in keys]
    assert prefixes.tolist() == cut
    assert [(i, key) for i, key in enumerate(usable) if key is not None] == [
        (0, "3578014505800001"), (1, "3578010505800002"), (15, "3578014505800007"),
        (16, "3578014505800008"), (17, "3578014505800009"), (18, "3578014505800010"),
        (19, "3578014505800011"), (20, "3578014505800012"), (23, "3578016902000010"),
        (30, "3578010505800021"), (31, "3578010505800022"), (32, "3578010505800023"),
    ]
    assert [(i, key) for i, key in enumerate(prefixes) if key is not None] == [
        (2, "357801050580000"), (3, "357801050580002"), (4, "357801050580003")]
    # A usable NIK typed as its digits is the roster's own str, not a copy.
    assert usable[0] is nik[0] and usable[len(CELLS) - 1] is nik[len(CELLS) - 1]


def test_blocks_of_ascii_and_of_other_text_agree() -> None:
    # Over several blocks of 65,536 cells, one of them holding a non-ASCII text (read as code
    # points, not bytes), the odd cells around the blocks' edges.
    size = 3 * (1 << 16) + 17
    rng = np.random.default_rng(16)
    day = rng.integers(1, 29, size)
    serial = rng.integers(0, 10_000, size)
    texts = np.array([f"357801{d:02d}0580{s:04d}" for d, s in zip(day, serial, strict=True)],
                     dtype=object)
    numeric = np.zeros(size, dtype=bool)
    for at, (cell, number) in zip(range(65_530, 65_530 + len(CELLS)), CELLS, strict=True):
        texts[at], numeric[at] = cell, number
    texts[(1 << 17) + 5] = "３５７８"
    texts[size - 1] = "3578016902010011"
    nik, from_number = pd.Series(texts, dtype=object), pd.Series(numeric)
    usable, prefixes = nik_keys(nik, from_number)
    keys, cut = _reference(texts, numeric)
    assert usable.tolist() == keys and prefixes.tolist() == cut
    assert usable.notna().sum() == size - len(CELLS) - 2 + 12


def test_sixteen_digit_numbers_and_the_export_keys_they_make() -> None:
    cells = np.array(["3578014505800001", "0578014505800001", None, "357801450580000",
                      "3578014505800001 ", "３５７８０１４５０５８００００１"], dtype=object)
    assert sixteen_digit_numbers(cells).tolist() == [3578014505800001, 578014505800001,
                                                     -1, -1, -1, -1]
    nik, numeric = _columns(CELLS)
    keys = export_keys(pd.DataFrame({"nik": nik, "nik_from_number": numeric}))
    usable, prefixes = nik_keys(nik, numeric)
    assert sorted(keys.niks.tolist()) == sorted(text_keys(usable.dropna().to_numpy()).tolist())
    assert sorted(keys.prefixes.tolist()) == sorted(
        text_keys(prefixes.dropna().to_numpy()).tolist())
