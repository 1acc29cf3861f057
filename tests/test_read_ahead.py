"""calamine reads sheets in a thread (census.read.ahead) only once the budget check has passed
them, hands them over in the book's order as calamine itself reads them, and its thread ends
with the reading, however the reading ends."""

from __future__ import annotations

import threading
import time
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

import census.read.ahead as ahead
from census.config import Limits
from census.errors import OverBudget
from census.read import read_workbook
from census.read.ahead import SheetsAhead
from census.read.budget import check_zip
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
        sheets.directory_passed({"ASN": 1, "PTT": 2})  # PTT's part is twice in the zip
        sheets.sheet_passed("ASN")
        first = sheets.next()
        assert first is not None and first[0] == "ASN" and first[1] == [["Nama"], ["Ani"]]
        time.sleep(_GRACE)
        assert asked == ["ASN"]  # PTT waits for its check
        sheets.sheet_passed("PTT")
        time.sleep(_GRACE)
        assert asked == ["ASN"]  # and for its other part's
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


class _Heard:
    """A CheckWatcher that writes down what check_zip says."""

    def __init__(self) -> None:
        self.directory: dict[str, int] | None = None
        self.passed: list[str] = []

    def directory_passed(self, sheet_parts: dict[str, int]) -> None:
        self.directory = sheet_parts

    def sheet_passed(self, sheet_name: str) -> None:
        self.passed.append(sheet_name)


def _with_target(source: Path, path: Path, target: str) -> Path:
    """`source` with the second sheet's relationship target spelt `target`."""
    with zipfile.ZipFile(source) as book, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in book.infolist():
            data = book.read(info)
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b'Target="/xl/worksheets/sheet2.xml"',
                                    f'Target="{target}"'.encode())
                assert target.encode() in data
            out.writestr(info.filename, data)
    return path


def test_check_zip_says_which_sheets_may_be_read_early(tmp_path: Path) -> None:
    plain = _book(tmp_path / "plain.xlsx", {"ASN": [["Nama"]], "PTT": [["Nama"]]})
    heard = _Heard()
    check_zip(plain, Limits(), heard)
    assert heard.directory == {"ASN": 1, "PTT": 1} and sorted(heard.passed) == ["ASN", "PTT"]
    # A target spelt oddly may lead calamine to another part than the one checked (it does not
    # resolve '..'): nothing is read before the whole workbook has passed.
    for number, target in enumerate(("/xl/worksheets/../worksheets/sheet2.xml",
                                     "./worksheets/sheet2.xml", "worksheets\\sheet2.xml")):
        heard = _Heard()
        odd = _with_target(plain, tmp_path / f"odd{number}.xlsx", target)
        check_zip(odd, Limits(), heard)
        assert heard.directory == {}, target
    # An ODS is parsed whole when opened: nothing early either.
    from tests.test_read_hostile import _ods

    heard = _Heard()
    check_zip(_ods(tmp_path / "upt.ods", [["Nama"], ["Ani"]]), Limits(), heard)
    assert heard.directory == {}


@pytest.mark.parametrize("name", ["upt_pstw_jombang.xlsx", "dinsos_prov.xlsx", "tagana.xlsx",
                                  "upt_pspa_tuban.xlsx", "upt_pslu_tulungagung.xlsx"])
def test_a_book_read_overlapped_equals_one_read_in_turn(name: str) -> None:
    """Overlapped (a thread, each sheet's dates as it comes) or in turn (a repacked zip, the
    workbook's dates in one batch): the same sheets, rows and findings."""
    overlapped = read_workbook(DATA / name, overlap=True)
    in_turn = read_workbook(DATA / name, overlap=False)
    assert overlapped.sheets == in_turn.sheets
    pd.testing.assert_frame_equal(overlapped.rows, in_turn.rows)
    assert len(overlapped.rows) > 0 or name == "tagana.xlsx"
