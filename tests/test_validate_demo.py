"""`census validate` on the demo province reports exactly the planted mistakes, and nothing else."""

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
EXPECTED = ROOT / "tests" / "fixtures" / "demo_validate_findings.csv"
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
    expected = pd.read_csv(EXPECTED, comment="#", dtype=str, keep_default_na=False)
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
