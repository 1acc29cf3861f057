"""Fuzz: random workbooks (known columns with cells of every type, merged cells, hidden rows,
formulas, very long strings, control characters) and random CSV text never make read, validate
or run raise anything but census's own one-line errors."""

from __future__ import annotations

import contextlib
import math
import shutil
import string
from datetime import date, datetime, time
from pathlib import Path

import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from census.errors import CensusError
from census.pipeline import run_census
from census.read import read_workbook
from census.rules import default_rules
from census.validate import validate_books

AS_OF = date(2022, 3, 31)
HEADERS = ["No", "Nama", "Nama Lengkap", "NIK", "No. KTP", "NIP", "Tgl Lahir",
           "Tempat, Tanggal Lahir", "L/P", "Jenis Kelamin", "Kategori", "Tgl Vaksin 1",
           "Jenis Vaksin 1", "Tgl Vaksin 2", "Jenis Vaksin 2", "Booster", "Keterangan", "No HP",
           "Hubungan", "Unit", "Status Vaksin", "Hamil/Menyusui"]
SHEETS = ["ASN", "PTT", "Klien", "Keluarga", "Tagana", "Rekap", "Sheet1", "Data Vaksinasi"]
WORDS = ["Siti Aminah", "Drs. Budi, M.Si", "3578015205800002", "357801520580", "L", "P",
         "Sinovac", "AstraZeneca", "05/07/2021", "31/02/2021", "5 Juli 2021", "Menolak",
         "Hamil", "JUMLAH", "Mengetahui,", "NIP. 19680412 199303 1 005", "sudah", "", " ",
         "ASN", "Klien", "=", "-", "'", "#N/A", "TOTAL"]

control = st.characters(min_codepoint=0, max_codepoint=31)
texts = st.one_of(
    st.sampled_from(WORDS),
    st.text(alphabet=st.one_of(control, st.sampled_from(string.printable),
                                    st.characters(exclude_categories=("Cs",))),
            max_size=40),
    st.integers(min_value=1, max_value=3).map(lambda n: ("Nama panjang " * 2800)[: 32000 // n]),
)
cells = st.one_of(
    st.none(),
    texts,
    st.integers(min_value=-(10**16), max_value=10**17),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 1, 1)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2100, 1, 1)),
    st.times(),
    st.sampled_from(["=A1+1", "=SUM(A1:A3)", '=B2&" "&C2', "=1/0", "=NOW()"]).map(lambda f: ("formula", f)),
)


@st.composite
def workbooks(draw: st.DrawFn) -> list[dict]:
    """Sheets of: title rows, a header of known spellings, rows of random cells, merges, hidden rows."""
    sheets = []
    for name in draw(st.lists(st.sampled_from(SHEETS), min_size=1, max_size=3, unique=True)):
        header = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8))
        titles = draw(st.integers(min_value=0, max_value=3))
        rows = draw(st.lists(st.lists(cells, min_size=0, max_size=len(header) + 2), max_size=12))
        merges = draw(st.lists(st.tuples(st.integers(0, 14), st.integers(0, 9), st.integers(0, 2),
                                         st.integers(0, 2)), max_size=3))
        hidden = draw(st.lists(st.integers(0, 16), max_size=3))
        sheets.append({"name": name, "header": header, "titles": titles, "rows": rows,
                       "merges": merges, "hidden": hidden})
    return sheets


def _write(path: Path, sheets: list[dict]) -> Path:
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "nan_inf_to_errors": True})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    for spec in sheets:
        sheet = book.add_worksheet(spec["name"])
        for i in range(spec["titles"]):
            sheet.write_string(i, 0, f"DATA VAKSINASI {i}")
        top = spec["titles"]
        for j, text in enumerate(spec["header"]):
            sheet.write_string(top, j, text)
        for i, row in enumerate(spec["rows"], start=top + 1):
            for j, cell in enumerate(row):
                _cell(sheet, i, j, cell, day)
        taken: set[tuple[int, int]] = set()
        for r, c, down, across in spec["merges"]:
            area = {(r + a, c + b) for a in range(down + 1) for b in range(across + 1)}
            if (down or across) and not area & taken:
                taken |= area
                sheet.merge_range(r, c, r + down, c + across, None)
        for r in spec["hidden"]:
            sheet.set_row(r, None, None, {"hidden": True})
    book.close()
    return path


def _cell(sheet: xlsxwriter.worksheet.Worksheet, i: int, j: int, cell: object, day: object) -> None:
    if cell is None:
        return
    if isinstance(cell, tuple):
        # A formula: sometimes with a saved value, sometimes without (written by a program).
        sheet.write_formula(i, j, cell[1], None, "" if (i + j) % 2 else 7)
    elif isinstance(cell, bool):
        sheet.write_boolean(i, j, cell)
    elif isinstance(cell, int | float):
        if isinstance(cell, float) and not math.isfinite(cell):
            return
        sheet.write_number(i, j, cell)
    elif isinstance(cell, datetime | date | time):
        sheet.write_datetime(i, j, cell, day)
    else:
        sheet.write_string(i, j, str(cell))


FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])


@FUZZ
@given(sheets=workbooks())
def test_read_and_validate_only_ever_say_census_errors(tmp_path_factory, sheets: list[dict]) -> None:
    path = _write(tmp_path_factory.mktemp("fuzz") / "upt_acak.xlsx", sheets)
    try:
        book = read_workbook(path)
    except CensusError:
        return
    found = validate_books([book], AS_OF, default_rules())
    assert all(f.file == "upt_acak.xlsx" for f in found)


@settings(FUZZ, max_examples=8)
@given(sheets=workbooks(), lines=st.lists(st.lists(texts, max_size=6), max_size=8))
def test_run_only_ever_says_census_errors(tmp_path_factory, sheets: list[dict],
                                         lines: list[list[str]]) -> None:
    folder = tmp_path_factory.mktemp("fuzzrun")
    inputs = folder / "inputs"
    inputs.mkdir()
    _write(inputs / "upt_acak.xlsx", sheets)
    (inputs / "klien_acak.csv").write_text(
        "\n".join(";".join(line) for line in lines), encoding="utf-8", errors="replace")
    try:
        run_census(inputs, folder / "out", as_of=AS_OF)
    except CensusError:
        pass
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".csv", ".txt", ".xls", ".xlsx"]))
def test_random_bytes_only_ever_say_census_errors(tmp_path_factory, data: bytes, suffix: str) -> None:
    path = tmp_path_factory.mktemp("bytes") / f"upt{suffix}"
    path.write_bytes(data)
    with contextlib.suppress(CensusError):
        read_workbook(path)
