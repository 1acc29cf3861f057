"""Columns of the checks looked up by object (census.validate.columns.lookup) against the same
lookup by value, on awkward cells; the reader's brand columns arrive as shared objects."""

from __future__ import annotations

import numpy as np
import pandas as pd

from census.read import read_workbook
from census.rules import default_rules
from census.validate.columns import Columns, addresses, lookup
from census.validate.common import SEX_IDS, Emitter, sex_ids
from census.validate.doses import Brands
from census.values.sex import sex_code
from tests.data.validate.helpers import DATA


def _by_value(values: list[object]) -> list[str | None]:
    """What lookup must give: each cell's value through the function, None where empty."""
    return [None if pd.isna(value) else f"<{value}>" for value in values]


def _fresh(text: str) -> str:
    """An equal text that is a separate object (as the reader makes one per cell)."""
    return "".join(list(text))


AWKWARD: list[object] = [
    "Sinovac", _fresh("Sinovac"), None, float("nan"), pd.NA, "Sinovac", 1, 1.0, True, "",
    " ", _fresh("sinovac"), np.nan, None, "Pfizer",
]


def test_lookup_by_object_gives_what_lookup_by_value_gives() -> None:
    values = np.array(AWKWARD, dtype=object)
    assert values[0] is values[5] and values[0] is not values[1]  # shared and separate cells
    for parts in ([values], [values[:4], values[4:9], values[9:]], [values[:1], values[1:]]):
        got = lookup(parts, lambda value: f"<{value}>")
        # 1, 1.0 and True are one value to pandas: the first of them is the one shown.
        assert got.tolist() == [*_by_value(AWKWARD[:6]), "<1>", "<1>", "<1>",
                                *_by_value(AWKWARD[9:])]


def test_lookup_of_empty_none_only_and_non_object_columns() -> None:
    assert lookup([], str).tolist() == []
    nothing = np.full(4, None, dtype=object)
    assert lookup([nothing, nothing[:2]], str, missing=-1, dtype=np.int16).tolist() == [-1] * 6
    numbers = np.array([2.0, np.nan, 2.0, 3.5])
    assert lookup([numbers], lambda x: x * 2, missing=0.0, dtype=float).tolist() == [
        4.0, 0.0, 4.0, 7.0]
    mixed = [np.array(["a", None], dtype=object), np.array([1.0, np.nan])]
    assert lookup(mixed, lambda x: f"<{x}>").tolist() == ["<a>", None, "<1.0>", None]


def test_addresses_are_the_objects_ids_without_copy_of_a_contiguous_column() -> None:
    values = np.array(AWKWARD, dtype=object)
    assert addresses(values).tolist() == [id(value) for value in AWKWARD]
    strided = np.array([AWKWARD, AWKWARD], dtype=object)[:, 2]  # a column of a 2-D block
    assert addresses(strided).tolist() == [id(AWKWARD[2])] * 2
    assert not addresses(values).flags.writeable


def test_sex_ids_of_every_spelling() -> None:
    cells = ["L", _fresh("L"), "P", "perempuan", _fresh("Laki-laki"), "x", None, np.nan, pd.NA,
             "", " l "]
    rows = Columns([pd.DataFrame({"sex": pd.Series(cells, dtype=object)})])
    expected = [0 if pd.isna(cell) else SEX_IDS[sex_code(str(cell))] for cell in cells]
    assert sex_ids(rows).tolist() == expected
    assert expected[:6] == [1, 1, 2, 2, 1, 3]


def test_the_readers_brand_cells_are_one_object_per_spelling() -> None:
    book = read_workbook(DATA / "doses.xlsx")
    brands = [name for name in book.rows.columns if name.endswith("_brand")]
    cells = [cell for name in brands for cell in book.rows[name].tolist() if cell is not None]
    assert len(cells) > len(set(cells)) > 1  # spellings repeat
    assert len({id(cell) for cell in cells}) == len(set(cells))
    # Brand ids (by object) are those of each cell's own spelling.
    table = Brands(default_rules())
    rows = Columns([book.rows])
    for name in brands:
        expected = [table._id(cell) if cell is not None else 0 for cell in book.rows[name]]
        assert table.identify(rows, name).tolist() == expected


def test_sheet_runs_are_found_alike_whether_their_texts_are_one_object_or_many() -> None:
    book = read_workbook(DATA / "doses.xlsx")
    shared = Emitter([book], Columns([book.rows]))
    rows = book.rows.copy()
    for name in ("file", "sheet"):  # each cell its own object, as another table may hold them
        rows[name] = pd.Series([_fresh(text) for text in rows[name]], dtype=object)
    separate = Emitter([book], Columns([rows]))
    assert len(set(map(id, rows["sheet"]))) == len(rows) > len(set(rows["sheet"])) > 1
    assert shared.places == separate.places == list(dict.fromkeys(
        zip(book.rows["file"], book.rows["sheet"], strict=True)))
    assert shared.sheet_codes.tolist() == separate.sheet_codes.tolist()
