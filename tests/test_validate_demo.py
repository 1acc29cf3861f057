"""`census validate` on the demo province reports exactly the planted mistakes, and nothing else:
the same findings as `census run`, judged with the same census.toml."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from census.cli import main

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
FIXTURES = ROOT / "tests" / "fixtures"
EXPECTED = FIXTURES / "demo_validate_findings.csv"
#: What only the census as a whole finds (two workbooks, or a workbook and the health office).
EXPECTED_ACROSS = FIXTURES / "demo_run_findings.csv"
AS_OF = date(2022, 3, 31)


@pytest.fixture(scope="module")
def report() -> dict:
    books = sorted(INPUTS.glob("*.xlsx"))
    if not books or not EXPECTED.exists():
        pytest.skip("the demo province has not been generated (make demo)")
    result = CliRunner().invoke(main, ["validate", *map(str, books), "--as-of", str(AS_OF),
                                       "--format", "json"])
    assert result.exit_code == 1, result.output
    return json.loads(result.output)


def test_exactly_the_planted_findings(report: dict) -> None:
    expected = pd.concat([pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
                          for path in (EXPECTED, EXPECTED_ACROSS)])
    want = sorted((r.file, r.sheet, r.row, r.column, r.code) for r in expected.itertuples())
    got = sorted(
        (f["file"], f["sheet"] or "", str(f["row"] or ""), f["column"] or "", f["code"])
        for f in report["findings"]
    )
    assert got == want
    assert report["failures"] == []


def test_clients_without_nik_are_warnings_and_staff_errors(report: dict) -> None:
    missing = [f for f in report["findings"] if f["code"] == "nik-missing"]
    assert {f["severity"] for f in missing if f["sheet"] == "Penerima Manfaat"} == {"warning"}
    staff = [f for f in missing if f["sheet"] == "PTT"]
    assert staff and {f["severity"] for f in staff} == {"error"}


def test_validate_reports_what_run_reports_with_the_census_toml_beside_the_files(
    tmp_path: Path,
) -> None:
    """No --as-of: `census validate inputs/*.xlsx` takes the census date and rules of
    inputs/census.toml, as `census run inputs` does, and reports the same findings."""
    books = sorted(INPUTS.glob("*.xlsx")) + sorted(INPUTS.glob("kasus/*.xlsx"))
    if not books:
        pytest.skip("the demo province has not been generated (make demo)")
    checked = CliRunner().invoke(main, ["validate", *map(str, books), "--format", "json"])
    assert checked.exit_code == 1, checked.output
    ran = CliRunner().invoke(main, ["run", str(INPUTS), "--out", str(tmp_path), "--quiet", "--no-pdf"])
    assert ran.exit_code == 0, ran.output
    written = json.loads((tmp_path / "findings.json").read_text(encoding="utf-8"))
    assert written["as_of"] == "2022-03-31"

    def cells(findings: list[dict]) -> list[tuple]:
        return [(f["file"], f["sheet"], f["row"], f["column"], f["code"], f["message"])
                for f in findings]

    assert cells(json.loads(checked.output)["findings"]) == cells(written["findings"])
