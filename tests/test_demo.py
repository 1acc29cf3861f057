"""The demo province generator: deterministic, committed inputs/ up to date, fixtures true."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from census.read import read_workbook
from census.rules import default_rules
from census.validate import validate_books
from demo.generate import generate, write_bench_inputs, write_bench_roster

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
FIXTURES = ROOT / "tests" / "fixtures"
AS_OF = date(2022, 3, 31)


def cells(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet's cell values (as python-calamine reads them)."""
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def fixture_rows(name: str) -> list[dict[str, str]]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader(line for line in lines if not line.startswith("#")))


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    generate(out / "inputs", seed=2021, fixtures=out / "fixtures")
    return out


def test_committed_inputs_are_what_the_generator_writes(regenerated: Path) -> None:
    fresh = regenerated / "inputs"
    workbooks = sorted(p.name for p in INPUTS.glob("*.xlsx"))
    assert workbooks == sorted(p.name for p in fresh.glob("*.xlsx"))
    assert len(workbooks) == 7
    for name in workbooks:
        assert cells(INPUTS / name) == cells(fresh / name), name
    for name in ["registry/pcare_jatim_2022.csv", "census.toml", "tagana_plan.toml",
                 "PLANTED_MISTAKES.md"]:
        assert (INPUTS / name).read_text("utf-8") == (fresh / name).read_text("utf-8"), name
    for path in sorted((regenerated / "fixtures").iterdir()):
        assert (FIXTURES / path.name).read_text("utf-8") == path.read_text("utf-8"), path.name


def test_same_seed_same_bytes_other_seed_other_people(tmp_path: Path, regenerated: Path) -> None:
    # openpyxl stamps the save time; the generator fixes it, so even the bytes agree.
    fresh = regenerated / "inputs"
    assert (INPUTS / "tagana.xlsx").read_bytes() == (fresh / "tagana.xlsx").read_bytes()
    a = write_bench_roster(tmp_path / "a.xlsx", 300, seed=5)
    b = write_bench_roster(tmp_path / "b.xlsx", 300, seed=5)
    c = write_bench_roster(tmp_path / "c.xlsx", 300, seed=6)
    assert cells(a) == cells(b)
    assert cells(a) != cells(c)


def test_province_size_and_registry_shape() -> None:
    truth = fixture_rows("demo_truth.csv")
    assert 2000 <= len(truth) <= 4000
    assert len({row["key"] for row in truth}) == len(truth)
    statuses = {row["status"] for row in truth}
    assert statuses == {"complete", "partial", "unvaccinated", "deferred", "exempt", "refused",
                        "not_eligible"}
    assert any(row["overdue"] == "True" for row in truth)
    registry = pd.read_csv(INPUTS / "registry" / "pcare_jatim_2022.csv", dtype=str)
    assert list(registry.columns) == ["NIK", "Nama", "Tanggal Lahir", "Tanggal Vaksin", "Dosis",
                                      "Jenis Vaksin", "Faskes"]
    assert set(registry["Dosis"]) == {"Dosis 1", "Dosis 2", "Booster 1"}
    roster_niks = {row["nik"] for row in truth if row["nik"]}
    outside = set(registry["NIK"]) - roster_niks
    assert len(outside) >= 0.8 * len(truth)  # the rest of the district, on no roster
    assert registry["NIK"].str.fullmatch(r"\d{16}").all()


def test_every_sheet_is_read_with_its_exact_rows() -> None:
    expected = [(r["file"], r["sheet"], r["category"] or None, int(r["header_row"]),
                 int(r["first_data_row"]), int(r["rows"])) for r in fixture_rows("demo_sheets.csv")]
    got = []
    case_sheets = []
    for path in sorted(INPUTS.glob("*.xlsx")):
        book = read_workbook(path)
        got += [(book.file, s.sheet, s.category, s.header_row, s.first_data_row, s.rows)
                for s in book.sheets if s.sheet != "Kasus"]
        case_sheets += [(book.file, s.sheet, s.header_row, s.rows) for s in book.sheets
                        if s.sheet == "Kasus"]
    assert got == expected
    # Jombang's own COVID-19 cases are no roster of people (census.cases reads them).
    assert case_sheets == [("upt_pstw_jombang.xlsx", "Kasus", None, 0)]


def test_validation_reports_exactly_the_planted_mistakes() -> None:
    books = [read_workbook(path) for path in sorted(INPUTS.glob("*.xlsx"))]
    found = sorted((f.file, f.sheet, f.row, f.column, f.code)
                   for f in validate_books(books, AS_OF, default_rules()))
    expected = sorted((r["file"], r["sheet"], int(r["row"]), r["column"], r["code"])
                      for r in fixture_rows("demo_validate_findings.csv"))
    assert found == expected


def test_bench_inputs_have_rosters_and_an_export_twice_their_size(tmp_path: Path) -> None:
    out = write_bench_inputs(tmp_path / "bench", people=400, units=4, seed=3)
    books = sorted(out.glob("*.xlsx"))
    assert len(books) == 4
    rows = sum(len(read_workbook(path).rows) for path in books)
    assert rows == 400
    export = pd.read_csv(out / "registry" / "export.csv", dtype=str)
    assert 1.6 * 400 <= len(export) <= 2.4 * 400
    read = read_workbook(books[0])
    assert read.rows["nik"].str.fullmatch(r"\d{16}").all()
    assert read.rows["dose1_date"].notna().sum() > 0


def test_census_of_the_demo_matches_the_generators_truth() -> None:
    from census.compute import compute_census
    from census.config import load_config

    result = compute_census(INPUTS, load_config(INPUTS))
    columns = ["units", "categories", "status", "primary_doses", "booster_doses", "next_dose",
               "next_due", "overdue", "eligible_from"]

    def shown(value: Any) -> str:
        if value is None or value is pd.NaT or (not isinstance(value, str) and pd.isna(value)):
            return ""
        return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)

    persons = result.persons
    got = {}
    for record in persons.to_dict("records"):
        nik = shown(record["nik"])
        key = nik or f"{record['units']}|{record['name'].lower()}|{shown(record['birth_date'])}"
        got[key] = tuple(shown(record[c]) for c in columns)
    expected = {row["key"]: tuple(row[c] for c in columns)
                for row in fixture_rows("demo_truth.csv")}
    assert len(persons) == len(expected)
    assert {k: v for k, v in got.items() if expected.get(k) != v} == {}

    validate = {(r["file"], r["sheet"], int(r["row"]), r["column"], r["code"])
                for r in fixture_rows("demo_validate_findings.csv")}
    run = sorted((f.file, f.sheet, f.row, f.column, f.code) for f in result.findings
                 if (f.file, f.sheet, f.row, f.column, f.code) not in validate)
    assert run == sorted((r["file"], r["sheet"], int(r["row"]), r["column"], r["code"])
                         for name in ("demo_run_findings.csv", "demo_case_findings.csv")
                         for r in fixture_rows(name))
