"""`census explain` on the planted people of the demo province: the right rows, rules and steps."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from census.cli import main
from census.compute import CensusResult, compute_census
from census.config import load_config
from census.errors import PersonNotFound
from census.report.mask import mask_nik
from census.rounds.explain import Explanation, case_of, explain
from census.rounds.explain_text import explain_text
from census.rounds.reasoning import reason
from tests.test_demo import fixture_rows

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
CASES = {case["case"]: case for case in
         json.loads((ROOT / "tests" / "fixtures" / "demo_explain.json").read_text("utf-8"))}


@pytest.fixture(scope="module")
def census() -> CensusResult:
    return compute_census(INPUTS, load_config(INPUTS))


def ask(census: CensusResult, query: str, unit: str | None = None) -> Explanation:
    return explain(query, census.books, census.roster, census.registry, census.register,
                   census.persons, census.config.rules(), census.config.as_of, unit=unit,
                   cases=census.cases.rows if census.cases is not None else None)


def located(explanation: Explanation) -> tuple[list[list], list[list]]:
    return ([[r.file, r.sheet, r.row] for r in explanation.rows],
            [[e.file, e.row] for e in explanation.export_rows])


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_planted_case_names_its_rows_and_status(census: CensusResult, case: str) -> None:
    planted = CASES[case]
    explanation = ask(census, planted["query"])
    assert explanation.person is not None and explanation.outcome is not None
    assert located(explanation) == (planted["rows"], planted["export_rows"])
    rows = fixture_rows("demo_truth.csv")
    truth = [r for r in rows if r["key"] == planted["query"]] or [
        r for r in rows if not r["nik"] and planted["name"] in r["name"]]
    assert len(truth) == 1
    assert (explanation.outcome.status, str(explanation.outcome.primary_doses)) == (
        truth[0]["status"], truth[0]["primary_doses"])
    for language in ("id", "en"):
        text = explain_text(explanation, language)
        for file, sheet, row in planted["rows"]:
            assert f"{file} [{sheet}]" in text and f" {row} " in text
        for file, line in planted["export_rows"]:
            assert f"{file} " in text and f" {line}:" in text


def test_a_nik_cut_to_15_digits(census: CensusResult) -> None:
    planted = CASES["nik-cut-to-15-digits"]
    explanation = ask(census, planted["query"])  # the real NIK finds the number cell
    [row] = explanation.rows
    nik = next(c for c in row.cells if c.field == "nik")
    assert row.nik_from_number and nik.value == planted["query"][:15] + "0"
    assert row.method == "nik15-export"
    # The export holds the full NIK and both doses: matched by the 15 digits, birth date, name.
    assert [(e.method, e.nik) for e in explanation.export_rows] == [
        ("nik15", planted["query"])] * len(planted["export_rows"])
    assert len(planted["export_rows"]) == 2
    assert explanation.person is not None and explanation.person.nik == planted["query"]
    assert {d.source for d in explanation.doses} == {"registry"}
    assert explanation.outcome is not None and explanation.outcome.status == "complete"
    text = explain_text(explanation, "en")
    assert "(a number cell)" in text and "first 15 digits" in text


def test_a_person_in_two_rosters(census: CensusResult) -> None:
    explanation = ask(census, CASES["two-rosters"]["query"])
    assert [(r.unit, r.category, r.method, r.similarity) for r in explanation.rows] == [
        ("dinsos_kantor", "keluarga", "nik", 100.0), ("upt_pstw_jombang", "asn", "nik", 100.0)]
    names = [next(c.value for c in r.cells if c.field == "name") for r in explanation.rows]
    assert names[1].startswith("Hj. ") and not names[0].startswith("Hj. ")
    assert {e.method for e in explanation.export_rows} == {"nik"}
    assert all(e.similarity >= 90 for e in explanation.export_rows)
    assert explanation.person is not None
    assert explanation.person.units == ["dinsos_kantor", "upt_pstw_jombang"]


def test_a_deferred_person(census: CensusResult) -> None:
    planted = CASES["deferred"]
    explanation = ask(census, planted["query"])
    assert explanation.outcome is not None and explanation.outcome.status == "deferred"
    [deferral] = [r.entry for r in explanation.rules if r.kind == "deferral"]
    assert deferral == planted["deferral"]
    [step] = [s for s in explanation.steps if s.code == "deferral-covid"]
    assert step.values["end"] == explanation.outcome.eligible_from.isoformat()  # type: ignore[union-attr]
    assert step.values["months"] == planted["deferral"]["months"]
    assert explanation.outcome.eligible_from > date(2022, 3, 31)  # type: ignore[operator]
    assert any(r.kind == "remark" and r.entry["kind"] == "covid" for r in explanation.rules)


@pytest.mark.parametrize("case", ["refused", "exempt"])
def test_a_refusal_and_an_exemption(census: CensusResult, case: str) -> None:
    planted = CASES[case]
    explanation = ask(census, planted["query"])
    assert explanation.outcome is not None and explanation.outcome.status == case
    [words] = [r.entry["words"] for r in explanation.rules
               if r.kind == "remark" and r.entry["kind"] == case]
    assert words and all(word in planted["remark"].lower() for word in words)
    assert explanation.steps[-1].code == case
    assert explanation.outcome.reason == planted["remark"]


def test_a_dose_only_the_health_office_knows(census: CensusResult) -> None:
    planted = CASES["dose-only-in-export"]
    explanation = ask(census, planted["query"])
    dose1 = next(c for c in explanation.rows[0].cells if c.field == "dose1_date")
    assert dose1.value == "31/02/2021"  # unreadable on the roster, as typed
    by_date = {d.date: d for d in explanation.doses}
    [first] = [e for e in explanation.export_rows if e.dose == "dose1"]
    assert first.date is not None and by_date[first.date].source == "registry"
    assert by_date[first.date].verified
    assert explanation.outcome is not None and explanation.outcome.status == "complete"


def test_the_explained_decision_is_the_census_decision_for_everyone(
        census: CensusResult) -> None:
    rules, as_of = census.config.rules(), census.config.as_of
    register = census.register
    cases = census.cases.rows if census.cases is not None else None
    assert cases is not None and len(cases) > 5  # the demo's case records take part
    info = register.persons.set_index("person_id")
    doses = register.doses.groupby("person_id")
    differ = []
    for person in census.persons.itertuples(index=False):
        mine = doses.get_group(person.person_id) if person.person_id in doses.groups else None
        given = [] if mine is None else [
            (pd.Timestamp(d).date(), b if isinstance(b, str) else None)
            for d, b in zip(mine["date"], mine["brand"], strict=True)]
        birth = info.at[person.person_id, "birth_date"]
        decision = reason(given, info.at[person.person_id, "remark"],
                          None if pd.isna(birth) else pd.Timestamp(birth).date(), rules, as_of,
                          case_of(person.person_id, cases, rules, as_of))

        def day(value: object) -> date | None:
            return None if value is None or pd.isna(value) else pd.Timestamp(value).date()

        mine_out = (decision.status, decision.primary_doses, decision.booster_doses,
                    decision.next_dose, decision.next_due, decision.overdue,
                    decision.eligible_from)
        theirs = (person.status, person.primary_doses, person.booster_doses, person.next_dose,
                  day(person.next_due), bool(person.overdue), day(person.eligible_from))
        if mine_out != theirs:
            differ.append((person.person_id, mine_out, theirs))
    assert differ == []
    assert len(census.persons) > 2000


def test_ways_to_name_a_person(census: CensusResult) -> None:
    planted = CASES["two-rosters"]
    pid = ask(census, planted["query"]).person.person_id  # type: ignore[union-attr]
    masked = mask_nik(planted["query"])
    # As a unit pack prints it: here two Jombang people share the digits shown; both are listed.
    listed = ask(census, masked, unit="upt_pstw_jombang")
    assert listed.person is None and pid in [c.person_id for c in listed.candidates]
    deferred = CASES["deferred"]
    one = ask(census, mask_nik(deferred["query"]), unit="dinsos_kantor")
    assert one.person is not None and one.person.nik == deferred["query"]
    assert ask(census, pid).person.person_id == pid  # type: ignore[union-attr]
    spaced = " ".join(planted["query"][i:i + 4] for i in range(0, 16, 4))
    assert ask(census, spaced).person.person_id == pid  # type: ignore[union-attr]
    titled = f"Hj. {planted['name'].upper()}, S.Sos."
    assert ask(census, titled).person.person_id == pid  # type: ignore[union-attr]
    with pytest.raises(PersonNotFound):
        ask(census, masked, unit="tagana")
    with pytest.raises(PersonNotFound):
        ask(census, "Nama Yang Tidak Ada Sama Sekali")


def test_two_people_of_one_name_are_listed(census: CensusResult) -> None:
    # The planted possible-duplicate pair: the same name and birth date, NIKs one digit apart.
    twin = next(r for r in fixture_rows("demo_truth.csv") if r["note"] == "possible-duplicate")
    explanation = ask(census, twin["name"])
    assert explanation.person is None
    assert sorted(c.units[0] for c in explanation.candidates) == [
        "upt_psaa_sidoarjo", "upt_pstw_banyuwangi"]
    assert all("*" in c.nik for c in explanation.candidates)
    runner = CliRunner()
    result = runner.invoke(main, ["explain", twin["name"], str(INPUTS)])
    assert result.exit_code == 1 and result.output.count("\n") == 3
    narrowed = runner.invoke(main, ["explain", twin["name"], str(INPUTS), "--unit",
                                    "upt_pstw_banyuwangi", "--format", "json"])
    assert narrowed.exit_code == 0
    data = json.loads(narrowed.output)
    assert (data["format"], data["person"]["units"]) == ("census-explain",
                                                         ["upt_pstw_banyuwangi"])
    missing = runner.invoke(main, ["explain", "Nama Yang Tidak Ada", str(INPUTS)])
    assert missing.exit_code == 2 and missing.output.count("\n") == 1
