"""The reader's bulk paths give what looking at each cell gives: the screen that spares a sheet
its extent never lets a far cell through, cell types and blanks found in bulk are each cell's
own, and the roster table of several sheets is their rows one after another."""

from __future__ import annotations

import random
import re
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from census.errors import OverBudget
from census.model import DATE_FIELDS, ROSTER_COLUMNS
from census.read import read_workbook
from census.read.assemble import SheetRows, empty_roster, joined_frame
from census.read.budget import _has_formula_tag
from census.read.cells import _TYPE_CODES, Grid, blank_cells, column_types
from census.read.extent import _any_references, surely_within
from tests.hostile_files import far_cell

_TAIL = b"</sheetData></worksheet>"


def _area(data: bytes) -> int:
    extent = _any_references(data)
    if extent is None:
        return 0
    return (extent.last_row - extent.first_row + 1) * (extent.last_column - extent.first_column + 1)


def test_the_screen_never_passes_a_sheet_whose_references_reach_too_far() -> None:
    rng = random.Random(1604)
    alphabet = b' \t\nr="\'=AZaz09<>/c'
    pieces = [b' r="', b'<c r="B', b"12", b'"/>', b" r='", b"XFD", b"=", b" ", b"1048576",
              b'<c r="A', b'" ', b"ZZ", b"9", b'<row r="', b'<c r=" ', b"99999"]
    passed = 0
    for _ in range(5_000):
        data = bytes(rng.choice(alphabet) for _ in range(rng.randrange(0, 12)))
        data += b"".join(rng.choice(pieces) for _ in range(rng.randrange(0, 10))) + _TAIL
        for cells in (1, 30, 1_000, 20_000_000, 10**12):
            if surely_within(data, cells):
                passed += 1
                assert _area(data) <= cells, (data, cells)
    assert passed > 2_500  # the screen does pass most sheets


@pytest.mark.parametrize(("part", "cells", "passes"), [
    (b'<row r="1"><c r="A1"/><c r="L1"/></row><row r="2565"><c r="L2565"/></row>', 20_000_000, True),
    (b'<c r="A1"/><c r="AB9999"/>', 20_000_000, True),  # 9,999 rows × 702 columns at most
    (b'<c r="A1"/><c r="AB10000"/>', 20_000_000, False),  # five digits beside two letters: look
    (b'<c r="A1"/><c r="Z99999"/>', 20_000_000, True),
    (b'<c r="A1"/><c r="Z100000"/>', 20_000_000, False),
    (b'<c r="A1"/><c r="XFD1048576"/>', 20_000_000, False),
    (b'<c r="A1"/><c r="ABC1"/>', 10**12, False),  # three letters: always looked at
    (b'<c r="A1"/><c r=" B2"/>', 20_000_000, False),  # spelt otherwise: the extent decides
    (b'<c r = "A1"/>', 20_000_000, False),
    (b"<c/>", 1, True),  # no reference at all
    (b'<c r="A1"/><c r="B2"/>', 25, False),  # too small a limit for any row of two digits
])
def test_what_the_screen_passes_and_what_it_leaves_to_the_extent(
    part: bytes, cells: int, passes: bool
) -> None:
    assert surely_within(part + _TAIL, cells) is passes


def test_a_far_cell_is_still_refused_and_a_near_one_read(tmp_path: Path) -> None:
    with pytest.raises(OverBudget, match=r"reaches cell XFD1048576"):
        read_workbook(far_cell(tmp_path / "upt_jauh.xlsx"))
    assert read_workbook(far_cell(tmp_path / "upt_dekat.xlsx", "L2565")).sheets[0].sheet == "ASN"


_AWKWARD = ["", " ", "\xa0", "\t\n", "x", " x ", "0", 1.0, float("nan"), 0.0, 7, True, False,
            date(2021, 5, 12), datetime(2021, 5, 12, 13, 5), time(8, 30), None]


@pytest.mark.parametrize("cells", [
    _AWKWARD,
    ["Budi", "", " ", "Ani"],  # text only
    [1.0, 2.0, 3.0],  # numbers only
    [],
])
def test_cell_types_and_blanks_in_bulk_are_each_cells_own(cells: list[object]) -> None:
    values = np.array(cells + ["pad"], dtype=object)[:-1]  # an object array, whatever the cells
    assert column_types(values).tolist() == [_TYPE_CODES.get(type(cell), 0) for cell in cells]
    assert blank_cells(values).tolist() == [
        cell == "" or (isinstance(cell, str) and cell.isspace()) for cell in cells
    ]


@pytest.mark.parametrize("rows", [
    [_AWKWARD, _AWKWARD[::-1]],
    [_AWKWARD, ["x"], [], ["x" * 40_000, True]],  # uneven rows: the short ones padded with ''
    [],
])
def test_the_grid_holds_each_cell_as_read(rows: list[list[object]]) -> None:
    grid = Grid(rows, min_width=3)
    width = max([3, *map(len, rows)])
    padded = [[*row, *[""] * (width - len(row))] for row in rows]
    assert grid.values.shape == (len(rows), width)
    # Each cell is the very object read (identity: NaN is not equal to itself).
    cells = [cell for row in grid.values.tolist() for cell in row]
    assert [id(cell) for cell in cells] == [id(cell) for row in padded for cell in row]


def _sheet(length: int, **columns: list[object]) -> SheetRows:
    data = {}
    for name, values in columns.items():
        if name in DATE_FIELDS:
            data[name] = np.array(values, dtype="datetime64[ns]")
        elif name in ("nik_from_number", "nip_from_number"):
            data[name] = np.array(values, dtype=bool)
        elif name == "row":
            data[name] = np.array(values, dtype=np.int64)
        else:
            data[name] = np.array(values + ["pad"], dtype=object)[:-1]
    return SheetRows(data, length)


def _expected(sheets: list[dict[str, list[object]]], lengths: list[int]) -> pd.DataFrame:
    """The roster table built the plain way: each column on its own, its absent cells filled."""
    frames = []
    for columns, length in zip(sheets, lengths, strict=True):
        frame = {}
        for name in ROSTER_COLUMNS:
            values = columns.get(name)
            if name in DATE_FIELDS:
                frame[name] = pd.Series(values or [None] * length, dtype="datetime64[ns]")
            elif name in ("nik_from_number", "nip_from_number"):
                frame[name] = pd.Series(values or [False] * length, dtype=bool)
            elif name == "row":
                frame[name] = pd.Series(values or [0] * length, dtype=np.int64)
            else:
                frame[name] = pd.Series(values or [None] * length, dtype=object)
        frames.append(pd.DataFrame(frame))
    return pd.concat(frames, ignore_index=True)


def test_the_table_of_several_sheets_is_their_rows_one_after_another() -> None:
    first = {"row": [7, 8], "file": ["a.xlsx", "a.xlsx"], "sheet": ["ASN", "ASN"],
             "name": ["Budi", None], "nik": ["3578", None], "nik_from_number": [True, False],
             "birth_date": ["1980-05-12", None], "birth_date_raw": ["12-05-1980", None]}
    second = {"row": [5], "file": ["a.xlsx"], "sheet": ["PTT"], "name": ["Ani"],
              "nip": ["1970"], "nip_from_number": [True], "dose1_date": ["2021-06-01"],
              "dose1_brand": ["Sinovac"]}
    empty: dict[str, list[object]] = {"row": []}
    table = joined_frame([_sheet(2, **first), _sheet(0, **empty), _sheet(1, **second)])
    expected = _expected([first, second], [2, 1])
    assert list(table.columns) == list(ROSTER_COLUMNS)
    pd.testing.assert_frame_equal(table, expected, check_exact=True)
    pd.testing.assert_frame_equal(joined_frame([_sheet(2, **first)]), _expected([first], [2]))
    assert [str(dtype) for dtype in empty_roster().dtypes] == [
        str(dtype) for dtype in expected.dtypes
    ]
    assert empty_roster().empty


_DATE_CELLS = ["", " ", "12-05-2021", "2021-05-12", "12 Mei 2021", "Senin, 3 Jan 2022", "5 Agt 21",
               "44322", "abc", 44322.0, 44322.5, 12052021.0, -5.0, -44322.0, 0.0, -0.0, 1e20,
               -1e19, 8.9e18, 7, 10**20, date(2021, 5, 12), datetime(2021, 5, 12, 13, 5),
               time(8, 30),
               # whitespace of all kinds (only texts not read as dates are looked at for it),
               # other digits, separators and lengths around the ten-character shape
               "\xa0", "\t \n", "\u3000", "\x1c", "\u200b", "12/05/2021 ", " 12/05/2021",
               "2021.05.12", "12-5-2021", "\u0663\u0661/\u0660\u0663/\u0662\u0660\u0662\u0662",
               "12/05/2O21", "1205202112"]  # (a date cell before 1850 is NaT in bulk but a date one by one)


@pytest.mark.parametrize("date1904", [False, True])
def test_date_cells_in_bulk_are_each_cells_own(date1904: bool) -> None:
    from census.values.dates import parse_date_columns, parse_one

    columns = [np.array(_DATE_CELLS + ["pad"], dtype=object)[:-1], np.array([1.0, "x"], dtype=object)]
    for column, (days, raws) in zip(columns, parse_date_columns(columns, date1904), strict=True):
        expected = [parse_one(cell, date1904) for cell in column]
        assert [None if pd.isna(day) else pd.Timestamp(day).date() for day in days] == [
            day for day, _ in expected
        ]
        assert raws.tolist() == [raw for _, raw in expected]


@pytest.mark.parametrize("columns", [
    # no 0 or 1: the columns' distinct values are found together, a date shared by two columns
    [["12-05-2021", date(2021, 5, 12), 44322.0, None], [date(2021, 5, 12), "12-05-2021", ""],
     [" ", "5 Agt 21", 44322, datetime(2021, 5, 12, 13, 5)]],
    # TRUE in one column, 1 in another: a hash table takes them for one value
    [[True, "12-05-2021"], [1.0, 1, "12-05-2021"], [False, "x"], [0.0]],
])
def test_date_columns_together_are_each_cells_own(columns: list[list[object]]) -> None:
    from census.values.dates import parse_date_columns, parse_one

    arrays = [np.array([*column, "pad"], dtype=object)[:-1] for column in columns]
    got = [
        [(None if pd.isna(day) else pd.Timestamp(day).date(), raw)
         for day, raw in zip(days, raws.tolist(), strict=True)]
        for days, raws in parse_date_columns(arrays)
    ]
    assert got == [[parse_one(cell) for cell in column] for column in columns]


@pytest.mark.parametrize("columns", [[0, 1, 2, 3, 4], [0, 1, 2, 3], [3, 1], [2, 4], [4]])
def test_blanks_of_several_text_columns_in_one_pass_are_each_cells_own(columns: list[int]) -> None:
    # Columns of text only are typed and looked at together, as one block; a number among
    # them (column 4) sends each column its own way: either way each cell is its own.
    rng = random.Random(16)
    words = ["", " ", "\xa0", "\t\n", "Budi", " x ", "0"]
    rows = [[rng.choice(words) for _ in range(4)] + [rng.choice([1.0, "", " "])] for _ in range(60)]
    grid = Grid(rows)
    grid.settle(np.arange(0, 60, 7), [0, 1])  # some rows of some columns looked at before
    grid.blank_columns(columns)
    for j in range(5):
        expected = [row[j] == "" or (isinstance(row[j], str) and row[j].isspace()) for row in rows]
        assert grid.blank(j).tolist() == expected
        assert grid.filled[:, j].tolist() == [not blank for blank in expected]
        assert grid.types(j).tolist() == column_types(np.array([row[j] for row in rows],
                                                               dtype=object)).tolist()


@pytest.mark.parametrize("part", [
    b'<c r="B7"><f>SUM(A1:A6)</f></c>', b'<c r="B7"><f t="shared" si="0"/></c>', b"<f", b"x<f>",
    b'<c r="B7"><v>1</v></c>', b"", b"<", b"f<", b"<F>", b"< f>",
])
def test_the_formula_look_in_bulk_finds_what_a_search_finds(part: bytes) -> None:
    assert _has_formula_tag(part) is (b"<f" in part)


def test_a_header_cell_as_one_line_cuts_at_every_kind_of_whitespace() -> None:
    from census.read.header import shown

    # Each character a regex calls whitespace, and some it does not (zero-width space, '-').
    every = [chr(code) for code in range(0x3001) if re.fullmatch(r"\s", chr(code))]
    texts = ["", " ", "Nama", "\nNama\t Lengkap \xa0", "x\u200by-z", *[f"{c}a{c}{c}b{c}" for c in every]]
    assert [shown(text) for text in texts] == [re.sub(r"\s+", " ", text).strip() for text in texts]


def test_settling_some_rows_of_several_columns_makes_just_their_cells_exact() -> None:
    rng = random.Random(6)
    rows = [[rng.choice(_AWKWARD) for _ in range(5)] for _ in range(40)]
    grid = Grid(rows)
    grid.blank(4)  # a column already looked at whole is left as it is
    settled = np.arange(0, 40, 3)
    grid.settle(settled, [0, 1, 2, 3, 4])
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            whitespace = isinstance(cell, str) and cell.isspace()
            exact = j == 4 or i in settled
            assert grid.filled[i, j] == (cell != "" and not (exact and whitespace)), (i, j, cell)
