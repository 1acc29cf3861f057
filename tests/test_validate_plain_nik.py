"""The fast path of validation (plain NIKs, tables read without joining) against the cell-by-cell
reading: the same findings, to the cell and the message."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from census.read import read_workbook
from census.rules import default_rules
from census.validate import validate_books
from census.validate.columns import Columns
from census.validate.common import filled
from census.validate.plain_nik import digit_rows, plain_niks
from census.values.nik import NIK_LENGTH, NikState, nik_states
from tests.data.validate.helpers import write_roster

AS_OF = date(2022, 3, 31)

#: (name, NIK cell, birth date, sex): clean cells and every way a NIK cell can be odd.
EDGE_ROWS = [
    ["Ani", "3578014505800001", "05-05-1980", "P"],   # clean woman (day + 40)
    ["Budi", "3578010505800002", "05-05-1980", "L"],  # clean man
    ["Cici", "３５７８０１４５０５８００００３", "05-05-1980", "P"],  # full-width digits
    ["Dedi", "٣٥٧٨٠١٠٥٠٥٨٠٠٠٠٤", "05-05-1980", "L"],  # Arabic-Indic digits
    ["Eko", "357801050580000", "05-05-1980", "L"],     # 15 digits
    ["Fajar", "35780105058000056", "05-05-1980", "L"],  # 17 digits
    ["Gita", None, "05-05-1980", "P"],                 # blank
    ["Hadi", "   ", "05-05-1980", "L"],                # spaces only
    ["Indah", "3578 0145 0580 0007", "05-05-1980", "P"],  # spaced: a NIK once cleaned
    ["Joko", "0000000000000000", "05-05-1980", "L"],   # zeros: no NIK
    ["Kiki", "3578010000000009", "05-05-1980", "P"],   # placeholder
    ["Lina", "3578016902000010", "29-02-2000", "P"],   # 29 Feb 2000 (a leap year)
    ["Mira", "3578016902010011", "01-01-2001", "P"],   # 29 Feb 2001: no date
    ["Nano", "3578010505200012", "05-05-1920", "L"],   # agrees in 19YY
    ["Oki", "3578010505200013", "05-05-2020", "L"],    # agrees in 20YY
    ["Putu", "3578010505800014", "06-05-1980", "L"],   # birth date differs
    ["Rina", "3578010505800015", "05-05-1980", "P"],   # sex differs
    ["Sari", "9999014505800016", "05-05-1980", "P"],   # unknown region
    ["Tono", "3578010505800002", "05-05-1980", "L"],   # Budi's NIK again
    ["Udin", "3578013205800018", "05-05-1980", "L"],   # day 32: no date
]
HEADERS = ["Nama", "NIK", "Tanggal Lahir", "Jenis Kelamin"]


@pytest.fixture(scope="module")
def edge_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_roster(tmp_path_factory.mktemp("nik") / "edge.xlsx", EDGE_ROWS, headers=HEADERS)


def test_odd_nik_cells_get_the_findings_of_the_cell_reading(edge_book: Path) -> None:
    findings = validate_books([read_workbook(edge_book)], AS_OF, default_rules())
    assert [(f.row, f.code, f.value, dict(f.context)) for f in findings] == [
        (7, "nik-not-digits", "３５７８０１４５０５８００００３", {}),
        (8, "nik-not-digits", "٣٥٧٨٠١٠٥٠٥٨٠٠٠٠٤", {}),
        (9, "nik-length", "357801050580000", {"length": "15"}),
        (10, "nik-length", "35780105058000056", {"length": "17"}),
        (11, "nik-missing", None, {}),
        (12, "nik-missing", None, {}),
        (14, "nik-missing", "0000000000000000", {}),
        (15, "nik-placeholder", "3578010000000009", {}),
        (17, "nik-birthdate-invalid", "3578016902010011", {"part": "690201"}),
        (20, "nik-birthdate-mismatch", "3578010505800014",
         {"nik_date": "05-05-1980", "row_date": "06-05-1980"}),
        (21, "nik-sex-mismatch", "3578010505800015", {"nik_sex": "L", "row_sex": "P"}),
        (22, "nik-region-unknown", "9999014505800016", {"region": "999901"}),
        (23, "duplicate-nik", "3578010505800002", {"other_row": "6"}),
        (24, "nik-birthdate-invalid", "3578013205800018", {"part": "320580"}),
    ]


CELLS = [
    "3578014505800001", "3578010505800002", None, np.nan, "", " ", "-", "tidak ada",
    "0000000000000000", "3578010000000009", "357801050580000", "35780105058000056",
    " 3578010505800002", "3578010505800002 ", "3578-0105-0580-0002", "'3578010505800002",
    "３５７８０１４５０５８００００３", "357801050580000٣", 3578010505800002, 3.578010505800002e15,
    "3578016902000010", "3578016902010011", "3578013205800018", "3578011305800019",
    "3578017105800020", "3578010100000021", "1234567890123456", "abcdefghijklmnop",
]


def test_a_plain_nik_is_read_as_census_values_nik_reads_it() -> None:
    rng = np.random.default_rng(16)
    random_digits = ["".join(map(str, rng.integers(0, 10, 16))) for _ in range(2000)]
    values = np.array(CELLS + random_digits, dtype=object)
    plain = plain_niks(Columns([pd.DataFrame({"nik": values})]))
    niks = nik_states(values[plain.at], np.zeros(len(plain.at), dtype=bool))
    # Sixteen zeros are no NIK there; here a placeholder, so left to the cell-by-cell reading.
    zeros = plain.number == 0
    assert values[plain.at[zeros]].tolist() == ["0000000000000000"]
    assert plain.parts.placeholder[zeros].all()
    # Every other plain cell is a 16-digit NIK of census.values.nik, with the same parts.
    assert niks.full.tolist() == np.flatnonzero(~zeros).tolist()
    assert plain.number[~zeros].tolist() == [int(d) for d in niks.ids.digits[niks.full]]
    parts = niks.parts
    for field in ("region", "day", "month", "yy", "female", "placeholder", "date_ok"):
        assert getattr(plain.parts, field)[~zeros].tolist() == getattr(parts, field).tolist(), field
    usable = niks.states[niks.full] == NikState.USABLE
    assert (usable == (~plain.parts.placeholder & plain.parts.date_ok)[~zeros]).all()
    # And the cells left to the cell-by-cell reading are exactly those that are not plain text.
    assert sorted(set(range(len(CELLS))) - set(plain.at.tolist())) == [
        2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17, 19, 27]


def test_books_read_without_joining_give_the_findings_of_the_joined_table(
    edge_book: Path, tmp_path: Path
) -> None:
    other = shutil.copy(edge_book, tmp_path / "other.xlsx")
    books = [read_workbook(edge_book), read_workbook(Path(other))]
    rules = default_rules()
    apart = validate_books(books, AS_OF, rules)
    joined = validate_books(books, AS_OF, rules, pd.concat([b.rows for b in books],
                                                           ignore_index=True))
    assert apart == joined
    # A NIK repeated in another unit's book is no duplicate of this one.
    assert [(f.file, f.row) for f in apart if f.code == "duplicate-nik"] == [
        ("edge.xlsx", 23), ("other.xlsx", 23)]


@pytest.mark.parametrize("cells", [
    [None] * 70 + ["a", "", np.nan, 0, "x"],
    [None] * 70 + ["a", "", "b"],
    ["a"] * 70 + [None, "", np.nan, 0.0],
    [None] * 70,
    [None] * 70 + [pd.NaT, "q", False, 1.0],
])
def test_a_cell_is_filled_when_true_and_no_nan(cells: list[object]) -> None:
    values = np.array(cells, dtype=object)
    assert filled(values).tolist() == [bool(v) and v == v for v in cells]


def test_a_long_column_is_filled_alike_across_its_blocks() -> None:
    # Over a thousand cells are tested a block at a time: odd cells on and around the blocks'
    # edges give the answer of the plain rule.
    odd: list[object] = [None, "", np.nan, 0, 0.0, False, "x", 1.5, True, " ", float("nan")]
    cells: list[object] = [f"Nama {k}" for k in range(5000)]
    for k, position in enumerate([0, 1, 1023, 1024, 1025, 2047, 2048, 3000, 4095, 4096, 4999]):
        cells[position] = odd[k % len(odd)]
    values = np.array(cells, dtype=object)
    assert filled(values).tolist() == [bool(v) and v == v for v in cells]


def test_digits_read_a_word_at_a_time_are_those_read_a_byte_at_a_time() -> None:
    # Every ASCII character in every place of a 16-digit text, and texts of 15 to 25 characters.
    rng = np.random.default_rng(24)
    base = "3578014505800001"
    cells = [base[:k] + chr(c) + base[k + 1:] for k in range(16) for c in range(1, 128)]
    cells += [base[:15], base + "0", base + " ", base + "0" * 7, base + "0" * 8, base + "0" * 9,
              "", "None", "1234567890123456", "9" * 16, "0" * 16]
    cells += ["".join(map(str, rng.integers(0, 10, 16))) for _ in range(500)]
    values = np.array(cells, dtype=object)
    by_words = digit_rows(values.astype("S24"), NIK_LENGTH)
    by_bytes = digit_rows(values.astype("S17"), NIK_LENGTH)
    assert by_words[0].tolist() == by_bytes[0].tolist()
    assert by_words[1].tolist() == by_bytes[1].tolist()
    assert by_words[1].dtype == by_bytes[1].dtype == np.uint8
    # The plain cells: exactly the 16 ASCII digits, each digit its value.
    plain = [k for k, cell in enumerate(cells) if len(cell) == 16 and cell.isascii()
             and cell.isdigit()]
    assert by_words[0].tolist() == plain
    assert by_words[1].tolist() == [[int(d) for d in cells[k]] for k in plain]
