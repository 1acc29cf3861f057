"""`census validate` through the CLI: text and JSON output, languages and exit codes 0/1/2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from census.cli import main
from census.config import Config
from census.validate import validate_files
from tests.data.validate.helpers import AS_OF, DATA


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", *args, "--as-of", "2022-03-31"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_clean_workbook_exits_0() -> None:
    code, output = run(str(DATA / "clean.xlsx"))
    assert code == 0
    assert "Tidak ada temuan." in output


def test_warnings_alone_exit_0() -> None:
    code, output = run(str(DATA / "warnings.xlsx"))
    assert code == 0
    assert "0 error, 2 peringatan" in output


def test_errors_exit_1_and_text_is_grouped_by_file_and_sheet() -> None:
    code, output = run(str(DATA / "nik.xlsx"), str(DATA / "nip.xlsx"))
    assert code == 1
    lines = output.splitlines()
    assert lines[0] == "nik.xlsx"
    assert lines[1] == "  [ASN]"
    assert lines[2].startswith("    ASN!C7  nik-missing  NIK kosong.")
    assert "    ASN!C8  nik-length  NIK '357801520580002' terdiri dari 15 digit" in lines[3]
    assert "  [Klien]" in lines
    assert "nip.xlsx" in lines and "  [PNS]" in lines
    # The same NIK under two names in the two workbooks: only checking them together finds it.
    assert ("    PNS!B5  name-mismatch  NIK yang sama tercatat dengan nama berbeda: "
            "'Drs. H. Alwi, M.Hum' dan 'Budi Santoso' (nik.xlsx [ASN] #5).") in lines
    assert lines[-2] == "Ringkasan: 2 berkas, 32 baris, 12 error, 9 peringatan"
    assert lines[-1].startswith("Per kode: duplicate-nik 1, name-mismatch 1, nik-birthdate-invalid 1")


def test_json_shape_and_english_messages() -> None:
    code, output = run(str(DATA / "doses.xlsx"), "--format", "json", "--lang", "en")
    assert code == 1
    data = json.loads(output)
    assert set(data) == {"findings", "summary", "failures"}
    first = next(f for f in data["findings"] if f["code"] == "date-invalid")
    assert {"file", "sheet", "row", "column", "header", "value", "code", "severity",
            "message"} <= set(first)
    assert (first["file"], first["sheet"], first["row"], first["column"], first["header"]) == (
        "doses.xlsx", "PTT", 6, "F", "Tgl Vaksin 1")
    assert (first["code"], first["severity"], first["value"]) == (
        "date-invalid", "error", "31/02/2021")
    assert first["message"].startswith("Date '31/02/2021' cannot be read.")
    summary = data["summary"]
    # 56 of the warnings: the sheet's made-up people share birth dates and look-alike names.
    assert (summary["files"], summary["rows"], summary["errors"], summary["warnings"]) == (
        1, 19, 9, 59)
    assert summary["by_code"]["possible-duplicate"] == 56
    assert summary["by_code"]["dose-missing-earlier"] == 3
    assert data["failures"] == []


def test_unreadable_file_exits_1_and_the_others_are_still_checked(tmp_path: Path) -> None:
    fake = tmp_path / "laporan.xlsx"
    fake.write_text("this is not a workbook", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(fake), str(tmp_path / "hilang.xlsx"),
                                       str(DATA / "clean.xlsx"), "--format", "json"])
    assert result.exit_code == 1  # checked, but two files skipped
    data = json.loads(result.stdout)
    assert [f["file"] for f in data["failures"]] == ["laporan.xlsx", "hilang.xlsx"]
    assert all(f["message"] and "\n" not in f["message"] for f in data["failures"])
    assert data["summary"]["files"] == 1 and data["summary"]["failed"] == 2
    assert [line.split(":")[0] for line in result.stderr.splitlines()] == ["census", "census"]


def test_unreadable_file_in_text_output(tmp_path: Path) -> None:
    fake = tmp_path / "kosong.xlsx"
    fake.write_bytes(b"")
    result = CliRunner().invoke(main, ["validate", str(fake)])
    assert result.exit_code == 2  # nothing could be checked
    assert result.stderr == "census: Berkas kosong: kosong.xlsx\n"
    assert result.stdout.splitlines()[-1] == "Berkas yang tidak terbaca: kosong.xlsx"
    assert "Traceback" not in result.output


def test_annotate_option_writes_copies(tmp_path: Path) -> None:
    source = tmp_path / "nik.xlsx"
    shutil.copy(DATA / "nik.xlsx", source)
    code, _ = run(str(source), "--annotate", str(tmp_path / "marked"))
    assert code == 1
    assert (tmp_path / "marked" / "nik.xlsx").is_file()


def test_validate_files_report_api() -> None:
    report = validate_files([DATA / "warnings.xlsx"], Config(as_of=AS_OF))
    assert report.exit_code == 0
    assert [b.file for b in report.books] == ["warnings.xlsx"]
    assert report.to_text("en").splitlines()[-2] == "Summary: 1 file, 2 rows, 0 errors, 2 warnings"
