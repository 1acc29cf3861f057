"""Validation of doses, brands, sex, birth dates, names and sheets on real workbooks."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from census.rules import default_rules
from census.validate.common import whole_years
from census.validate.doses import min_interval_days
from tests.data.validate.helpers import findings_of, flat


def test_dose_workbook_reports_exactly_the_planted_mistakes() -> None:
    assert flat(findings_of("doses.xlsx")) == [
        ("Keluarga", 6, "F", "dose-before-birth"),  # dose 1 three months before birth
        ("PTT", 6, "F", "date-invalid"),          # '31/02/2021'
        ("PTT", 7, "H", "date-in-future"),        # '2022-04-05' after 31-03-2022
        ("PTT", 8, "F", "dose-before-program"),   # 20-12-2020
        ("PTT", 9, "H", "dose-order"),            # dose 2 a month before dose 1
        ("PTT", 10, "H", "dose-missing-earlier"),  # dose 2 without dose 1
        ("PTT", 11, "N", "dose-missing-earlier"),  # booster 2 without booster 1
        ("PTT", 12, "H", "dose-interval-short"),  # Sinovac after 10 days
        ("PTT", 15, "G", "brand-unknown"),        # 'Vaksin Nusantara'
        ("PTT", 16, "G", "brand-missing"),
        ("PTT", 17, "I", "brand-mixed"),          # Sinovac then Astra Zeneca
        ("PTT", 21, "J", "dose-missing-earlier"),  # dose 3 without dose 2
    ]


def test_clean_dose_rows_stay_clean() -> None:
    flagged = {f.row for f in findings_of("doses.xlsx")}
    # 5: Sinovac/CoronaVac + text-dated Pfizer-BioNTech booster; 13: 14 days in Feb 2021 at 35;
    # 14: J&J then Pfizer 5 days later (a booster); 18: AstraZeneca 86 days, serial date;
    # 19: three Zifivax doses 30 days apart; 20: Sinopharm x2 then Moderna as dose 3 (booster)
    assert flagged.isdisjoint({5, 13, 14, 18, 19, 20})


def test_dose_messages_carry_dates_brand_and_minimum() -> None:
    by_code: dict = {}
    for finding in findings_of("doses.xlsx"):
        by_code.setdefault(finding.code, finding)
    future = by_code["date-in-future"]
    assert dict(future.context) == {"date": "05-04-2022", "as_of": "31-03-2022"}
    assert future.value == "2022-04-05"
    assert dict(by_code["dose-order"].context)["previous"] == "01-08-2021"
    assert dict(by_code["dose-missing-earlier"].context)["previous"] == "Tgl Vaksin 1"
    short = dict(by_code["dose-interval-short"].context)
    assert (short["days"], short["brand"], short["minimum"]) == ("10", "Sinovac", "28")
    assert dict(by_code["brand-mixed"].context)["brands"] == "Sinovac, AstraZeneca"
    assert by_code["brand-unknown"].value == "Vaksin Nusantara"
    assert "Vaksin Nusantara" in by_code["brand-unknown"].to_dict("en")["message"]
    assert by_code["date-invalid"].to_dict("id")["message"].startswith("Tanggal '31/02/2021'")


def test_dose_before_birth_fails_and_passes() -> None:
    found = [f for f in findings_of("doses.xlsx") if f.sheet == "Keluarga"]
    assert flat(found) == [("Keluarga", 6, "F", "dose-before-birth")]
    assert dict(found[0].context) == {"date": "01-07-2021", "birth_date": "01-10-2021"}
    # people.xlsx row 11 is born in 2023: an impossible birth date is reported once, as
    # birthdate-invalid, and not compared with anything else.
    assert [f.code for f in findings_of("people.xlsx") if f.row == 11] == ["birthdate-invalid"]


def test_people_workbook_reports_exactly_the_planted_mistakes() -> None:
    assert flat(findings_of("people.xlsx")) == [
        ("ASN", 8, "E", "sex-invalid"),
        ("ASN", 9, "D", "birthdate-invalid"),   # empty
        ("ASN", 10, "D", "birthdate-invalid"),  # 'tgl lahir?'
        ("ASN", 11, "D", "birthdate-invalid"),  # after the census date
        ("ASN", 12, "D", "birthdate-invalid"),  # 1890: older than 120
        ("ASN", 13, "B", "name-missing"),
        ("Honorer", 4, None, "missing-column"),
        ("Tagana", None, None, "header-not-found"),
    ]


def test_accepted_sex_spellings_and_readable_birth_dates_pass() -> None:
    flagged = {f.row for f in findings_of("people.xlsx") if f.sheet == "ASN"}
    # Perempuan, Laki-laki, pr, and 'lk' with a text birth date '1-1-1990'
    assert flagged.isdisjoint({5, 6, 7, 14})


def test_missing_nik_column_only_matters_for_staff() -> None:
    missing = [f for f in findings_of("people.xlsx") if f.code == "missing-column"]
    assert [(f.sheet, dict(f.context)["field"]) for f in missing] == [("Honorer", "NIK")]


def test_birthdate_messages_say_what_is_wrong() -> None:
    messages = [f.to_dict("en")["message"] for f in findings_of("people.xlsx")
                if f.code == "birthdate-invalid"]
    assert messages[0].startswith("The birth date is empty.")
    assert messages[1].startswith("The birth date 'tgl lahir?' cannot be read.")
    assert messages[2].startswith("The birth date 01-01-2023 is after the census date.")
    assert messages[3].startswith("The birth date 01-01-1890 means an age over 120.")


@pytest.mark.parametrize(("name", "expected"), [("clean.xlsx", []), ("warnings.xlsx", [
    ("Penerima Manfaat", 5, "C", "nik-missing"), ("Penerima Manfaat", 6, "I", "brand-mixed")])])
def test_clean_and_warning_only_workbooks(name: str, expected: list) -> None:
    found = findings_of(name)
    assert flat(found) == expected
    assert all(f.severity == "warning" for f in found)


def test_vectorised_interval_agrees_with_the_rule_table() -> None:
    rules = default_rules()
    brands = [b.code for b in rules.brands]
    days = [date(2021, 1, 20), date(2021, 2, 20), date(2021, 3, 1), date(2021, 9, 1)]
    ages = [None, 17, 18, 40, 59, 60, 75]
    cases = [(b, d, a) for b in brands for d in days for a in ages]
    got = min_interval_days(
        rules,
        np.array([c[0] for c in cases], dtype=object),
        np.array([c[1] for c in cases], dtype="datetime64[D]"),
        np.array([np.nan if c[2] is None else c[2] for c in cases], dtype=float),
    )
    for (brand, day, age), minimum in zip(cases, got, strict=True):
        rule = rules.interval(brand, day, age)
        assert (np.nan if rule is None else rule.min_days) == pytest.approx(minimum, nan_ok=True)


def test_whole_years_counts_birthdays() -> None:
    born = np.array(["1980-05-12", "2000-02-29", "NaT"], dtype="datetime64[D]")
    on = np.array(["2021-05-11", "2021-02-28", "2021-01-01"], dtype="datetime64[D]")
    assert whole_years(born, on)[:2].tolist() == [40.0, 20.0]
    assert np.isnan(whole_years(born, on)[2])


def test_every_code_validation_emits_is_planted_in_a_fixture() -> None:
    package = Path(__file__).resolve().parent.parent / "census" / "validate"
    source = "".join(p.read_text() for p in sorted(package.glob("*.py")))
    emitted = set(re.findall(r'emit(?:_sheet)?\(\s*"([a-z-]+)"', source)) | {"header-not-found"}
    planted = {f.code for name in ("nik.xlsx", "nip.xlsx", "doses.xlsx", "people.xlsx",
                                   "warnings.xlsx", "remarks.xlsx") for f in findings_of(name)}
    assert len(emitted) >= 32
    assert emitted == planted
