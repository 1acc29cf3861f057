"""Vaccination status follows cases: a recorded positive test defers under the dated rule, with
the case as the reason; a case record wins over a remark (DOMAIN §3, §9)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from census.compute import compute_census
from census.config import load_config
from census.model import CASE_COLUMNS
from tests.registerkit import census_of, iso, nik, registry, roster, roster_row

INPUTS = Path(__file__).resolve().parent / "data" / "cases" / "inputs"
BORN = date(1988, 3, 12)


@pytest.fixture(scope="module")
def tuban() -> Any:
    return compute_census(INPUTS, load_config(INPUTS))


def _person(result: Any, name: str) -> dict[str, Any]:
    persons = result.persons
    return persons[persons["name"] == name].iloc[0].to_dict()


def test_a_mild_october_case_defers_a_person_without_doses_until_a_month_after_recovery(
    tuban: Any,
) -> None:
    # Kasus!7: PCR positive 8 Oct 2021, mild, isoman until 17 Oct, recovered 18 Oct 2021; no
    # dose. On the census date (15 Nov 2021) the rule from 29 Sep 2021 defers her one month.
    sri = _person(tuban, "Sri Wahyuni")
    assert (sri["status"], iso(sri["eligible_from"]), sri["next_dose"], iso(sri["next_due"])) == (
        "deferred", "2021-11-18", "dose1", "2021-11-18")
    assert "upt_pstw_tuban.xlsx Kasus!7" in sri["reason"]
    assert "2021-10-08" in sri["reason"] and "2021-10-18" in sri["reason"]


def test_a_repeat_positive_within_the_isolation_is_the_same_case(tuban: Any) -> None:
    # Kasus!8 isolates until 20 Nov; Kasus!9 (a second positive on 13 Nov) does not extend it.
    kasiman = _person(tuban, "Kasiman")
    assert (kasiman["status"], iso(kasiman["eligible_from"])) == ("deferred", "2021-12-20")
    assert "Kasus!8" in kasiman["reason"]


def test_a_remark_without_a_case_still_defers_and_a_death_defers_no_one(tuban: Any) -> None:
    agus = _person(tuban, "Agus Salim")  # 'penyintas, positif 20/10/2021': no case record
    assert (agus["status"], iso(agus["eligible_from"]), agus["reason"]) == (
        "deferred", "2021-11-20", "penyintas, positif 20/10/2021")
    tukiman = _person(tuban, "Tukiman")  # died in July 2021 (still on the roster: a finding)
    assert tukiman["status"] == "complete"
    died = [(f.sheet, f.row, f.code) for f in tuban.findings if f.code == "case-person-died"]
    assert died == [("Kasus", 13, "case-person-died")]


def _cases(*rows: dict[str, Any]) -> pd.DataFrame:
    """A linked cases table (CASE_COLUMNS + person_id) from a few fields per case."""
    records = []
    for i, values in enumerate(rows):
        record: dict[str, Any] = {column: None for column in CASE_COLUMNS}
        record.update(file="kasus.xlsx", sheet="Kasus", row=5 + i, unit="unit_a",
                      result="positive", person_id="P000001", nik_from_number=False)
        record.update(values)
        records.append(record)
    frame = pd.DataFrame(records, columns=[*CASE_COLUMNS, "person_id"])
    for column in ("test_date", "isolation_start_date", "isolation_end_date", "outcome_date"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    return frame


def _decide(remark: str | None, cases: pd.DataFrame, as_of: date, doses: int = 0) -> dict:
    from census.register import build_register
    from census.rules import default_rules
    from census.status.decide import decide_status

    row = roster_row(name="Sri Wahyuni", nik=nik(BORN, "P"), birth_date=BORN, remark=remark,
                     category="ptt", sheet="PTT")
    if doses:
        row.update(dose1_date=pd.Timestamp(2021, 6, 1), dose1_brand="Sinovac")
    rules = default_rules()
    register = build_register(roster(row), registry(), rules)
    # The cases are this person's: their id comes from the NIK (census.register.ids).
    cases = cases.assign(person_id=register.persons["person_id"].iloc[0]) if len(cases) else cases
    persons, _ = decide_status(register, rules, as_of, cases)
    return persons.iloc[0].to_dict()


@pytest.mark.parametrize(("case", "as_of", "expected"), [
    # From 29 Sep 2021: mild one month after recovery, severe three months.
    ({"test_date": "2021-10-10", "severity": "mild", "outcome": "recovered",
      "outcome_date": "2021-10-20"}, date(2021, 11, 15), ("deferred", "2021-11-20")),
    ({"test_date": "2021-10-10", "severity": "severe", "outcome": "recovered",
      "outcome_date": "2021-10-30"}, date(2021, 11, 15), ("deferred", "2022-01-30")),
    ({"test_date": "2021-10-10", "severity": "critical", "isolation_end_date": "2021-10-24"},
     date(2021, 11, 15), ("deferred", "2022-01-24")),
    # No end recorded: the test date + 10 days of isolation.
    ({"test_date": "2021-10-10", "severity": "moderate"}, date(2021, 11, 15),
     ("deferred", "2021-11-20")),
    # Before 29 Sep 2021: three months whatever the illness.
    ({"test_date": "2021-07-05", "severity": "mild", "isolation_end_date": "2021-07-15"},
     date(2021, 9, 1), ("deferred", "2021-10-15")),
    # Over: vaccinate now.
    ({"test_date": "2021-08-01", "severity": "mild"}, date(2021, 11, 15), ("unvaccinated", None)),
    # A death, a negative test and a test after the census date defer no one.
    ({"test_date": "2021-11-01", "outcome": "died", "outcome_date": "2021-11-05"},
     date(2021, 11, 15), ("unvaccinated", None)),
    ({"test_date": "2021-11-01", "result": "negative"}, date(2021, 11, 15), ("unvaccinated", None)),
    ({"test_date": "2021-11-20"}, date(2021, 11, 15), ("unvaccinated", None)),
])
def test_the_dated_deferral_rule_after_a_case(case: dict, as_of: date, expected: tuple) -> None:
    person = _decide(None, _cases(case), as_of)
    assert (person["status"], iso(person["eligible_from"])) == expected


def test_a_case_record_wins_over_a_remark() -> None:
    # The remark says positive on 1 Nov (deferred to 1 Dec); the case record says 1 Oct,
    # recovered 11 Oct: the record is the truth, and by 15 Nov the deferral is over.
    remark = "positif covid 01/11/2021"
    case = _cases({"test_date": "2021-10-01", "severity": "mild", "isolation_end_date": "2021-10-11"})
    assert _decide(remark, _cases(), date(2021, 11, 15))["status"] == "deferred"
    person = _decide(remark, case, date(2021, 11, 15))
    assert (person["status"], iso(person["eligible_from"])) == ("unvaccinated", None)


def test_a_partial_person_with_a_case_waits_for_the_later_of_deferral_and_interval() -> None:
    case = _cases({"test_date": "2021-10-10", "severity": "mild", "outcome": "recovered",
                   "outcome_date": "2021-10-20"})
    person = _decide(None, case, date(2021, 11, 15), doses=1)
    assert (person["status"], person["next_dose"], iso(person["next_due"]),
            iso(person["eligible_from"])) == ("deferred", "dose2", "2021-11-20", "2021-11-20")
    assert "kasus.xlsx Kasus!5" in person["reason"]


def test_no_case_table_changes_nothing() -> None:
    rows = roster(roster_row(name="Budi", nik=nik(BORN), birth_date=BORN, remark="isoman 2021-11-01"))
    _, persons, _ = census_of(rows, as_of=date(2021, 11, 15))
    assert (persons.iloc[0]["status"], iso(persons.iloc[0]["eligible_from"])) == (
        "deferred", "2021-12-01")
