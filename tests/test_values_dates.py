"""census.values.dates: every date form of DOMAIN §5, day first, raw text kept; one value; dates in
free text; Excel serials in the 1900 and 1904 date systems, also in a real workbook."""

from __future__ import annotations

from datetime import date, datetime, time

import numpy as np
import pandas as pd
import pytest

from census.read import read_workbook
from census.values import dates_in_text, parse_date, parse_dates, parse_one
from census.values.dates import integer_texts, number_text

FORMS = [
    # (cell value, parsed date or None, raw text)
    (datetime(2021, 7, 5), "2021-07-05", "2021-07-05"),  # a real Excel date
    (datetime(2021, 7, 5, 10, 30), "2021-07-05", "2021-07-05"),
    (date(2021, 7, 5), "2021-07-05", "2021-07-05"),
    (44382.0, "2021-07-05", "44382"),  # serial number in a number cell
    (44382, "2021-07-05", "44382"),
    ("44382", "2021-07-05", "44382"),  # the same serial typed as text
    ("05/07/2021", "2021-07-05", "05/07/2021"),
    ("5/7/2021", "2021-07-05", "5/7/2021"),
    ("05-07-2021", "2021-07-05", "05-07-2021"),
    ("5-7-2021", "2021-07-05", "5-7-2021"),
    ("5.7.2021", "2021-07-05", "5.7.2021"),
    ("05/07/21", "2021-07-05", "05/07/21"),  # two-digit year
    ("12-05-80", "1980-05-12", "12-05-80"),
    ("2021-07-05", "2021-07-05", "2021-07-05"),  # ISO
    ("2021-07-05 00:00:00", "2021-07-05", "2021-07-05 00:00:00"),
    ("05 Juli 2021", "2021-07-05", "05 Juli 2021"),
    ("5 Juli 2021", "2021-07-05", "5 Juli 2021"),
    ("5 Jul 2021", "2021-07-05", "5 Jul 2021"),
    ("5-Jul-21", "2021-07-05", "5-Jul-21"),
    ("5 JULI 2021", "2021-07-05", "5 JULI 2021"),
    ("17 Agustus 1945", "1945-08-17", "17 Agustus 1945"),
    ("3 Agu 2021", "2021-08-03", "3 Agu 2021"),
    ("3 Ags 2021", "2021-08-03", "3 Ags 2021"),
    ("5 Nopember 2021", "2021-11-05", "5 Nopember 2021"),
    ("5 November 2021", "2021-11-05", "5 November 2021"),
    ("12 Okt 2021", "2021-10-12", "12 Okt 2021"),
    ("1 Des 2021", "2021-12-01", "1 Des 2021"),
    ("1 Pebruari 2022", "2022-02-01", "1 Pebruari 2022"),
    ("2 Mei 2021", "2021-05-02", "2 Mei 2021"),
    ("5 Mrt 2022", "2022-03-05", "5 Mrt 2022"),  # Indonesian abbreviations offices use
    ("17 Agt 2021", "2021-08-17", "17 Agt 2021"),
    ("5 Nop 2021", "2021-11-05", "5 Nop 2021"),
    ("5 Sept 2021", "2021-09-05", "5 Sept 2021"),
    ("5 March 2022", "2022-03-05", "5 March 2022"),  # English
    ("5 Oct 2021", "2021-10-05", "5 Oct 2021"),
    ("5 Dec 2021", "2021-12-05", "5 Dec 2021"),
    ("Senin, 5 Juli 2021", "2021-07-05", "Senin, 5 Juli 2021"),
    (" 05/07/2021 ", "2021-07-05", " 05/07/2021 "),
    ("29/02/2020", "2020-02-29", "29/02/2020"),
    # unreadable: NaT, the text kept for validation
    ("31/02/2021", None, "31/02/2021"),
    ("29/02/2021", None, "29/02/2021"),
    ("05/13/2021", None, "05/13/2021"),  # month first is not how Indonesia writes
    ("kemarin", None, "kemarin"),
    ("5 Foo 2021", None, "5 Foo 2021"),
    ("05/07/0221", None, "05/07/0221"),  # a typo in the year
    ("sudah", None, "sudah"),
    (1.5, None, "1.5"),
    (True, None, "TRUE"),
    (time(10, 0), None, "10:00:00"),
    # empty
    ("", None, None),
    ("   ", None, None),
    (None, None, None),
]


@pytest.mark.parametrize(("value", "expected", "raw"), FORMS, ids=[repr(f[0]) for f in FORMS])
def test_each_form(value, expected, raw):
    parsed, raws = parse_dates(pd.Series([value], dtype=object))
    got = parsed.iloc[0]
    assert (None if pd.isna(got) else got.date().isoformat()) == expected
    assert raws.iloc[0] == raw


def test_all_forms_together_keep_order_index_and_types():
    values = pd.Series([f[0] for f in FORMS], dtype=object, index=range(100, 100 + len(FORMS)))
    parsed, raws = parse_dates(values)
    assert str(parsed.dtype) == "datetime64[ns]"
    assert raws.dtype == object
    assert list(parsed.index) == list(values.index) == list(raws.index)
    got = [None if pd.isna(v) else v.date().isoformat() for v in parsed]
    assert got == [f[1] for f in FORMS]
    assert raws.tolist() == [f[2] for f in FORMS]


def test_repeated_values_are_parsed_alike():
    values = pd.Series(["05/07/2021", 44382.0, "05/07/2021", None, 44382.0] * 1000, dtype=object)
    parsed, raws = parse_dates(values)
    assert parsed.nunique() == 1
    assert parsed.isna().sum() == 1000
    assert raws.value_counts().to_dict() == {"05/07/2021": 2000, "44382": 2000}


def test_empty_series():
    parsed, raws = parse_dates(pd.Series([], dtype=object))
    assert len(parsed) == len(raws) == 0
    assert str(parsed.dtype) == "datetime64[ns]"


@pytest.mark.parametrize(("value", "expected", "raw"), FORMS, ids=[repr(f[0]) for f in FORMS])
def test_one_value_reads_as_the_column_does(value, expected, raw):
    found = parse_date(value)
    assert (found.isoformat() if found else None) == expected
    assert parse_one(value) == (found, raw)


@pytest.mark.parametrize(
    ("value", "in_1900", "in_1904"),
    [(44382, "2021-07-05", "2025-07-06"), ("44382", "2021-07-05", "2025-07-06"),
     (datetime(2021, 7, 5), "2021-07-05", "2021-07-05"), ("05/07/2021", "2021-07-05", "2021-07-05")],
)
def test_serials_count_from_the_workbooks_day_zero(value, in_1900, in_1904):
    # A 1904 workbook (old Mac Excel) counts serials from 1 Jan 1904: 1462 days later.
    got = [parse_dates(pd.Series([value], dtype=object), system)[0].iloc[0].date().isoformat()
           for system in (False, True)]
    assert got == [in_1900, in_1904]
    assert parse_date(value, date1904=True).isoformat() == in_1904


def test_a_1904_workbook_reads_date_cells_and_typed_serials_alike(tmp_path):
    import openpyxl
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    book = openpyxl.Workbook()
    book.epoch = CALENDAR_MAC_1904
    sheet = book.active
    sheet.title = "ASN"
    sheet.append(["DATA VAKSINASI ASN"])
    sheet.append([])
    sheet.append(["No", "Nama", "NIK", "Tgl Vaksin 1", "Jenis Vaksin 1"])
    sheet.append([1, "Budi", "3578011205800001", datetime(2021, 7, 5), "Sinovac"])
    sheet.append([2, "Ani", "3578015205800002", 42920, "Sinovac"])  # serial typed in 1904
    sheet["D4"].number_format = "dd/mm/yyyy"
    book.save(tmp_path / "mac.xlsx")
    rows = read_workbook(tmp_path / "mac.xlsx").rows
    assert [d.date().isoformat() for d in rows["dose1_date"]] == ["2021-07-05", "2021-07-05"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("positif covid 5 Mrt 2022", ["2022-03-05"]),
        ("isoman 2022-03-20", ["2022-03-20"]),
        ("positif 1/9/2021, sembuh 14/9/2021", ["2021-09-01", "2021-09-14"]),
        ("tgl.05/03/2022", ["2022-03-05"]),
        ("sembuh 5-3-22.", ["2022-03-05"]),
        ("positif covid19 pada 12 Agt 2021 (isoman)", ["2021-08-12"]),
        ("5Mrt2022", ["2022-03-05"]),
        ("31/02/2021 salah tulis", []),  # no such day
        ("NIK 3578011205800001", []),  # digits glued to digits are no date
        ("dosis 2", []),
        ("12/05/2021/3", []),
    ],
)
def test_dates_in_text(text, found):
    assert [d.isoformat() for d in dates_in_text(text)] == found


@pytest.mark.parametrize("text", ["5 Mrt 2022", "05/03/2022", "2022-03-05", "5-3-22", "5 Maret 2022",
                                  "05 MAR 2022", "5 March 2022"])
def test_the_same_text_is_the_same_date_in_a_cell_a_remark_and_a_plan(text):
    from census.allocate.plan import parse_day

    cell = parse_dates(pd.Series([text], dtype=object))[0].iloc[0].date()
    assert cell == date(2022, 3, 5)
    assert dates_in_text(f"positif covid {text}, isoman") == [cell]
    assert parse_day(text) == cell


_BULK = [date(1, 1, 1), date(1849, 12, 31), date(1850, 1, 1), date(2021, 5, 12), date(2200, 12, 31),
         date(2201, 1, 1), date(9999, 12, 31), datetime(2021, 5, 12, 13, 5), "", " ", "\xa0",
         "\t\n", "12/05/2021", " 12/05/2021 ", "x", 1.0, 0.0, 44000.0, 44000.5, -3.0, 1e20,
         12052021.0, float("inf"), 3, 44382, time(8, 30)]


def test_a_column_of_awkward_cells_reads_as_each_cell_does():
    # Excel dates, serial numbers and texts are converted in bulk; each must say what the cell
    # says on its own (a day out of 1850-2200 is no date, but its text is still shown).
    days, raws = parse_dates(pd.Series(_BULK, dtype=object))
    expected = []
    for cell in _BULK:
        day, raw = parse_one(cell)
        inside = day is not None and 1850 <= day.year <= 2200
        expected.append((day.isoformat() if inside else None, raw))
    got = [(None if pd.isna(day) else day.date().isoformat(), raw)
           for day, raw in zip(days, raws, strict=True)]
    assert got == expected
    assert [type(raw) for raw in raws] == [type(raw) for _, raw in expected]


def test_date_cells_show_the_iso_text_of_every_day_of_the_range():
    # A date cell's text is written in bulk (iso_texts): every day from 1850 to 2200, leap days
    # and century years included, must read as date.isoformat says, in any order.
    first, last = date(1850, 1, 1).toordinal(), date(2200, 12, 31).toordinal()
    cells = [date.fromordinal(n) for n in range(last, first - 1, -1)]
    days, raws = parse_dates(pd.Series(cells, dtype=object))
    assert raws.tolist() == [cell.isoformat() for cell in cells]
    assert [day.date() for day in days] == cells


@pytest.mark.parametrize("text", ["12/05/20２1", "12/05/2021", "\ud80012/05/202", "1２/05/2021",
                                  "😀2/05/2021", "2021-05-12"])
def test_ten_character_texts_read_as_one_text_does(text):
    # Texts of ten characters are decoded in bulk as code points: digits of other scripts,
    # a lone surrogate or a character beyond the basic plane must not shift what is read.
    days, raws = parse_dates(pd.Series([text, "01/01/2000", text], dtype=object))
    one, raw = parse_one(text)
    assert [raws[0], raws[2]] == [raw, raw]
    assert [None if pd.isna(day) else day.date() for day in (days[0], days[2])] == [one, one]
    assert days[1].date() == date(2000, 1, 1)


def test_whole_numbers_read_as_their_digits_in_bulk():
    # Serial numbers and numeric IDs are written as text in bulk: as numpy wrote them before,
    # and as number_text writes one.
    values = np.array([0.0, -0.0, 1.0, -7.0, 44562.0, 3578012345678910.0, 9.0e17, 2.0**62])
    assert integer_texts(values).tolist() == values.astype(np.int64).astype(str).tolist()
    assert integer_texts(values).tolist() == [number_text(value) for value in values]
    assert integer_texts(values[:0]).tolist() == []
