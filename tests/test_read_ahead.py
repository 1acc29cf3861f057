"""calamine reads sheets in a thread (census.read.ahead) only once the budget check has passed
them, hands them over in the book's order as calamine itself reads them, and its thread ends
with the reading, however the reading ends."""

from __future__ import annotations

import threading
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

import census.read.ahead as ahead
from census.config import Limits
from census.errors import OverBudget
from census.read.ahead import SheetsAhead
from census.read.open import raw_sheets
from tests.hostile_files import SHEET_HEAD, SHEET_TAIL

DATA = Path(__file__).parent / "data" / "read"
#: Long enough for a thread that reads what it must not to have done so (it takes milliseconds).
_GRACE = 0.3


def _thread_left() -> bool:
    return any(thread.name == "census-sheets" for thread in threading.enumerate())


def _book(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def _recorded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the sheets the thread asks calamine to read, in order."""
    asked: list[str] = []
    read = ahead.read_sheet

    def recording(book: CalamineWorkbook, name: str, path: Path):  # type: ignore[no-untyped-def]
        asked.append(name)
        return read(book, name, path)

    monkeypatch.setattr(ahead, "read_sheet", recording)
    return asked


@pytest.mark.parametrize("name", ["upt_pstw_jombang.xlsx", "dinsos_prov.xlsx", "tagana.xlsx",
                                  "upt_pspa_tuban.xlsx", "registry_dinkes.xlsx"])
def test_the_sheets_are_those_calamine_reads_in_the_books_order(name: str) -> None:
    path = DATA / name
    book = CalamineWorkbook.from_path(str(path))
    expected = []
    for meta in book.sheets_metadata:
        if str(meta.typ).rsplit(".", 1)[-1] == "WorkSheet":
            sheet = book.get_sheet_by_name(meta.name)
            expected.append((meta.name, sheet.to_python(skip_empty_area=True),
                             tuple(sheet.start or (0, 0)), list(sheet.merged_cell_ranges or [])))
    book.close()
    got = [(raw.name, raw.rows, raw.start, raw.merged) for raw in raw_sheets(path)]
    assert got == expected
    assert not _thread_left()


def test_a_sheet_is_parsed_only_once_its_part_has_passed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _book(tmp_path / "upt.xlsx", {"ASN": [["Nama"], ["Ani"]], "PTT": [["Nama"], ["Budi"]]})
    asked = _recorded(monkeypatch)
    sheets = SheetsAhead(path)
    try:
        sheets.directory_passed({"xl/worksheets/sheet1.xml": "ASN",
                                 "xl/worksheets/sheet2.xml": "PTT"})
        sheets.sheet_passed("ASN")
        first = sheets.next()
        assert first is not None and first[0] == "ASN" and first[1] == [["Nama"], ["Ani"]]
        time.sleep(_GRACE)
        assert asked == ["ASN"]  # PTT waits for its check
        sheets.sheet_passed("PTT")
        second = sheets.next()
        assert second is not None and second[1] == [["Nama"], ["Budi"]]
        assert sheets.next() is None and sheets.next() is None
    finally:
        sheets.close()
    assert asked == ["ASN", "PTT"] and not _thread_left()


def test_a_workbook_without_sheet_parts_is_opened_only_once_all_has_passed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An ODS: calamine parses all of content.xml when it opens the file.
    path = _book(tmp_path / "upt.xlsx", {"ASN": [["Nama"], ["Ani"]]})
    opened: list[Path] = []
    open_book = ahead.open_calamine
    monkeypatch.setattr(ahead, "open_calamine", lambda p: opened.append(p) or open_book(p))
    sheets = SheetsAhead(path)
    try:
        sheets.directory_passed({})
        time.sleep(_GRACE)
        assert opened == []
        sheets.all_passed()
        parsed = sheets.next()
        assert parsed is not None and parsed[0] == "ASN" and opened == [path]
    finally:
        sheets.close()
    assert not _thread_left()


def test_a_sheet_over_the_budget_is_never_parsed_and_no_thread_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = _book(tmp_path / "good.xlsx", {"ASN": [["Nama"], ["Ani"]], "PTT": [["Nama"], ["Budi"]]})
    path = tmp_path / "upt_far.xlsx"
    # The second sheet declares A1:A2 but holds a cell at XFD1048576: a grid of billions.
    far = (SHEET_HEAD.replace("<sheetData>", '<dimension ref="A1:A2"/><sheetData>')
           + '<row r="1"><c r="A1" t="inlineStr"><is><t>Nama</t></is></c></row>'
           '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
           + SHEET_TAIL)
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            out.writestr(info.filename, far if info.filename == "xl/worksheets/sheet2.xml" else data)
    asked = _recorded(monkeypatch)
    with pytest.raises(OverBudget, match="XFD1048576"):
        list(raw_sheets(path, Limits()))
    assert "PTT" not in asked and not _thread_left()


def test_a_reading_left_half_way_ends_its_thread(tmp_path: Path) -> None:
    path = _book(tmp_path / "upt.xlsx", {name: [["Nama"], [name]] for name in ("A", "B", "C", "D")})
    sheets = raw_sheets(path)
    assert next(sheets).name == "A"
    sheets.close()
    assert not _thread_left()
