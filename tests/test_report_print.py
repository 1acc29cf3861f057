"""Every workbook a run writes prints: A4 landscape one page wide, the header row on every page,
page numbers in the footer, one date format, headers whose wrapped lines all show. persons.xlsx
for people (Indonesian, NIK as text), persons.csv for machines (no cell a spreadsheet runs)."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from census.export import FORMULA_STARTS, neutralise, write_persons_csv
from census.report.excel import header_lines
from tests.report_factory import HOSTILE_NAMES, make_people, unit_codes
from tests.reportkit import demo_outputs

#: Sheets printed portrait: an official letter, the allocation's Info page.
PORTRAIT = {"Surat", "Info"}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_outputs(tmp_path_factory)


def _books(out: Path) -> list[Path]:
    return sorted(out.rglob("*.xlsx"))


def test_every_sheet_of_every_workbook_is_set_up_for_printing(out: Path) -> None:
    books = _books(out)
    assert {p.relative_to(out).as_posix() for p in books} >= {
        "persons.xlsx", "summary.xlsx", "tagana/allocation.xlsx", "kasus/ringkasan.xlsx",
        "kasus/isolasi.xlsx", "units/upt_pstw_jombang.xlsx"}
    wrong = []
    for path in books:
        for ws in openpyxl.load_workbook(path).worksheets:
            setup = ws.page_setup
            where = f"{path.relative_to(out)}[{ws.title}]"
            expected = "portrait" if ws.title in PORTRAIT else "landscape"
            checks = {
                "A4": setup.paperSize == 9,
                expected: setup.orientation == expected,
                # fitToWidth 1 is the file format's default: a writer may leave it out.
                "one page wide": ws.sheet_properties.pageSetUpPr.fitToPage
                and setup.fitToWidth in (None, 1) and setup.fitToHeight == 0,
                "page numbers": "&P" in (ws.oddFooter.center.text or ""),
                "header on every page": ws.title in PORTRAIT or bool(ws.print_title_rows),
            }
            wrong += [f"{where}: {what}" for what, ok in checks.items() if not ok]
    assert wrong == []


def test_one_date_format_everywhere(out: Path) -> None:
    formats: dict[str, set[str]] = {}
    for path in _books(out):
        for ws in openpyxl.load_workbook(path).worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, datetime):
                        formats.setdefault(cell.number_format, set()).add(path.name)
    assert set(formats) == {"dd-mm-yyyy"}
    assert {"allocation.xlsx", "persons.xlsx", "upt_pstw_jombang.xlsx"} <= formats["dd-mm-yyyy"]


def test_a_wrapped_header_gets_the_height_of_all_its_lines(out: Path) -> None:
    """'Belum memenuhi syarat' in a narrow count column takes three lines: all three show."""
    ws = openpyxl.load_workbook(out / "summary.xlsx")["Ringkasan"]
    header = next(r for r in ws.iter_rows(min_row=1, max_row=10) if r[0].value == "Kode unit")
    cell = next(c for c in header if c.value == "Belum memenuhi syarat")
    width = ws.column_dimensions[cell.column_letter].width
    lines = header_lines(cell.value, width)
    assert lines >= 2 and cell.alignment.wrap_text
    assert ws.row_dimensions[cell.row].height >= 12 * lines
    assert header_lines("Belum memenuhi syarat", 40) == 1


def test_the_allocation_workbook_prints_its_lists_landscape_with_phones(out: Path) -> None:
    book = openpyxl.load_workbook(out / "tagana" / "allocation.xlsx")
    lists = book["Relawan per Tahap"]
    assert lists.print_title_rows == "$1:$1" and lists.page_setup.orientation == "landscape"
    head = [c.value for c in lists[1]]
    assert head[3:6] == ["Nama", "Kab/Kota", "No HP"]
    assert lists.row_dimensions[1].height >= 26  # 'Ditugaskan (dosis)' and others on 2 lines


def test_persons_xlsx_is_for_people_and_keeps_every_nik(out: Path) -> None:
    persons = pd.read_csv(out / "persons.csv", dtype=str, keep_default_na=False)
    ws = openpyxl.load_workbook(out / "persons.xlsx").active
    assert ws.title == "Orang"
    rows = list(ws.iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if r[0] == "No")
    head, body = rows[top], rows[top + 1:]
    assert head[:9] == ("No", "ID", "NIK", "Nama", "Tanggal lahir", "JK", "Unit", "Kategori",
                        "Status")
    assert len(body) == len(persons)
    by_id = {r[1]: r for r in body}
    sample = persons[persons["nik"].str.len() == 16].head(200)
    for person in sample.to_dict("records"):
        row = by_id[person["person_id"]]
        assert row[2] == person["nik"]  # text, all 16 digits
    nik_cells = [ws.cell(top + 2 + i, 3) for i in range(50)]
    assert all(c.data_type == "s" and c.number_format == "@" for c in nik_cells if c.value)
    statuses = {r[8] for r in body}
    assert statuses <= {"Lengkap", "Belum lengkap", "Belum vaksin", "Ditunda",
                        "Dikecualikan (medis)", "Menolak", "Belum memenuhi syarat"}
    units = {r[6] for r in body}
    assert "UPT Pelayanan Sosial Tresna Werdha Jombang" in units
    assert ws.freeze_panes == f"E{top + 2}" and ws.auto_filter.ref.startswith(f"A{top + 1}:")


def test_persons_csv_stays_english_codes_and_runs_nothing(out: Path) -> None:
    persons = pd.read_csv(out / "persons.csv", dtype=str, keep_default_na=False)
    assert set(persons["status"]) <= {"complete", "partial", "unvaccinated", "deferred",
                                      "exempt", "refused", "not_eligible"}
    with open(out / "persons.csv", encoding="utf-8", newline="") as stream:
        cells = [cell for row in csv.reader(stream) for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]


def test_formula_like_cells_are_neutralised_as_owasp_says(tmp_path: Path) -> None:
    units = unit_codes(2)
    persons, _ = make_people(40, units, seed=4)
    persons.loc[persons.index[:2], "reason"] = ["\tcmd", "\r=2"]
    path = tmp_path / "persons.csv"
    write_persons_csv(persons, path)
    with open(path, encoding="utf-8", newline="") as stream:
        table = list(csv.DictReader(stream))
    names = [row["name"] for row in table[:len(HOSTILE_NAMES)]]
    assert names == ["'" + name for name in HOSTILE_NAMES]
    assert [row["reason"] for row in table[:2]] == ["'\tcmd", "'\n=2"]
    assert len(table) == len(persons)  # a carriage return in a cell ends no line
    plain = pd.Series(["Siti", None, "0812-1", "x=1"], dtype=object)
    assert neutralise(plain).tolist() == ["Siti", None, "0812-1", "x=1"]
