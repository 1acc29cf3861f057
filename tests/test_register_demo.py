"""The demo province: persons and cross-roster findings match the truth the generator knows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from census.cases import link_cases, read_cases
from census.config import load_config
from census.read import find_case_inputs, find_inputs, read_registry, read_rosters
from census.register import build_register
from census.status.decide import decide_status
from tests.registerkit import iso

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
FIXTURES = ROOT / "tests" / "fixtures"
COMPARED = ["nik", "name", "units", "categories", "status", "primary_doses", "booster_doses",
            "next_dose", "next_due", "overdue", "eligible_from"]

pytestmark = pytest.mark.skipif(
    not (FIXTURES / "demo_truth.csv").exists() or not INPUTS.exists(),
    reason="the demo province has not been generated",
)


@pytest.fixture(scope="module")
def demo():
    config = load_config(INPUTS)
    roster_paths, registry_paths = find_inputs(INPUTS)
    books = read_rosters(roster_paths)
    roster = pd.concat([book.rows for book in books], ignore_index=True)
    registry = pd.concat([read_registry(path) for path in registry_paths], ignore_index=True)
    rules = config.rules()
    register = build_register(roster, registry, rules)
    # The demo's case records defer some people (a recorded positive test, DOMAIN §9).
    sheets = [(book.path, [info.sheet for info in book.sheets]) for book in books]
    case_books, _ = read_cases(find_case_inputs(INPUTS), sheets, rules)
    cases, _ = link_cases(case_books, register, config, rules)
    persons, findings = decide_status(register, rules, config.as_of, cases.rows)
    return books, register, persons, register.findings + findings


def _text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)


def test_persons_match_the_truth_person_by_person(demo):
    _, register, persons, _ = demo
    first = register.persons.set_index("person_id")
    mine = {}
    for person in persons.to_dict("records"):
        # The truth's key: the NIK, else unit of the first row | normalised name | birth date.
        origin = first.loc[person["person_id"]]
        key = person["nik"] or f"{origin['unit']}|{origin['name_key']}|{iso(person['birth_date'])}"
        mine[key] = {column: _text(person[column]) for column in COMPARED}
    truth = pd.read_csv(FIXTURES / "demo_truth.csv", dtype=str, keep_default_na=False)
    expected = {row["key"]: {c: row[c] for c in COMPARED} for row in truth.to_dict("records")}
    assert sorted(mine) == sorted(expected)
    differences = [
        (key, column, expected[key][column], mine[key][column])
        for key in expected
        for column in COMPARED
        if expected[key][column] != mine[key][column]
    ]
    assert differences == []


def test_cross_roster_findings_match_the_planted_ones(demo):
    books, _, _, findings = demo
    sheets = {(book.file, info.sheet): info for book in books for info in book.sheets}
    located = sorted(
        (f.file, f.sheet, f.row, sheets[(f.file, f.sheet)].columns.get(f.column, f.column), f.code)
        for f in findings
    )
    planted = pd.read_csv(FIXTURES / "demo_run_findings.csv", comment="#", dtype={"row": int})
    assert located == sorted(planted.itertuples(index=False, name=None))


def test_the_nik_excel_cut_to_15_digits_gets_the_health_offices_doses(demo):
    _, _, persons, _ = demo
    truth = pd.read_csv(FIXTURES / "demo_truth.csv", dtype=str, keep_default_na=False)
    planted = truth[truth["note"] == "nik-as-number-in-export"].iloc[0]
    person = persons[persons["nik"] == planted["key"]].iloc[0]
    assert (person["status"], person["primary_doses"], bool(person["verified"])) == (
        "complete", 2, True
    )
    assert person["reason"]  # says the NIK and the doses came from the health office


def test_the_heads_own_wording_defers_with_and_without_a_date(demo):
    _, register, persons, findings = demo
    people = persons.merge(register.persons[["person_id", "remark"]], on="person_id")
    said = {
        remark: {(p["status"], iso(p["eligible_from"])) for p in
                 people[people["remark"] == remark].to_dict("records")}
        for remark in ("kecuali yang belum bisa di vaksin karena covid",
                       "belum bisa divaksin karena covid, positif 5 Mrt 2022")
    }
    assert said == {
        "kecuali yang belum bisa di vaksin karena covid": {("deferred", "2022-04-30")},
        "belum bisa divaksin karena covid, positif 5 Mrt 2022": {("deferred", "2022-04-05")},
    }
    undated = people[people["remark"].isin(
        ["belum bisa di vaksin karena covid", "penyintas covid", "isoman"])]
    assert len(undated) and set(undated["status"]) == {"deferred"}
