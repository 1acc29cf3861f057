"""`census read`: the JSON and text views, and one clear line with exit code 2 for bad files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from census.cli import main
from census.errors import InputNotFound, LegacyXls, PasswordProtected, UnreadableWorkbook
from census.read import read_registry, read_workbook

DATA = Path(__file__).parent / "data" / "read"
ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_read_json_shape():
    result = _run("read", str(DATA / "tagana.xlsx"), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "file": "tagana.xlsx",
        "roster": True,
        "sheets": [
            {"sheet": "Tagana", "category": "tagana", "header_row": 5,
             "columns": {"name": "B", "nik": "C", "kabkota": "D", "dose1_date": "E",
                         "dose1_brand": "F", "dose2_date": "G", "dose2_brand": "H",
                         "booster1_date": "I", "booster1_brand": "J", "remark": "K"},
             "rows": 2, "findings": []},
            {"sheet": "Sahabat Tagana", "category": "tagana", "header_row": 1,
             "columns": {"name": "B", "nik": "C", "kabkota": "D", "dose1_date": "E",
                         "dose2_date": "F", "dose3_date": "G", "booster2_date": "H"},
             "rows": 1, "findings": []},
        ],
    }


def test_read_json_lists_skipped_sheets_and_counts():
    result = _run("read", str(DATA / "upt_pstw_jombang.xlsx"), "--format", "json")
    shown = json.loads(result.stdout)
    assert [(s["sheet"], s["category"], s["header_row"], s["rows"]) for s in shown["sheets"]] == [
        ("Petunjuk", None, None, 0), ("ASN", "asn", 6, 4), ("PTT", "ptt", 3, 2),
        ("Klien", "klien", 4, 4), ("Keluarga", "keluarga", 1, 3), ("Rekap", None, None, 0),
        ("PM", "klien", None, 0),
    ]


def test_read_text_shows_mapping_without_personal_data():
    result = _run("read", str(DATA / "upt_pstw_jombang.xlsx"))
    assert result.exit_code == 0
    text = result.stdout
    assert "Lembar 'ASN': kategori ASN; judul kolom di baris 6; 4 baris data" in text
    assert "Vaksin Dosis 1 Tanggal" in text and "→ tanggal dosis 1" in text
    assert "Lembar 'Petunjuk': dilewati" in text
    assert "Baris judul kolom tidak ditemukan" in text  # the PM sheet
    for personal in ("3517011203650001", "Alwi", "1965"):
        assert personal not in text
    english = _run("read", str(DATA / "upt_pstw_jombang.xlsx"), "--lang", "en").stdout
    assert "Sheet 'ASN': category Civil servants (ASN); header in row 6; 4 data rows" in english
    assert "→ date of dose 1" in english and "Sheet 'Petunjuk': skipped, not a roster" in english


BAD = [
    ("empty.xlsx", UnreadableWorkbook, "Berkas kosong: empty.xlsx"),
    ("not_a_workbook.xlsx", UnreadableWorkbook, "Bukan workbook Excel .xlsx"),
    ("scan.xlsx", UnreadableWorkbook, "Bukan workbook Excel .xlsx"),
    ("corrupt.xlsx", UnreadableWorkbook, "Workbook rusak"),
    ("zip_not_workbook.xlsx", UnreadableWorkbook, "Workbook rusak"),
    ("legacy.xls", LegacyXls, "simpan ulang sebagai .xlsx"),
    ("protected.xlsx", PasswordProtected, "dilindungi kata sandi"),
    ("missing.xlsx", InputNotFound, "Berkas tidak ditemukan"),
]


@pytest.mark.parametrize(("name", "error", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_file_is_one_line_and_exit_2(name, error, message):
    with pytest.raises(error):
        read_workbook(DATA / name)
    result = _run("read", str(DATA / name))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("census: ")
    assert message in lines[0]
    assert "Traceback" not in result.output
    english = _run("read", str(DATA / name), "--lang", "en").stderr.splitlines()
    assert len(english) == 1 and english[0].startswith("census: ") and message not in english[0]


def test_xlsx_copy_of_old_xls_and_xls_named_file(tmp_path):
    # An OLE file renamed to .xlsx is still an old .xls; a real .xlsx named .xls is read by its
    # bytes, like the same file under its own name.
    renamed = tmp_path / "lama.xlsx"
    shutil.copy(DATA / "legacy.xls", renamed)
    with pytest.raises(LegacyXls):
        read_workbook(renamed)
    misnamed = tmp_path / "tagana.xls"
    shutil.copy(DATA / "tagana.xlsx", misnamed)
    assert read_workbook(misnamed).rows.drop(columns="file").equals(
        read_workbook(DATA / "tagana.xlsx").rows.drop(columns="file"))


def test_folder_is_not_a_workbook(tmp_path):
    result = _run("read", str(tmp_path))
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1


def test_registry_errors(tmp_path):
    with pytest.raises(InputNotFound):
        read_registry(tmp_path / "nothing.csv")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(UnreadableWorkbook):
        read_registry(empty)
    other = tmp_path / "other.csv"
    other.write_text("Nama;Alamat\nAgus;Jombang\n", encoding="utf-8")
    with pytest.raises(UnreadableWorkbook, match="Not a health-office vaccination export"):
        read_registry(other)
    with pytest.raises(PasswordProtected):
        read_registry(DATA / "protected.xlsx")


def test_console_script_in_a_subprocess():
    """The real process: exit code 2 and one line on stderr, nothing on stdout; CENSUS_LANG=en
    chooses English."""
    done = subprocess.run(
        [sys.executable, "-m", "census.cli", "read", str(DATA / "protected.xlsx")],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
        env={**os.environ, "CENSUS_LANG": "en"},
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert "password-protected" in done.stderr


def test_a_bug_is_one_line_without_personal_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """Even an unexpected failure reaches the user as one line (exit 3), never a traceback."""

    def broken(path: Path, *limits: object) -> None:
        raise ValueError("NIK 3578010101900001 broke something")

    monkeypatch.setattr("census.read.read_workbook", broken)
    monkeypatch.delenv("CENSUS_DEBUG", raising=False)
    result = _run("read", str(DATA / "tagana.xlsx"))
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    assert "kesalahan internal (ValueError)" in result.output
    assert "3578010101900001" not in result.output
