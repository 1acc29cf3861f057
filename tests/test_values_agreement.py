"""Property tests: every stage reads a value the same way (census.values).

Validation and the register must agree on each NIK, sex, phone and brand: a value validation
accepts is never lost by the register, and a value the register keeps is never an error in
validation. The same date text is the same date in a roster cell, a remark and an allocation plan.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from census.allocate.plan import parse_day
from census.model import Severity
from census.read.book import RosterBook, SheetInfo
from census.register import build_register
from census.rules import default_rules
from census.rules.remarks import read_remark
from census.validate import validate_books
from census.values import dates_in_text, id_digits, parse_dates, parse_one, phone_number
from census.values.phone import read_phone
from tests.registerkit import registry, roster, roster_row

RULES = default_rules()
AS_OF = date(2022, 3, 31)
BORN = date(1980, 5, 12)
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
COLUMNS = {"name": "B", "nik": "C", "birth_date": "D", "sex": "E", "phone": "F",
           "dose1_date": "G", "dose1_brand": "H", "remark": "I"}


def _stages(rows: list[dict]) -> tuple[list, pd.DataFrame, object]:
    """(validation findings, register persons, register) of roster rows on one ASN sheet."""
    table = roster(*rows)
    info = SheetInfo("ASN", "asn", 4, dict(COLUMNS), {k: k for k in COLUMNS}, len(table), 5, ())
    book = RosterBook(Path("unit_a.xlsx"), "unit_a", [info], table)
    findings = validate_books([book], AS_OF, RULES)
    register = build_register(table, registry(), RULES)
    return findings, register.persons, register


def _kept(register: object, persons: pd.DataFrame, column: str) -> list:
    """Per roster row: the value the register keeps for its person (None when none)."""
    values = persons.set_index("person_id")[column]
    return [None if pd.isna(v) else v for v in register.row_person.map(values)]  # type: ignore[attr-defined]


def _row(i: int, **values: object) -> dict:
    return roster_row(row=5 + i, name=f"Pegawai Nomor {i}", birth_date=BORN, **values)


# ---------------------------------------------------------------- NIK
SEPARATORS = st.sampled_from([" ", ".", "-", "\u00a0", "  ", " - "])


@st.composite
def typed_niks(draw: st.DrawFn) -> tuple[object, bool]:
    """A NIK as someone might have typed it, and whether the cell was a number."""
    region = draw(st.sampled_from(["357801", "350501", "351701", "999999", "910101"]))
    female = draw(st.booleans())
    day = draw(st.integers(1, 31)) + (40 if female else 0)
    month = draw(st.integers(0, 13))
    yy = draw(st.integers(0, 99))
    serial = draw(st.integers(0, 9999))
    digits = f"{region}{day:02d}{month:02d}{yy:02d}{serial:04d}"
    kind = draw(st.sampled_from(["plain", "spaced", "placeholder", "short", "long", "letter",
                                 "number", "absent", "zeros"]))
    if kind == "placeholder":
        digits = digits[:6] + "000000" + digits[12:]
    elif kind == "short":
        digits = digits[:-1]
    elif kind == "long":
        digits += "7"
    elif kind == "letter":
        at = draw(st.integers(0, 15))
        digits = digits[:at] + draw(st.sampled_from("OIlx")) + digits[at + 1:]
    elif kind == "absent":
        return draw(st.sampled_from([None, "-", "tidak ada", "  ", "belum ada"])), False
    elif kind == "zeros":
        return "0" * draw(st.integers(1, 16)), False
    elif kind == "number":
        return str(int(digits[:15] + "0")), True
    if kind == "spaced" or draw(st.booleans()):
        cuts = sorted(draw(st.lists(st.integers(1, len(digits) - 1), max_size=4, unique=True)))
        parts = [digits[a:b] for a, b in zip([0, *cuts], [*cuts, len(digits)], strict=True)]
        digits = draw(SEPARATORS).join(parts)
    return digits, False


NIK_ERRORS = {"nik-not-digits", "nik-length", "nik-stored-as-number", "nik-birthdate-invalid"}


@SETTINGS
@given(st.lists(typed_niks(), min_size=1, max_size=6))
def test_a_nik_validation_accepts_is_the_registers_key_and_no_other(niks):
    rows = [_row(i, nik=value, nik_from_number=numeric) for i, (value, numeric) in enumerate(niks)]
    findings, persons, register = _stages(rows)
    flagged = {f.row for f in findings if f.code in NIK_ERRORS or f.code == "nik-placeholder"
               or f.code == "nik-missing"}
    keys = _kept(register, persons, "nik")
    for i, (value, _) in enumerate(niks):
        key = keys[i]
        if 5 + i in flagged:
            # An error (or no usable NIK at all): the register does not key on it.
            assert key is None or any(
                key == id_digits(other) for j, (other, _) in enumerate(niks)
                if j != i and 5 + j not in flagged
            ), (value, key)
        else:
            # Accepted by validation: the person carries exactly these digits.
            assert key == id_digits(value), (value, key)


# ---------------------------------------------------------------- sex
SEX_TEXTS = st.one_of(
    st.sampled_from(["L", "P", "l", "p", "L.", "P.", "Lk", "Pr", "Laki-laki", "Laki - laki",
                     "LAKI LAKI", "Laki2", "Perempuan", "PEREMPUAN", "Wanita", "W", "Pria",
                     "X", "-", "?", "Laki/Perempuan", "M", "F", " l ", "Perempuan.", ""]),
    st.text(alphabet="LPWlpw .-/2", max_size=6),
)


@SETTINGS
@given(st.lists(SEX_TEXTS, min_size=1, max_size=6))
def test_a_sex_validation_accepts_is_kept_by_the_register_and_no_other(texts):
    rows = [_row(i, nik=f"35780112058{i:05d}", sex=text or None) for i, text in enumerate(texts)]
    findings, persons, register = _stages(rows)
    invalid = {f.row for f in findings if f.code == "sex-invalid"}
    kept = _kept(register, persons, "sex")
    for i, text in enumerate(texts):
        said = bool(text and text.strip())
        assert (5 + i in invalid) == (said and kept[i] is None), (text, kept[i])


# ---------------------------------------------------------------- phone
PHONE_TEXTS = st.one_of(
    st.builds(lambda p, n, sep: p + sep.join([n[:4], n[4:]]),
              st.sampled_from(["0812", "+62812", "62812", "(031) ", "812", "0"]),
              st.text(alphabet="0123456789", min_size=0, max_size=10),
              st.sampled_from(["", " ", "-", "."])),
    st.sampled_from(["-", "tidak ada", "tidak tahu", "12345", "0888888888", "WA 0812-3456-7890"]),
)


@SETTINGS
@given(st.lists(PHONE_TEXTS, min_size=1, max_size=6))
def test_a_phone_validation_accepts_is_kept_by_the_register_and_no_other(texts):
    rows = [_row(i, nik=f"35780112058{i:05d}", phone=text) for i, text in enumerate(texts)]
    findings, persons, register = _stages(rows)
    invalid = {f.row for f in findings if f.code == "phone-invalid"}
    kept = _kept(register, persons, "phone")
    for i, text in enumerate(texts):
        number = kept[i]
        says_something = bool(text) and read_phone(text)[1]
        # Flagged exactly when the cell says something and the register keeps no number.
        assert (5 + i in invalid) == (says_something and number is None), (text, number)
        assert number == phone_number(text)


# ---------------------------------------------------------------- brands
BRAND_TEXTS = st.one_of(
    st.sampled_from(["Sinovac", "CoronaVac", "Bio Farma", "AZ", "Astra Zeneca", "Pfizer-BioNTech",
                     "Vaksin Sinovac dosis 2", "J&J", "Vaksin Nusantara", "-", "?", "Sinovac/AZ",
                     "sputnik v", "Moderna (booster)", "vaksin", "Zifivax", "IndoVac", "XYZ"]),
    st.text(alphabet="abcdefinorstvz -/&", max_size=12),
)


@SETTINGS
@given(st.lists(BRAND_TEXTS, min_size=1, max_size=5))
def test_a_dose_validation_accepts_is_counted_by_the_register(brands):
    rows = [_row(i, nik=f"35780112058{i:05d}", dose1_date="2021-08-02", dose1_brand=b)
            for i, b in enumerate(brands)]
    findings, _, register = _stages(rows)
    unknown = {f.row for f in findings if f.code == "brand-unknown"}
    counted = set(register.doses["person_id"])
    for i, brand in enumerate(brands):
        person = register.row_person.iloc[i]
        assert (5 + i in unknown) == (person not in counted), brand
    errors = [f for f in findings if f.severity == Severity.ERROR and f.code != "brand-unknown"]
    assert errors == []


# ---------------------------------------------------------------- dates
MONTH_WORDS = {
    1: ["Januari", "Jan", "January"], 2: ["Februari", "Feb", "Pebruari"], 3: ["Maret", "Mar", "Mrt"],
    4: ["April", "Apr"], 5: ["Mei", "May"], 6: ["Juni", "Jun"], 7: ["Juli", "Jul"],
    8: ["Agustus", "Agu", "Ags", "Agt", "Aug"], 9: ["September", "Sep", "Sept"],
    10: ["Oktober", "Okt", "Oct"], 11: ["November", "Nov", "Nop", "Nopember"],
    12: ["Desember", "Des", "Dec"],
}


@st.composite
def date_texts(draw: st.DrawFn) -> str:
    """A date as offices write it (DOMAIN §5), sometimes impossible (31 February)."""
    day = draw(st.integers(1, 31))
    month = draw(st.integers(1, 12))
    year = draw(st.integers(2019, 2023))
    form = draw(st.sampled_from(["dmy", "dmy2", "iso", "word"]))
    sep = draw(st.sampled_from(["/", "-", "."]))
    pad = draw(st.booleans())
    d, m = (f"{day:02d}", f"{month:02d}") if pad else (str(day), str(month))
    if form == "dmy":
        return f"{d}{sep}{m}{sep}{year}"
    if form == "dmy2":
        return f"{d}{sep}{m}{sep}{year % 100:02d}"
    if form == "iso":
        return f"{year}-{month:02d}-{day:02d}"
    word = draw(st.sampled_from(MONTH_WORDS[month]))
    word = draw(st.sampled_from([word, word.upper(), word.lower()]))
    return f"{d}{draw(st.sampled_from([' ', '-']))}{word}{draw(st.sampled_from([' ', '-']))}{year}"


@settings(max_examples=300, deadline=None)
@given(date_texts())
def test_the_same_date_text_is_the_same_date_in_a_cell_a_remark_and_a_plan(text):
    cell = parse_dates(pd.Series([text], dtype=object))[0].iloc[0]
    cell_date = None if pd.isna(cell) else cell.date()
    assert parse_one(text)[0] == cell_date
    assert parse_day(text) == cell_date
    assert dates_in_text(f"positif covid {text}, isoman") == ([cell_date] if cell_date else [])
    assert read_remark(f"penyintas, positif {text}", RULES)["event_date"] == cell_date


@settings(max_examples=100, deadline=None)
@given(st.dates(date(1900, 1, 1), date(2100, 12, 31)))
def test_every_real_date_survives_every_form(day):
    for text in (f"{day:%d/%m/%Y}", day.isoformat(), f"{day.day} {MONTH_WORDS[day.month][1]} {day.year}",
                 f"{day.day}-{day.month}-{day.year}"):
        assert parse_one(text)[0] == day
        assert dates_in_text(f"isoman {text}") == [day]
    serial = (day - date(1899, 12, 30)).days
    assert parse_one(serial)[0] == day
    assert parse_one(serial - 1462, date1904=True)[0] == (day if serial > 1462 else None)


def test_a_remark_date_defers_as_a_dose_date_would_read_it():
    # 5 Mrt 2022 in a remark: read, and the deferral runs a month from it.
    read = read_remark("positif covid 5 Mrt 2022", RULES)
    assert read["event_date"] == date(2022, 3, 5) == parse_day("5 Mrt 2022")
    assert read["event_date"] + timedelta(days=31) == date(2022, 4, 5)
