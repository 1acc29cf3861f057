"""Remarks as secretaries write them decide deferred, refused and exempt (census.rules.remarks)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from census.config import Config
from census.rules import default_rules
from census.rules.remarks import read_remark, read_remarks
from tests.registerkit import census_of, iso, nik, roster, roster_row

AS_OF = date(2022, 3, 31)
ADULT = date(1980, 5, 12)
RULES = default_rules()


def _status(remark: str, as_of: date = AS_OF, rules=None, **values) -> tuple[str, str | None, str]:
    row = roster_row(name="Budi", nik=nik(ADULT), birth_date=ADULT, remark=remark, **values)
    _, persons, _ = census_of(roster(row), None, as_of, rules)
    person = persons.iloc[0]
    return person["status"], iso(person["eligible_from"]), person["reason"]


@pytest.mark.parametrize(
    ("remark", "eligible_from"),
    [
        # The department head's own words, with and without the date of the positive test.
        ("kecuali yang belum bisa di vaksin karena covid", "2022-04-30"),
        ("belum bisa divaksin karena covid 5 Mrt 2022", "2022-04-05"),
        ("Belum bisa di vaksin krn covid-19, positif tgl 10/03/2022", "2022-04-10"),
        ("penyintas", "2022-04-30"),
        ("Penyintas Covid (positif 2022-03-20)", "2022-04-20"),
        ("positif 17-3-22", "2022-04-17"),
        ("ISOMAN sejak 25 Maret 2022", "2022-04-25"),
        ("isolasi mandiri 20 Mar 2022", "2022-04-20"),
        ("terkonfirmasi covid-19 tgl 12 Agt 2021", None),  # over long ago
        ("Terkonfirmasi 28/03/2022", "2022-04-28"),
        ("sembuh dari covid 14/03/2022", "2022-04-14"),
        ("kena corona 20/3/2022", "2022-04-20"),  # corona is covid (spellings)
        ("pasca covid, sembuh 7 Mrt 2022", "2022-04-07"),
        ("positif 01/03/2022, sembuh 14/03/2022", "2022-04-14"),  # counted from recovery
        ("positif covid 20/03/2022, dirawat di RS", "2022-06-20"),  # severe: 3 months
    ],
)
def test_covid_wordings_defer_per_the_dated_rule(remark: str, eligible_from: str | None) -> None:
    status, since, _ = _status(remark)
    assert (status, since) == ("deferred" if eligible_from else "unvaccinated", eligible_from)


def test_a_remark_without_a_date_says_so_in_the_reason() -> None:
    status, since, reason = _status("belum bisa divaksin karena covid")
    assert (status, since) == ("deferred", "2022-04-30")
    assert reason.startswith("belum bisa divaksin karena covid (")
    assert reason != "belum bisa divaksin karena covid"


@pytest.mark.parametrize(
    ("remark", "status"),
    [
        ("menolak", "refused"), ("Tdk bersedia divaksin", "refused"), ("tidak mau", "refused"),
        ("alergi berat, surat dokter", "exempt"), ("reaksi berat (suket dokter)", "exempt"),
        ("alergi berat", "exempt"),  # still exempt; validation asks for the letter
        ("hamil", "unvaccinated"),  # pregnant women eligible since Aug 2021
        ("pindah tugas", "unvaccinated"),
        ("menunggu jadwal", "unvaccinated"),  # not understood: counts for nothing
    ],
)
def test_other_remarks(remark: str, status: str) -> None:
    assert _status(remark)[0] == status


def test_pregnancy_and_illness_are_temporary() -> None:
    assert _status("bumil 6 bln", as_of=date(2021, 7, 15))[:2] == ("deferred", "2021-08-02")
    assert _status("demam, ditunda 25/03/2022")[:2] == ("deferred", "2022-04-25")
    assert _status("hipertensi tidak terkontrol")[:2] == ("deferred", "2022-04-30")


def test_a_department_adds_its_own_wording_in_census_toml() -> None:
    assert _status("terjangkit 20/3/2022")[0] == "unvaccinated"
    rules = Config.model_validate(
        {"rules": {"remarks": {"covid": ["terjangkit"], "spellings": {"krna": "karena"}}}}
    ).rules()
    assert _status("terjangkit 20/3/2022", rules=rules)[:2] == ("deferred", "2022-04-20")
    assert "positif" in rules.remarks.covid  # the defaults stay


@pytest.mark.parametrize(
    ("remark", "understood"),
    [
        ("belum bisa di vaksin karena covid", True), ("sudah vaksin", True), ("-", True),
        ("pindah ke UPT lain", True), ("Hamil/Menyusui: Ya", True),
        ("menunggu jadwal dari puskesmas", False), ("12/05/2021", False),
        ("surat dokter", False),  # a letter of what?
        ("dirawat di RS", True),  # an illness
        ("diabetes, jantung", True),  # comorbidities ([cases]): noted, no deferral
    ],
)
def test_which_remarks_are_understood(remark: str, understood: bool) -> None:
    assert read_remark(remark, RULES)["understood"] is understood


def test_dates_are_taken_out_before_words_are_matched() -> None:
    # 'Mar' in '5 Mar 2022' is a month, and '19' of COVID-19 no day: one date, the right one.
    read = read_remark("positif COVID-19 5 Mar 2022", RULES)
    assert (read["covid"], read["event_date"]) == (True, date(2022, 3, 5))


def test_read_remarks_reads_each_distinct_text_once_and_keeps_the_index() -> None:
    texts = pd.Series(["isoman 1/3/2022", None, "isoman 1/3/2022", "menolak", "??"],
                      index=[10, 11, 12, 13, 14])
    frame = read_remarks(texts, RULES)
    assert frame.index.tolist() == [10, 11, 12, 13, 14]
    assert frame["covid"].tolist() == [True, False, True, False, False]
    assert frame["refused"].tolist() == [False, False, False, True, False]
    assert frame["understood"].tolist() == [True, True, True, True, True]
    assert [iso(d) for d in frame["event_date"]] == ["2022-03-01", None, "2022-03-01", None, None]
