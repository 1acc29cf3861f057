"""Helpers of the validation tests: read a fixture workbook, validate it, flatten the findings."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from census.findings import Finding
from census.read import read_workbook
from census.rules import default_rules
from census.validate import validate_books

DATA = Path(__file__).resolve().parent
AS_OF = date(2022, 3, 31)


@cache
def findings_of(name: str, as_of: date = AS_OF) -> list[Finding]:
    """Every finding of tests/data/validate/<name> (cached: Findings are frozen)."""
    return validate_books([read_workbook(DATA / name)], as_of, default_rules())


def flat(findings: list[Finding]) -> list[tuple[str | None, int | None, str | None, str]]:
    """[(sheet, row, column, code), ...] in the order validation returns them."""
    return [(f.sheet, f.row, f.column, f.code) for f in findings]


HEADERS = ["Nama", "NIK", "Tanggal Lahir", "Jenis Kelamin", "Tgl Vaksin 1", "Jenis Vaksin 1"]


def write_roster(
    path: Path, rows: list[list[object]], sheet: str = "Keluarga", headers: list[str] = HEADERS
) -> Path:
    """A one-sheet roster workbook: a title row, the header on row 4, data from row 5 (col A = No)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = sheet
    ws.append([f"DATA VAKSINASI {sheet.upper()}"])
    ws.append([])
    ws.append([])
    ws.append(["No", *headers])
    for number, row in enumerate(rows, start=1):
        ws.append([number, *row])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.number_format = "@"
    workbook.save(path)
    return path
