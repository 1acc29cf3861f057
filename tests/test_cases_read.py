"""Case records read like rosters: Kasus sheets and case workbooks, their findings, the template."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from census.cases import read_case_book, read_cases
from census.cases.fields import case_field_of
from census.cli import main
from census.read import find_case_inputs, find_inputs, read_workbook
from census.rules import default_rules

INPUTS = Path(__file__).resolve().parent / "data" / "cases" / "inputs"
UNIT = INPUTS / "upt_pstw_tuban.xlsx"
CASES = INPUTS / "kasus" / "kasus_dinsos.xlsx"
RULES = default_rules()


def test_a_kasus_sheet_is_read_as_cases_and_never_as_a_roster() -> None:
    roster = read_workbook(UNIT)
    kasus = roster.sheet("Kasus")
    assert (kasus.category, kasus.header_row, kasus.rows) == (None, None, 0)
    assert "Kasus" not in set(roster.rows["sheet"])
    book = read_case_book(UNIT, RULES, whole=False)
    [info] = book.sheets
    # Two header rows: 'Isolasi' over Tempat / Mulai / Selesai, 'Keadaan Akhir' over Status /
    # Tanggal; the signature block under the table is not a case.
    assert (info.sheet, info.header_row, info.first_data_row, info.rows) == ("Kasus", 6, 7, 7)
    assert info.columns == {
        "name": "B", "nik": "C", "role": "D", "test_date": "E", "test_type": "F", "result": "G",
        "severity": "H", "isolation_place": "I", "isolation_start_date": "J",
        "isolation_end_date": "K", "puskesmas": "L", "outcome": "M", "outcome_date": "N",
        "remark": "O",
    }
    rows = book.rows
    first = rows.iloc[0]
    assert (first["name"], first["unit"], first["test_date"], first["test_type"], first["result"],
            first["severity"], first["isolation_place"], first["outcome"],
            first["outcome_date"]) == (
        "Sri Wahyuni", "upt_pstw_tuban", pd.Timestamp(2021, 10, 8), "pcr", "positive", "mild",
        "home", "recovered", pd.Timestamp(2021, 10, 18))
    assert list(rows["isolation_place"]) == ["home", "unit", "unit", "unit", "hospital", "home",
                                             "hospital"]
    assert list(rows["severity"]) == ["mild", "moderate", "moderate", "asymptomatic", "unknown",
                                      "mild", "severe"]
    assert rows["isolation_place_raw"].iloc[1] == "Ruang Isolasi 1"  # the room, kept as typed


def test_case_workbooks_live_in_inputs_kasus_and_are_no_rosters(tmp_path: Path) -> None:
    rosters, exports = find_inputs(INPUTS)
    assert [path.name for path in rosters] == ["upt_pstw_tuban.xlsx"] and exports == []
    assert [path.name for path in find_case_inputs(INPUTS)] == ["kasus_dinsos.xlsx"]
    books, unreadable = read_cases(find_case_inputs(INPUTS), [(UNIT, ["PNS", "Kasus"])], RULES)
    assert unreadable == []
    assert [(b.file, [s.sheet for s in b.sheets], len(b.rows)) for b in books] == [
        ("kasus_dinsos.xlsx", ["Terpapar"], 3), ("upt_pstw_tuban.xlsx", ["Kasus"], 7),
    ]
    # A case workbook named so is one wherever it lies (but an export in registry/ is an export).
    (tmp_path / "registry").mkdir()
    for name in ("kasus_2022.xlsx", "upt_pstw_tuban.xlsx", "registry/kasus_export.xlsx"):
        (tmp_path / name).write_bytes(CASES.read_bytes())
    assert [p.name for p in find_case_inputs(tmp_path)] == ["kasus_2022.xlsx"]
    assert [[p.name for p in found] for found in find_inputs(tmp_path)] == [
        ["upt_pstw_tuban.xlsx"], ["kasus_export.xlsx"]]
    terpapar = books[0].rows
    assert list(terpapar["unit"]) == ["UPT Pelayanan Sosial Tresna Werdha Tuban",
                                      "UPT Entah Berantah", "upt_pstw_tuban"]
    assert list(terpapar["result"]) == ["positive", "positive", "negative"]


def test_validate_reports_broken_case_rows_like_any_other(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(UNIT), str(CASES), "--as-of", "2021-11-15",
                                       "--format", "json", "--annotate", str(tmp_path)])
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    found = [(f["file"], f["sheet"], f["row"], f["column"], f["code"], f["severity"])
             for f in report["findings"]]
    # With the unit's roster given, validate also ties the cases to people, as `census run` does.
    assert found == [
        ("kasus_dinsos.xlsx", "Terpapar", 6, "D", "case-unit-unknown", "warning"),
        ("upt_pstw_tuban.xlsx", "Kasus", 9, "E", "case-repeat-positive", "warning"),
        ("upt_pstw_tuban.xlsx", "Kasus", 10, "E", "case-date-missing", "error"),
        ("upt_pstw_tuban.xlsx", "Kasus", 11, "F", "case-test-type-unknown", "warning"),
        ("upt_pstw_tuban.xlsx", "Kasus", 11, "H", "case-severity-unknown", "error"),
        ("upt_pstw_tuban.xlsx", "Kasus", 11, "K", "case-isolation-order", "error"),
        ("upt_pstw_tuban.xlsx", "Kasus", 12, "B", "case-person-unknown", "warning"),
        ("upt_pstw_tuban.xlsx", "Kasus", 12, "N", "date-invalid", "error"),
        ("upt_pstw_tuban.xlsx", "Kasus", 13, "M", "case-person-died", "warning"),
        ("upt_pstw_tuban.xlsx", "Penerima Manfaat", 6, "C", "nik-missing", "warning"),
        ("upt_pstw_tuban.xlsx", "Penerima Manfaat", 8, "C", "nik-missing", "warning"),
    ]
    messages = {f["code"]: f["message"] for f in report["findings"]}
    assert "Kasus!8" in messages["case-repeat-positive"]
    assert "'parah'" in messages["case-severity-unknown"]
    assert report["summary"]["rows"] == 14 + 10  # roster rows + case rows
    # The marked-up copies carry the case findings too.
    marked = openpyxl.load_workbook(tmp_path / "upt_pstw_tuban.xlsx")
    assert marked["Kasus"]["H11"].comment is not None
    assert marked["Kasus"]["H11"].fill.fgColor.rgb.endswith("FFC7CE")
    assert (tmp_path / "kasus_dinsos.xlsx").is_file()


def test_the_blank_cases_template_reads_back_as_an_empty_case_list(tmp_path: Path) -> None:
    out = tmp_path / "kasus_kosong.xlsx"
    result = CliRunner().invoke(main, ["template", "--kasus", str(out)])
    assert result.exit_code == 0, result.output
    book = read_case_book(out, RULES)
    assert [(s.sheet, s.header_row, s.rows) for s in book.sheets] == [("Kasus", 1, 0)]
    assert set(book.sheets[0].columns) == {
        "name", "nik", "unit", "role", "phone", "test_date", "test_type", "result", "severity",
        "isolation_place", "isolation_start_date", "isolation_end_date", "puskesmas", "outcome",
        "outcome_date", "remark",
    }
    sheet = openpyxl.load_workbook(out)["Kasus"]
    kinds = {v.type for v in sheet.data_validations.dataValidation}
    assert kinds == {"list", "date"}
    assert sheet.column_dimensions["C"].number_format == "@"  # NIK as text
    validate = CliRunner().invoke(main, ["validate", str(out)])
    assert validate.exit_code == 0, validate.output


@pytest.mark.parametrize(("header", "field"), [
    ("Tgl Swab", "test_date"), ("Tanggal Positif", "test_date"), ("Jenis Pemeriksaan", "test_type"),
    ("Hasil Swab", "result"), ("Derajat Gejala", "severity"), ("Kategori Gejala", "severity"),
    ("Isolasi Tempat", "isolation_place"), ("Tempat Isoman", "isolation_place"),
    ("Isolasi Mulai", "isolation_start_date"), ("Selesai Isolasi", "isolation_end_date"),
    ("Puskesmas Pemantau", "puskesmas"), ("Keadaan Akhir Status", "outcome"),
    ("Status", "outcome"), ("Tgl Sembuh/Meninggal", "outcome_date"),
    ("Keadaan Akhir Tanggal", "outcome_date"), ("Jabatan/Status", "role"), ("Kategori", "role"),
    ("Nama Lengkap", "name"), ("No. KTP", "nik"), ("Unit Kerja", "unit"), ("Ket.", "remark"),
    ("Tgl Vaksin 1", None), ("Umur", None),
])
def test_case_header_spellings(header: str, field: str | None) -> None:
    assert case_field_of(header)[0] == field


def test_case_words_come_from_the_rule_table() -> None:
    words = RULES.cases.phrases
    assert [words["isolation_place"].code(text) for text in (
        "Isoman", "isolasi terpadu", "Ruang Isolasi 2", "RSUD dr. Soetomo", "RS Lapangan",
        "posko desa")] == ["home", "facility", "unit", "hospital", "facility", None]
    assert [words["result"].code(text) for text in ("Positif", "+", "(-)", "reaktif")] == [
        "positive", "positive", "negative", "positive"]
    assert [words["severity"].code(text) for text in ("OTG", "Gejala Ringan", "berat", "parah")] \
        == ["asymptomatic", "mild", "severe", None]
    assert [RULES.role_code(text) for text in ("Pendamping PKH Kec. Waru", "SATPAM", "OB",
                                               "Cleaning Service", "Pengemudi", "Staf")] == [
        "pendamping", "pamdal", "ob", "ob", "driver", None]
    assert date(2021, 9, 29) == RULES.deferral("covid", "mild", date(2021, 11, 15)).from_


def test_swab_by_unit_name_and_an_unknown_unit_is_one_line(tmp_path: Path) -> None:
    ok = CliRunner().invoke(main, ["swab", "UPT Pelayanan Sosial Tresna Werdha Tuban",
                                   "--date", "2021-11-10", "--inputs", str(INPUTS),
                                   "--out", str(tmp_path), "--number", "77", "--quiet"])
    assert ok.exit_code == 0, ok.output
    letter = (tmp_path / "surat_swab_upt_pstw_tuban_2021-11-10.html").read_text("utf-8")
    assert "443.1/77/107.2/2021" in letter
    assert "Yth. Kepala Dinas Kesehatan Kabupaten Tuban" in letter and "di Tuban" in letter
    # Staff of every role and the clients; the family member is no contact, the dead client is
    # not swabbed, the index case and a recent positive are listed apart.
    for name in ("Slamet Riyadi", "Dewi Lestari", "Bambang Irawan", "Mbah Sumarni", "Paini"):
        assert f">{name}<" in letter, name
    for name in ("Lilik Prasetyo", "Tukiman"):
        assert f">{name}<" not in letter, name
    apart = letter[letter.index("Dicatat terpisah"):]
    assert ">Kasiman<" in apart and ">Sri Wahyuni<" in apart
    bad = CliRunner().invoke(main, ["swab", "upt_entah", "--date", "2021-11-10", "--inputs",
                                    str(INPUTS), "--out", str(tmp_path / "x"), "--quiet"])
    assert bad.exit_code == 2
    assert bad.output.strip().count("\n") == 0 and "upt_pstw_tuban" in bad.output
    assert "Traceback" not in bad.output and not (tmp_path / "x").exists()
