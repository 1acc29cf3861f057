"""The README's exit-code table, command by command: read 0/2, validate 0/1/2, run and allocate
0/1/2 — every skipped file named on stderr with its reason (even with --quiet) and in the summary."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from census.cli import main

ROOT = Path(__file__).resolve().parents[1]
READ = ROOT / "tests" / "data" / "read"
VALIDATE = ROOT / "tests" / "data" / "validate"
DEMO = ROOT / "inputs"


def _census(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


def _cases_workbook(path: Path) -> Path:
    """A city's COVID cases per village: a table, but of places, not people."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Kasus per Desa"
    sheet.append(["DATA KASUS COVID-19 KOTA BATU PER DESA/KELURAHAN"])
    sheet.append([])
    sheet.append(["No", "Desa/Kelurahan", "Kecamatan", "Konfirmasi", "Sembuh", "Meninggal"])
    for i, (village, district) in enumerate([("Sisir", "Batu"), ("Temas", "Batu"),
                                              ("Bumiaji", "Bumiaji"), ("Oro-oro Ombo", "Batu")], 1):
        sheet.append([i, village, district, 10 * i, 9 * i, i // 2])
    book.create_sheet("Grafik")
    book.save(path)
    return path


def _empty_sheets(path: Path, count: int = 50) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    for n in range(2, count + 1):
        book.create_sheet(f"Sheet{n}")
    book.save(path)
    return path


# read: 0 read; 2 unreadable or no roster in it.

def test_read_exit_codes(tmp_path: Path) -> None:
    assert _census("read", str(READ / "upt_pstw_jombang.xlsx")).exit_code == 0
    unreadable = _census("read", str(READ / "protected.xlsx"))
    assert unreadable.exit_code == 2 and "dilindungi kata sandi" in unreadable.stderr
    cases = _census("read", str(_cases_workbook(tmp_path / "covid_desa_batu.xlsx")))
    assert cases.exit_code == 2
    assert cases.stderr.strip() == (
        "census: Tidak ditemukan daftar: covid_desa_batu.xlsx, lembar yang dilihat: Kasus per Desa, Grafik")
    empty = _census("read", str(_empty_sheets(tmp_path / "kosong.xlsx")))
    assert empty.exit_code == 2
    assert "lembar yang dilihat: Sheet1, Sheet2, Sheet3, Sheet4, Sheet5, Sheet6, Sheet7, Sheet8, " \
           "Sheet9, Sheet10 (+40)" in empty.stderr


def test_read_json_carries_the_sheet_findings() -> None:
    result = _census("read", str(READ / "upt_pstw_jombang.xlsx"), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["roster"] is True
    assert [(s["sheet"], [f["code"] for f in s["findings"]]) for s in data["sheets"]
            if s["findings"]] == [("PM", ["header-not-found"])]
    assert data["sheets"][-1]["findings"][0]["message"].startswith("Baris judul kolom tidak")


# validate: 0 no errors (warnings allowed); 1 errors, or a file skipped; 2 nothing checked.

def test_validate_exit_codes(tmp_path: Path) -> None:
    as_of = ("--as-of", "2022-03-31")
    assert _census("validate", str(VALIDATE / "warnings.xlsx"), *as_of).exit_code == 0
    assert _census("validate", str(VALIDATE / "nik.xlsx"), *as_of).exit_code == 1
    skipped = _census("validate", str(VALIDATE / "warnings.xlsx"), str(READ / "protected.xlsx"),
                      *as_of)
    assert skipped.exit_code == 1
    assert skipped.stderr.splitlines() == [line for line in skipped.stderr.splitlines()
                                           if line.startswith("census: ") and "protected.xlsx" in line]
    assert len(skipped.stderr.splitlines()) == 1 and "dilindungi kata sandi" in skipped.stderr
    assert "protected.xlsx" not in skipped.stdout.splitlines()[0]  # the report stays on stdout
    assert skipped.stdout.splitlines()[-1] == "Berkas yang tidak terbaca: protected.xlsx"
    nothing = _census("validate", str(_cases_workbook(tmp_path / "covid_desa.xlsx")),
                      str(_empty_sheets(tmp_path / "kosong.xlsx")), *as_of)
    assert nothing.exit_code == 2
    assert [line.split(",")[0] for line in nothing.stderr.splitlines()] == [
        "census: Tidak ditemukan daftar: covid_desa.xlsx", "census: Tidak ditemukan daftar: kosong.xlsx"]
    only_bad = _census("validate", str(READ / "corrupt.xlsx"), *as_of)
    assert only_bad.exit_code == 2 and "corrupt.xlsx" in only_bad.stderr


def test_validate_json_lists_the_skipped_files(tmp_path: Path) -> None:
    result = _census("validate", str(VALIDATE / "warnings.xlsx"),
                     str(_cases_workbook(tmp_path / "covid_desa.xlsx")), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [(f["file"], f["message"].split(",")[0]) for f in data["failures"]] == [
        ("covid_desa.xlsx", "Tidak ditemukan daftar: covid_desa.xlsx")]


def test_bad_arguments_are_one_line_and_exit_2() -> None:
    for args in (["validate", str(VALIDATE / "warnings.xlsx"), "--as-of", "notadate"],
                 ["run", "--workers", "0"], ["read"], ["frobnicate"]):
        result = _census(*args)
        assert result.exit_code == 2, args
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("census: "), (args, result.stderr)
        assert result.stdout == ""
    assert "'notadate'" in _census("validate", "x.xlsx", "--as-of", "notadate").stderr


# run and allocate: 0 written; 1 written but a file skipped; 2 nothing written.

def _folder(tmp_path: Path, *names: str) -> Path:
    inputs = tmp_path / "inputs"
    inputs.mkdir(exist_ok=True)
    for name in names:
        shutil.copy((DEMO / name) if (DEMO / name).exists() else (READ / name), inputs / name)
    return inputs


def test_run_exit_0_when_written(tmp_path: Path) -> None:
    inputs = _folder(tmp_path, "upt_pstw_jombang.xlsx")
    result = _census("run", str(inputs), "--out", str(tmp_path / "out"), "--as-of", "2022-03-31")
    assert result.exit_code == 0, result.output
    assert "census:" not in result.stderr and "tidak terbaca" not in result.stdout


def test_run_exit_1_names_the_file_it_skipped_even_quietly(tmp_path: Path) -> None:
    inputs = _folder(tmp_path, "upt_pstw_jombang.xlsx", "upt_pspa_tuban.xlsx")
    shutil.copy(READ / "protected.xlsx", inputs / "upt_rahasia.xlsx")
    _cases_workbook(inputs / "covid_desa_batu.xlsx")
    out = tmp_path / "out"
    quiet = _census("run", str(inputs), "--out", str(out), "--as-of", "2022-03-31", "--quiet")
    assert quiet.exit_code == 1
    assert quiet.stdout == ""
    assert [line.split(",")[0] for line in quiet.stderr.splitlines()] == [
        "census: Tidak ditemukan daftar: covid_desa_batu.xlsx",
        "census: Workbook dilindungi kata sandi: buka di Excel"]
    assert "upt_rahasia.xlsx" in quiet.stderr.splitlines()[1]
    assert (out / "summary.html").exists() and (out / ".complete").exists()
    told = _census("run", str(inputs), "--out", str(out), "--as-of", "2022-03-31")
    assert told.exit_code == 1
    tail = told.stdout.splitlines()[-3:]
    assert tail[0] == "Berkas yang tidak terbaca (2):"
    assert tail[1].startswith("  Tidak ditemukan daftar: covid_desa_batu.xlsx")
    assert "upt_rahasia.xlsx" in tail[2]
    findings = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert sorted((f["file"], f["code"]) for f in findings["findings"]
                  if f["code"] in ("file-unreadable", "roster-not-found")) == [
        ("covid_desa_batu.xlsx", "roster-not-found"), ("upt_rahasia.xlsx", "file-unreadable")]


def test_run_exit_2_when_no_file_holds_a_roster(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    _cases_workbook(inputs / "covid_desa_batu.xlsx")
    _empty_sheets(inputs / "kosong.xlsx")
    out = tmp_path / "out"
    result = _census("run", str(inputs), "--out", str(out), "--quiet")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert [line.split(",")[0] for line in lines[:2]] == [
        "census: Tidak ditemukan daftar: covid_desa_batu.xlsx",
        "census: Tidak ditemukan daftar: kosong.xlsx"]
    assert lines[2].startswith("census: Tidak ditemukan daftar di berkas mana pun") and len(lines) == 3
    assert not out.exists()


@pytest.mark.parametrize("extra", [None, "protected.xlsx"])
def test_allocate_exit_codes(tmp_path: Path, extra: str | None) -> None:
    inputs = _folder(tmp_path, "tagana.xlsx", "tagana_plan.toml", "census.toml")
    if extra:
        shutil.copy(READ / extra, inputs / "upt_rahasia.xlsx")
    result = _census("allocate", str(inputs), "--out", str(tmp_path / "out"), "--quiet")
    assert result.exit_code == (1 if extra else 0), result.output
    assert ("upt_rahasia.xlsx" in result.stderr) == bool(extra)
    (inputs / "tagana_plan.toml").unlink()
    no_plan = _census("allocate", str(inputs), "--out", str(tmp_path / "out"))
    assert no_plan.exit_code == 2 and len(no_plan.stderr.splitlines()) == 1
