"""census.values: NIK and NIP cleaned one way, what their digits say; sex; phone numbers."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from census.values import (
    NikState,
    id_digits,
    international,
    nik_prefixes,
    nik_states,
    phone_number,
    phones,
    sex_code,
    sex_codes,
)
from census.values.nik import nik_parts, nip_parts, take_ids


@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("3578011280000001", "3578011280000001"),
        ("3578 0112 8000 0001", "3578011280000001"),
        ("3578.0112.8000.0001", "3578011280000001"),
        ("3578-0112-8000-0001", "3578011280000001"),  # a valid key for validation AND register
        ("'3578011280000001", "3578011280000001"),  # the apostrophe that forces text
        ("\u00a03578 0112\u00a08000 0001 ", "3578011280000001"),
        ("19800512 200501 1 003", "198005122005011003"),
        ("35780112O0000001", None),  # the letter O
        ("３５７８", None),  # full-width digits are not 0-9
        ("-", None), ("0", None), ("tidak ada", None), ("", None), (None, None),
    ],
)
def test_ids_are_cleaned_one_way(typed, digits):
    assert id_digits(typed) == digits


def _states(values, numeric=None):
    numeric = np.zeros(len(values), dtype=bool) if numeric is None else np.array(numeric)
    niks = nik_states(np.array(values, dtype=object), numeric)
    return [NikState(s).name for s in niks.states], niks


def test_nik_states_of_each_kind_of_cell():
    names, niks = _states(
        ["3578011205800001", "3578-0152-0580-0002", None, "-", "35780112O5800003",
         "357801120580000", "3578010000000009", "3578017205800006", "3578011205800000"],
        [False] * 8 + [True],
    )
    assert names == ["USABLE", "USABLE", "ABSENT", "ABSENT", "NOT_DIGITS", "LENGTH",
                     "PLACEHOLDER", "BIRTHDATE_INVALID", "FROM_NUMBER"]
    assert niks.keys().tolist() == ["3578011205800001", "3578015205800002"] + [None] * 7
    assert nik_prefixes(niks, np.array([False] * 8 + [True])).tolist() == [None] * 8 + [
        "357801120580000"
    ]


def test_nik_parts_women_add_forty_and_the_century_follows_the_birth_column():
    parts = nik_parts(np.array(["3578015205800002", "3517010101150001", "3578012902000010"]))
    assert parts.female.tolist() == [True, False, False]
    assert parts.day.tolist() == [12, 1, 29]
    assert parts.region.tolist() == [357801, 351701, 357801]
    assert parts.serial.tolist() == [2, 1, 10]
    births = np.array(["NaT", "1915-01-01", "NaT"], dtype="datetime64[D]")
    found = parts.birth_dates(births, np.datetime64("2022-03-31"))
    # 80 → 1980 (2080 is after the census date); 15 → 1915 as the birth column says;
    # 29 Feb 00 is a date only in 2000.
    assert found.astype(str).tolist() == ["1980-05-12", "1915-01-01", "2000-02-29"]
    assert parts.date_ok.all()


def test_nip_parts_pns_and_pppk_shapes():
    parts = nip_parts(np.array(["198005122005011003", "198906122023212019", "198205122005131004"]),
                      np.datetime64("2023-12-31"))
    assert parts.shape_ok.tolist() == [True, True, False]  # month 13 is no month
    assert parts.female.tolist() == [False, True, False]
    assert parts.birth.astype(str).tolist()[:2] == ["1980-05-12", "1989-06-12"]


@pytest.mark.parametrize(
    ("typed", "code"),
    [("L", "L"), ("l", "L"), ("L.", "L"), ("Lk", "L"), ("Laki-laki", "L"), ("Laki - laki", "L"),
     ("LAKI LAKI", "L"), ("Laki2", "L"), ("Pria", "L"), ("P", "P"), ("Pr", "P"),
     ("Perempuan", "P"), ("Wanita", "P"), ("W", "P"), (" p ", "P"), ("", ""), ("X", "?"),
     ("Laki-laki/Perempuan", "?")],
)
def test_one_table_of_sex_spellings(typed, code):
    assert sex_code(typed) == code


def test_sex_codes_over_a_column():
    codes, bad = sex_codes(np.array(["L", None, "W", "X", "L."], dtype=object))
    assert codes.tolist() == ["L", "", "P", "", "L"]
    assert bad.tolist() == [False, False, False, True, False]


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("081234567890", "081234567890"), ("0812-3456-7890", "081234567890"),
        ("0812 3456 7890", "081234567890"), ("+62 812 3456 7890", "081234567890"),
        ("+62-812-3456-7890", "081234567890"), ("6281234567890", "081234567890"),
        ("(031) 8290123", "0318290123"), ("81234567890", "081234567890"),
        (81234567890.0, "081234567890"), ("HP 0812.3456.7890", "081234567890"),
        ("0812 3456 7890 / 0813 1111 2222", "081234567890"),
        ("12345", None), ("0812", None), ("08123456789012345", None), ("0888888888", None),
        ("tidak tahu", None), ("-", None), ("", None), (None, None),
    ],
)
def test_phone_numbers_in_one_normal_form(typed, number):
    assert phone_number(typed) == number


def test_international_form_and_what_counts_as_invalid():
    assert international("081234567890") == "+6281234567890"
    numbers, invalid = phones(np.array(["0812-3456-7890", None, "-", "12345", "tidak tahu"],
                                       dtype=object))
    assert numbers.tolist() == ["081234567890", None, None, None, None]
    assert invalid.tolist() == [False, False, False, True, True]


def test_nik_of_a_woman_born_on_the_fifth():
    # DOMAIN §2: a woman born on the 5th has 45 in her NIK.
    parts = nik_parts(np.array(["3578014505900001"]))
    born = parts.birth_dates(np.array(["NaT"], dtype="datetime64[D]"), np.datetime64(date(2022, 3, 31)))
    assert (bool(parts.female[0]), str(born[0])) == (True, "1990-05-05")


#: ID cells of every awkward kind: spaces removed all at once, any other separator cell by cell.
ODD_ID_CELLS = [
    "19800512 200501 1 003", "19800512  200501 1 003", " 19800512 200501 1 003 ",
    "19800512.200501.1.003", "19800512 200501-1-003", "19800512\u00a0200501 1 003",
    "19800512\u2007200501\u202f1 003", "'19800512 200501 1 003", "1980 0512 2005 O1 1 003",
    "３５７８ ０１１２", "٣٥٧٨ 0112", "0 0 0", "- -", "tidak ada", "belum ada", "n/a", " ",
    "3578 0112 8000 0001", "3578-0112-8000-0001", "3578011280000001", "35780112 8000 000",
    "a b c", "12 34\t56", "12\n34", "1 2–3—4", "12`34’56", None, "", 3578011280000001,
]


def test_an_id_column_is_cleaned_as_each_cell_is_alone():
    cells = ODD_ID_CELLS * 3  # the same cells in a column of several (one pass over them all)
    ids = take_ids(np.array(cells, dtype=object))
    cleaned = [id_digits(cell) for cell in cells]
    assert [str(d) if ok else None for d, ok in zip(ids.digits, ids.is_digits, strict=True)] == (
        cleaned
    )
    assert ids.lengths[ids.is_digits].tolist() == [len(d) for d in cleaned if d is not None]
