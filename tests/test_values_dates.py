"""census.values.parse_dates: every date form of DOMAIN §5, day first, raw text kept."""

from __future__ import annotations

from datetime import date, datetime, time

import pandas as pd
import pytest

from census.values import parse_dates

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
