"""The annotated copy: fills and comments on flagged cells, a 'Temuan' sheet, original untouched."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from census.config import Config
from census.errors import OutputError
from census.read import read_workbook
from census.validate import annotate_workbook, validate_files
from tests.data.validate.helpers import AS_OF, DATA, findings_of

RED, YELLOW = "FFC7CE", "FFEB9C"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def annotated(tmp_path: Path) -> tuple[Path, Path, str]:
    source = tmp_path / "in" / "people.xlsx"
    source.parent.mkdir()
    shutil.copy(DATA / "people.xlsx", source)
    before = _digest(source)
    report = validate_files([source], Config(as_of=AS_OF), annotate_dir=tmp_path / "out")
    assert report.exit_code == 1
    return source, tmp_path / "out" / "people.xlsx", before


def test_original_bytes_are_unchanged(annotated: tuple[Path, Path, str]) -> None:
    source, copy, before = annotated
    assert _digest(source) == before
    assert copy.is_file() and _digest(copy) != before


def test_flagged_cells_are_filled_and_commented(annotated: tuple[Path, Path, str]) -> None:
    workbook = openpyxl.load_workbook(annotated[1])
    asn = workbook["ASN"]
    sex = asn["E8"]
    assert sex.fill.fgColor.rgb.endswith(RED)
    assert sex.comment.text == "[sex-invalid] Jenis kelamin 'X' tidak dikenal. Tulis L atau P."
    assert asn["D10"].comment.text.startswith("[birthdate-invalid] Tanggal lahir 'tgl lahir?'")
    # An unflagged cell keeps no fill and no comment; values are kept.
    assert asn["E5"].comment is None and asn["E5"].fill.fill_type is None
    assert asn["B5"].value == "Ani Suryani"
    # A finding about a whole row (no column) marks the row's first cell.
    assert workbook["Honorer"]["A4"].fill.fgColor.rgb.endswith(RED)
    assert workbook["Honorer"]["A4"].comment.text.startswith("[missing-column]")


def test_temuan_sheet_lists_every_finding_with_links(annotated: tuple[Path, Path, str]) -> None:
    workbook = openpyxl.load_workbook(annotated[1])
    assert workbook.sheetnames[0] == "Temuan"
    assert workbook.active.title == "Temuan"
    listing = workbook["Temuan"]
    rows = [[cell.value for cell in row] for row in listing.iter_rows()]
    assert rows[0] == ["Lembar", "Sel", "Nama", "Kode", "Tingkat", "Nilai", "Pesan"]
    assert [(r[0], r[1], r[3], r[4]) for r in rows[1:]] == [
        ("ASN", "ASN!E8", "sex-invalid", "Error"),
        ("ASN", "ASN!D9", "birthdate-invalid", "Error"),
        ("ASN", "ASN!D10", "birthdate-invalid", "Error"),
        ("ASN", "ASN!D11", "birthdate-invalid", "Error"),
        ("ASN", "ASN!D12", "birthdate-invalid", "Error"),
        ("ASN", "ASN!B13", "name-missing", "Error"),
        ("Honorer", "Honorer!4", "missing-column", "Error"),
        ("Tagana", "Tagana", "header-not-found", "Error"),
    ]
    assert listing["B2"].hyperlink.location == "'ASN'!E8"
    assert listing["B8"].hyperlink.location == "'Honorer'!A4"
    assert listing["B9"].hyperlink is None  # a sheet-level finding has no cell to point at
    assert rows[1][6] == "Jenis kelamin 'X' tidak dikenal. Tulis L atau P."
    # The person of each row is named; a sheet-level finding has nobody.
    assert all(r[2] for r in rows[1:6]) and rows[7][2] is None and rows[8][2] is None
    # Every column shows what it holds: the cell column its longest link text.
    assert listing.column_dimensions["B"].width >= max(len(r[1]) for r in rows[1:])
    setup = listing.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth) == ("landscape", 9, 1)
    assert listing.print_title_rows == "$1:$1" and "&P" in listing.oddFooter.center.text


def test_warnings_are_yellow_and_several_findings_share_one_comment(tmp_path: Path) -> None:
    book = read_workbook(DATA / "nik.xlsx")
    findings = findings_of("nik.xlsx")
    # Two findings on one cell: the planted sex mismatch (row 15) plus a made-up second one.
    extra = [f for f in findings if f.row == 15][0]
    twice = [*findings, replace(extra, code="nik-birthdate-mismatch",
                                context=(("nik_date", "12-05-1980"), ("row_date", "1-1-1980")))]
    path = annotate_workbook(book, twice, tmp_path, lang="en")
    sheet = openpyxl.load_workbook(path)["ASN"]
    assert sheet["C11"].fill.fgColor.rgb.endswith(YELLOW)   # nik-region-unknown: a warning
    assert sheet["C8"].fill.fgColor.rgb.endswith(RED)       # nik-length: an error
    lines = sheet["C15"].comment.text.splitlines()
    assert [line.split("]")[0] for line in lines] == ["[nik-sex-mismatch", "[nik-birthdate-mismatch"]
    assert lines[0].startswith("[nik-sex-mismatch] The NIK says sex P")
    listing = openpyxl.load_workbook(path)["Findings"]  # the whole copy speaks English
    assert [c.value for c in listing[1]] == ["Sheet", "Cell", "Name", "Code", "Severity",
                                             "Value", "Message"]
    assert {row[4] for row in listing.iter_rows(min_row=2, values_only=True)} == {
        "Error", "Warning"}


def test_clean_workbook_gets_an_empty_temuan_sheet(tmp_path: Path) -> None:
    book = read_workbook(DATA / "clean.xlsx")
    path = annotate_workbook(book, [], tmp_path)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Temuan", "ASN", "Klien"]
    assert workbook["Temuan"].max_row == 1


def test_annotating_into_the_source_folder_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "clean.xlsx"
    shutil.copy(DATA / "clean.xlsx", source)
    before = _digest(source)
    with pytest.raises(OutputError):
        annotate_workbook(read_workbook(source), [], tmp_path)
    assert _digest(source) == before
