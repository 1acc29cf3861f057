"""Where a roster table ends and what inside it is not a person: signature blocks under mapped
columns, the header repeated inside the table, cells of whitespace only; and the rows left below
a table's end that may be people (row-not-read).

The workbooks are tests/data/read/upt_pslu_tulungagung.xlsx and upt_pspa_tuban.xlsx (see
make_read_fixtures._pslu and _pspa).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from census.cli import main
from census.config import Config
from census.findings import message
from census.read import read_registry, read_workbook
from census.read.body import _is_signature, _line_kind
from census.read.cells import ids, texts
from census.read.describe import describe_text
from census.validate import validate_files

DATA = Path(__file__).parent / "data" / "read"
AS_OF = date(2022, 3, 31)


@pytest.fixture(scope="module")
def pslu():
    return read_workbook(DATA / "upt_pslu_tulungagung.xlsx")


@pytest.fixture(scope="module")
def pspa():
    return read_workbook(DATA / "upt_pspa_tuban.xlsx")


def _found(book) -> list[tuple]:
    return [(f.sheet, f.row, f.column, f.code) for info in book.sheets for f in info.findings]


def _rows(book, sheet: str, *columns: str) -> list[tuple]:
    rows = book.rows[book.rows["sheet"] == sheet]
    return [tuple(record) for record in rows[["row", *columns]].itertuples(index=False)]


def test_sheets(pslu):
    assert [(s.sheet, s.category, s.header_row, s.first_data_row, s.rows, s.findings)
            for s in pslu.sheets] == [
        ("PNS", "asn", 6, 8, 5, ()),
        ("Non ASN", "ptt", 3, 4, 5, ()),
        ("Klien", "klien", 3, 4, 3, ()),
    ]


def test_signature_block_after_a_gap_under_the_name_column(pslu):
    """Rows 19-28 sign the PNS sheet under column B (Nama): 'Dibuat di : Tulungagung' and
    'Pada tanggal : 31 Maret 2022' name no signature word, but they follow the blank rows (17
    holds only spaces) before 'KEPALA UPT ...': the table ends at row 16."""
    assert _rows(pslu, "PNS", "name", "nik") == [
        (8, "Drs. Hari Santoso, M.Si", "3504011708680001"),
        (9, "Endang Sulistyowati", "3504014204750002"),
        (10, "Yusuf Effendi, S.Kom", "3504010909880003"),
        (14, "Sri Wahyuni", "3504014101800004"),
        (15, "Bambang Wijaya", "3504011205790005"),
    ]


def test_signature_right_under_the_last_row(pslu):
    """No blank row between the last person and the signature: under the remarks column of
    'Non ASN' (row 14) and under 'Tempat, Tanggal Lahir' of 'Klien' (row 8), where
    'Tulungagung, 31 Maret 2022' alone in its row is a signature's date, not a birth."""
    assert _rows(pslu, "Non ASN", "name", "remark")[-2:] == [
        (12, "Rudi Hartono", "Satpam"),
        (13, "Siti Khotijah", "Cleaning service"),
    ]
    assert _rows(pslu, "Klien", "name", "nik", "birth_place", "birth_date_raw") == [
        (4, "Mbah Sainem", "3504016507400010", "Tulungagung", "25-07-1940"),
        (5, "Mbah Karto", None, "Blitar", "1 Januari 1938"),
        (7, "Tumini", "3504014402450011", "Kediri", "04-02-1945"),
    ]


def test_repeated_header_rows_and_column_numbers_are_skipped(pslu):
    """PNS repeats its two-row header and the column numbers on rows 11-13 (page two); 'Non
    ASN' pastes a second block (title row 10, header row 11 spelled 'No.' / 'Nama' / 'Dosis 1')
    and numbers its people from 1 again; 'Klien' has no number column and types its header
    again on row 6."""
    assert [row for row, *_ in _rows(pslu, "PNS", "name")] == [8, 9, 10, 14, 15]
    assert _rows(pslu, "Non ASN", "name", "nik", "birth_date_raw", "dose1_date_raw",
                 "dose2_date_raw") == [
        (4, "Agus Prasetyo", "3504010303900006", "03/03/1990", "01/08/2021", "29/08/2021"),
        (5, "Nur Hidayati", None, "15/06/1993", "01/08/2021", None),
        (6, "Slamet Riyadi", "3504012007850007", "20/07/1985", None, None),
        (12, "Rudi Hartono", "3504011111920008", "11/11/1992", "10 Sep 2021", "8 Okt 2021"),
        (13, "Siti Khotijah", "3504015012940009", "10/12/1994", "10 Sep 2021", None),
    ]
    assert [row for row, *_ in _rows(pslu, "Klien", "name")] == [4, 5, 7]


def test_whitespace_only_cells_are_empty(pslu):
    """'Non ASN': a NIK of one space is a missing NIK (row 5), a sex of a tab and remarks of
    no-break spaces are empty (rows 5-6), row 7 holds its number and spaces only, row 8
    whitespace only: neither is a person. PNS row 17 (spaces, a no-break space) is blank."""
    assert _rows(pslu, "Non ASN", "name", "nik", "nik_from_number", "sex", "dose1_date",
                 "dose2_date_raw", "remark")[:3] == [
        (4, "Agus Prasetyo", "3504010303900006", False, "L", pd.Timestamp("2021-08-01"),
         "29/08/2021", None),
        (5, "Nur Hidayati", None, False, "P", pd.Timestamp("2021-08-01"), None, None),
        (6, "Slamet Riyadi", "3504012007850007", False, None, pd.NaT, None, None),
    ]
    assert 17 not in set(pslu.rows.loc[pslu.rows["sheet"] == "PNS", "row"])


@pytest.mark.parametrize("line", [
    "Surabaya, 31 Maret 2022", "Tuban, 31-03-2022", "Kab. Malang, 15 November 2021",
    "Surabaya,      Maret 2022", "Kediri, ............ 2022", "Tulungagung, ...............",
    "Mengetahui,", "a.n. Kepala Dinas Sosial", "KEPALA UPT PELAYANAN SOSIAL", "Kasubag Tata Usaha",
    "Ketua Tagana Kab. Blitar", "Koordinator Lapangan", "NIP. 19680817 199303 1 004",
    "Pembina Tk. I", "Ket: data per 31 Maret 2022",
])
def test_signature_lines(line):
    assert _is_signature([line])


@pytest.mark.parametrize("cells", [
    ["Kasih Ramadhani"],  # a name that starts like 'Kasi'
    ["Budi Santoso", "Positif, 12 Juni 2021"],  # a remark beside a name
    ["Pak Tani", "Surabaya, 12-05-1980"],
    ["Anak Agung Ayu"],
])
def test_not_signature_lines(cells):
    assert not _is_signature(cells)


def test_texts_and_ids_of_whitespace_cells():
    import numpy as np

    cells = np.array(["", " ", "\t", "\xa0", " \xa0\n", " Ani ", "3504010303900006", 12.0],
                     dtype=object)
    assert texts(cells).tolist() == [None, None, None, None, None, " Ani ",
                                     "3504010303900006", "12"]
    assert ids(cells)[0].tolist()[:5] == [None] * 5


def test_registry_rows_of_whitespace_are_blank(tmp_path):
    path = tmp_path / "pcare.csv"
    path.write_text(
        "NIK;Nama;Tanggal Vaksin;Dosis;Jenis Vaksin\n"
        "3504010303900006;AGUS;01/08/2021;Dosis 1;Sinovac\n"
        " ; \xa0 ;\t; ; \n"
        "\xa0;NUR;01/08/2021;Dosis 1; \n",
        encoding="utf-8",
    )
    frame = read_registry(path)
    assert [tuple(r) for r in frame[["row", "nik", "name", "dose", "brand"]].itertuples(
        index=False)] == [
        (2, "3504010303900006", "AGUS", "dose1", "Sinovac"),
        (4, None, "NUR", "dose1", None),
    ]


def test_rows_left_below_the_table_are_said(pspa):
    """PTT row 9 ('Sutrisno', a name only, between the blank row that ends the table and the
    signature block) and ASN row 7 (a person added under JUMLAH without a number) are not
    read, as before, but each is a warning at its name cell."""
    assert _found(pspa) == [("PTT", 9, "A", "row-not-read"), ("ASN", 7, "B", "row-not-read")]
    assert [(info.sheet, info.rows) for info in pspa.sheets] == [
        ("PTT", 3), ("ASN", 2), ("Klien", 2), ("Keluarga", 2),
    ]
    assert [row for row, *_ in _rows(pspa, "PTT", "name")] == [5, 6, 7]
    assert [row for row, *_ in _rows(pspa, "ASN", "name")] == [4, 5]
    sutrisno = pspa.sheet("PTT").findings[0]
    assert (sutrisno.severity, sutrisno.header, sutrisno.value, sutrisno.unit) == (
        "warning", "Nama", "Sutrisno", "upt_pspa_tuban")
    assert message(sutrisno).startswith(
        "Baris ini tidak dibaca sebagai orang karena terletak di bawah akhir tabel")
    assert "'Sutrisno'" in message(sutrisno)
    assert message(sutrisno, "en").startswith(
        "This row was not read as a person because it lies below the end of the table")


def test_signature_blocks_are_no_finding(pslu, pspa):
    """Signature blocks under the name column (PSLU PNS; Klien's two signatures with notes above;
    Keluarga's role that no word gives away), under other columns, after JUMLAH: no finding."""
    assert _found(pslu) == []
    assert [f for f in _found(pspa) if f[0] in ("Klien", "Keluarga")] == []
    for name in ("upt_pstw_jombang.xlsx", "dinsos_prov.xlsx", "tagana.xlsx"):
        assert [f for f in _found(read_workbook(DATA / name)) if f[3] == "row-not-read"] == []


@pytest.mark.parametrize("line", [
    "Dibuat di : Tuban", "Pada tanggal : 31 Maret 2022", "Dibuat di", "Catatan", "Ket. data per",
    "Tuban, 31 Maret 2022", "Mengetahui,", "KEPALA UPT PELAYANAN SOSIAL", "NIP. 19680817",
    "Pembina Tk. I", "( Drs. Hari Santoso )", "( ........................ )", "JUMLAH",
    "Demikian data ini kami sampaikan.", "Urusan data yang belum vaksin",
])
def test_lines_that_are_no_person(line):
    assert _line_kind(line) is not None


@pytest.mark.parametrize("line", [
    "Sutrisno", "Kasih Ramadhani", "I Ketut Sudarsana", "Drs. Hari Santoso, M.Si", "Anak Agung Ayu",
])
def test_names_are_no_signature_line(line):
    assert _line_kind(line) is None


def test_validate_lists_rows_not_read(tmp_path):
    """`census validate` says it in text and JSON; --annotate marks the name cell."""
    report = validate_files([DATA / "upt_pspa_tuban.xlsx"], Config(as_of=AS_OF), annotate_dir=tmp_path)
    found = [(f.sheet, f.row, f.column, f.code) for f in report.findings if f.code == "row-not-read"]
    assert found == [("ASN", 7, "B", "row-not-read"), ("PTT", 9, "A", "row-not-read")]
    result = CliRunner().invoke(
        main, ["validate", str(DATA / "upt_pspa_tuban.xlsx"), "--as-of", "2022-03-31"])
    assert "    PTT!A9  row-not-read  Baris ini tidak dibaca sebagai orang" in result.output
    result = CliRunner().invoke(main, ["validate", str(DATA / "upt_pspa_tuban.xlsx"), "--as-of",
                                       "2022-03-31", "--format", "json", "--lang", "en"])
    listed = [f for f in json.loads(result.output)["findings"] if f["code"] == "row-not-read"]
    assert [(f["sheet"], f["row"], f["column"], f["header"], f["value"], f["severity"])
            for f in listed] == [("ASN", 7, "B", "Nama", "Bambang Irawan", "warning"),
                                 ("PTT", 9, "A", "Nama", "Sutrisno", "warning")]
    assert listed[1]["message"].startswith("This row was not read as a person")
    text = describe_text(read_workbook(DATA / "upt_pspa_tuban.xlsx"))
    assert "    ! Baris ini tidak dibaca sebagai orang" in text
    marked = openpyxl.load_workbook(tmp_path / "upt_pspa_tuban.xlsx")["PTT"]["A9"]
    assert marked.comment.text.startswith("[row-not-read] Baris ini tidak dibaca")
