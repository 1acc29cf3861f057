"""Write the reader's test workbooks (run: .venv/bin/python -m tests.data.read.make_read_fixtures).

Each workbook imitates what units really send (DOMAIN §5): title rows, merged two- and three-row
headers, a row of column numbers, line breaks in headers, TOTAL/JUMLAH rows, signature blocks
(also under a data column), a header repeated inside the table, cells of whitespace only, every
date form, numeric NIK/NIP cells, a category column and a unit column, people left below a
table's end. Also the files that
must be refused (empty, not a workbook, corrupt, old .xls, password-protected) and two
health-office exports. The expected values are spelled out in tests/test_read_*.py.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
FIXED_TIME = datetime(2021, 11, 15, 8, 0, 0)
PASSWORD = "rahasia"


def _stable_zip(path: Path) -> None:
    """Rewrite a zip with fixed entry times, so that re-running this script changes no byte."""
    with zipfile.ZipFile(path) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    # openpyxl stamps the save time into docProps/core.xml whatever the properties say.
    entries = [
        (name, re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2021-11-15T08:00:00Z", data))
        if name == "docProps/core.xml" else (name, data)
        for name, data in entries
    ]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2021, 11, 15, 8, 0, 0)), data,
                             compress_type=zipfile.ZIP_DEFLATED)


def _save(wb: openpyxl.Workbook, name: str) -> Path:
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    path = HERE / name
    wb.save(path)
    _stable_zip(path)
    return path


def _put(ws: Worksheet, row: int, values: list, first_column: int = 1) -> None:
    """Write `values` from `first_column`; a datetime gets a date format, a str is a Text cell."""
    for offset, value in enumerate(values):
        if value is None:
            continue
        cell = ws.cell(row, first_column + offset, value)
        if isinstance(value, datetime | date):
            cell.number_format = "dd/mm/yyyy"
        elif isinstance(value, str):
            cell.number_format = "@"


def _number_cell(ws: Worksheet, ref: str, value: float) -> None:
    """A NIK/NIP typed into a number cell: Excel keeps 15 significant digits and shows E+15."""
    ws[ref] = value
    ws[ref].number_format = "0.00E+00"


def _pstw() -> None:
    """upt_pstw_jombang.xlsx: an elderly home's workbook, one sheet per category."""
    wb = openpyxl.Workbook()
    guide = wb.active
    guide.title = "Petunjuk"
    guide["A1"] = "PETUNJUK PENGISIAN"
    guide["A2"] = "1. Isi satu baris per orang."
    guide["A3"] = "2. Kolom NIK diformat sebagai Teks."

    # ASN: three title rows, a blank row, a merged two-row header (rows 5-6), a row of column
    # numbers, four people, a blank row, a JUMLAH row and a signature block.
    ws = wb.create_sheet("ASN")
    ws["A1"] = "DATA VAKSINASI ASN"
    ws["A2"] = "UPT PELAYANAN SOSIAL TRESNA WERDHA JOMBANG"
    ws["A3"] = "KEADAAN PER 15 NOVEMBER 2021"
    for column, text in zip("ABCDEF", ["No", "Nama", "NIP", "NIK", "Tgl Lahir", "L/P"], strict=True):
        ws[f"{column}5"] = text
        ws.merge_cells(f"{column}5:{column}6")
    for first, last, text in (("G", "H", "Vaksin Dosis 1"), ("I", "J", "Vaksin Dosis 2"),
                              ("K", "L", "Booster")):
        ws[f"{first}5"] = text
        ws.merge_cells(f"{first}5:{last}5")
        ws[f"{first}6"] = "Tanggal"
        ws[f"{last}6"] = "Jenis Vaksin"
    ws["M5"] = "Keterangan"
    ws.merge_cells("M5:M6")
    _put(ws, 7, list(range(1, 14)))
    _put(ws, 8, [1, "Drs. H. Alwi Mustofa, M.Hum", "19650312 199003 1 005", "3517011203650001",
                 datetime(1965, 3, 12), "L", datetime(2021, 3, 1), "Sinovac", "29/03/2021",
                 "Sinovac", None, "Pfizer", None])
    ws["K8"] = 44600  # a serial number typed into a number cell: 2022-02-08
    _put(ws, 9, [2, "Hj. Siti Aminah, S.Sos.", None, None, "12-05-1980", "P", "05 Juli 2021",
                 "AstraZeneca", "27 Sep 2021", "AstraZeneca", None, None,
                 "Penyintas, positif 1/9/2021"])
    _number_cell(ws, "C9", 1.98005122005012e17)
    _number_cell(ws, "D9", 3.57801234567891e15)
    _put(ws, 10, [3, "Budi Santoso", None, "3517010101900003", "1990-01-01", "Laki-laki",
                  None, None, None, None, None, None, "Menolak"])
    _put(ws, 11, [4, "dr. Ratna Dewi", "19851224 201001 2 007", "3517016412850002",
                  "24/12/1985", "Perempuan", "3 Agu 2021", "Moderna", "31 Ags 2021", "Moderna",
                  "1 Des 2022", "Pfizer", None])
    ws["A13"] = "JUMLAH"
    ws.merge_cells("A13:F13")
    ws["G13"] = 3
    ws["I13"] = 3
    ws["K13"] = 2
    for row, text in ((15, "Jombang, 15 November 2021"), (16, "Mengetahui,"),
                      (17, "Kepala UPT"), (20, "Drs. H. Alwi Mustofa, M.Hum"),
                      (21, "NIP. 19650312 199003 1 005")):
        ws[f"J{row}"] = text

    # PTT: one header row (row 3) with line breaks inside the cells, no merges; a row holding
    # only its number, trailing blank rows and a TOTAL row.
    ws = wb.create_sheet("PTT")
    ws["A1"] = "DATA VAKSINASI PEGAWAI NON ASN"
    headers = ["No.", "Nama\nLengkap", "NIK\n(16 digit)", "Tgl. Lahir", "Jenis\nKelamin",
               "Tgl Vaksin 1", "Jenis Vaksin 1", "Tgl Vaksin 2", "Jenis Vaksin 2", "No HP", "Ket."]
    _put(ws, 3, headers)
    for cell in ws[3]:
        cell.alignment = Alignment(wrap_text=True)
    _put(ws, 4, [1, "Agus Salim", "3517010505880004", "5.5.1988", "L", "2021-08-10", "Sinovac",
                 "07/09/21", "CoronaVac", None, None])
    ws["J4"] = 81234567890  # a phone number typed as a number
    _put(ws, 5, [2])
    _put(ws, 6, [3, "Dewi Lestari", "3517015003920005", datetime(1992, 3, 10), "P", None,
                 "Pfizer", None, None, "0812-3456-7890", "Hamil"])
    ws["F6"] = 44400  # serial number: 2021-07-23
    ws["A9"] = "TOTAL"
    ws["F9"] = 2

    # Klien: 'Tempat, Tanggal Lahir' in one cell, 'Vaksin Ke-1' columns, one shared
    # 'Jenis Vaksin' column, an unreadable date, and a notes line under the table.
    ws = wb.create_sheet("Klien")
    ws["A1"] = "DATA VAKSINASI KLIEN / PENERIMA MANFAAT"
    ws["A2"] = "UPT PSTW JOMBANG"
    _put(ws, 4, ["No", "Nama Klien", "Tempat, Tanggal Lahir", "JK", "Vaksin Ke-1", "Vaksin Ke-2",
                 "Jenis Vaksin", "Catatan"])
    _put(ws, 5, [1, "Mbah Suparmi", "Jombang, 17-08-1940", "P", "5 Nopember 2021", "3 Des 2021",
                 "Sinovac", None])
    _put(ws, 6, [2, "Kasiman", "Kab. Kediri, 02 Januari 1938", "L", "1 Okt 2021", "kemarin",
                 "AZ", "positif covid 12/10/2021"])
    _put(ws, 7, [3, "Ngatini", "Surabaya", "Perempuan", None, None, None, "tidak bersedia"])
    _put(ws, 8, [4, "Paijo", datetime(1945, 5, 17), "L", None, None, "Sinovac", None])
    ws["E8"] = 44470  # serial number: 2021-10-01
    ws["A10"] = "Ket: *) data per 15 November 2021"

    # Keluarga: header on row 1, 'Nama Pegawai' beside 'Nama Anggota Keluarga', dose columns
    # named 'Dosis 1' / 'Dosis 2' / 'Booster', a 'Hamil/Menyusui' column.
    ws = wb.create_sheet("Keluarga")
    _put(ws, 1, ["No", "Nama Pegawai", "Nama Anggota Keluarga", "Hubungan", "NIK", "Tgl Lahir",
                 "L/P", "Dosis 1", "Dosis 2", "Booster", "Hamil/Menyusui", "No. Telp"])
    _put(ws, 2, [1, "Alwi Mustofa", "Sri Wahyuni", "Istri", "3517014508700006", "05/08/1970",
                 "P", "2021-03-15", "2021-04-12", None, "Tidak", "081234567001"])
    _put(ws, 3, [2, "Alwi Mustofa", "Rizky Pratama", "Anak", "3517011010100007", "10 Okt 2010",
                 "L", "20/12/2021", None, None, None, None])
    _put(ws, 4, [3, "Agus Salim", "Nur Aini", "Istri", "3517016002950008", "20-02-1995", "P",
                 None, None, None, "Ya", "085712345678"])

    # Rekap: a summary, not a roster (skipped). PM: named like a roster but without a table.
    ws = wb.create_sheet("Rekap")
    _put(ws, 1, ["REKAPITULASI"])
    _put(ws, 3, ["Kategori", "Jumlah", "Sudah Dosis 1", "Sudah Dosis 2"])
    _put(ws, 4, ["ASN", 4, 3, 3])
    ws = wb.create_sheet("PM")
    ws["A1"] = "Data penerima manfaat menyusul"
    _save(wb, "upt_pstw_jombang.xlsx")


def _prov() -> None:
    """dinsos_prov.xlsx: one sheet with a category column and a unit column; a two-row header
    without merged cells ('Vaksin 1' over blank, sub-headers 'Tgl' / 'Merk')."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data Vaksin"
    ws["A1"] = "DAFTAR VAKSINASI KELUARGA BESAR DINAS SOSIAL PROVINSI JAWA TIMUR"
    _put(ws, 3, ["No", "Nama", "NIK", "Kategori", "Unit Kerja", "Jenis Kelamin", "Tgl Lahir",
                 "Vaksin 1", None, "Vaksin 2", None, "WA", "Status Vaksin"])
    _put(ws, 4, [None] * 7 + ["Tgl", "Merk", "Tgl", "Merk"])
    _put(ws, 5, [1, "Ahmad Fauzi", None, "PNS", "sekretariat", "L", "01-01-1975",
                 datetime(2021, 2, 1), "Sinovac", datetime(2021, 3, 1), "Sinovac", None, None])
    _number_cell(ws, "C5", 3.57801234567891e15)
    _put(ws, 6, [2, "Sri Rahayu", "3578015506850002", "Honorer", None, "P", "15/06/1985",
                 None, None, None, None, "6281234567890", "Sudah Vaksin"])
    _put(ws, 7, [3, "Bambang", "3578010101700003", "Outsourcing", "bidang_rehsos", "L",
                 "1970-01-01", "2021-06-01", "Sinopharm", "2021-06-22", "Sinopharm", None, None])
    _put(ws, 8, [4, "Yuni", "3578014404000004", "Keluarga", "sekretariat", "P", "04/04/2000",
                 None, None, None, None, None, "Belum"])
    _put(ws, 9, [5, "Joko", "3578010202800005", "Tamu", None, "L", "02/02/1980",
                 None, None, None, None, None, None])
    _put(ws, 10, [6, "Wati", "3578014303900006", "Sahabat Tagana", None, "P", "03/03/1990",
                  "12 Jan 2022", "Pfizer", None, None, None, None])
    ws["A12"] = "Jumlah"
    ws["H12"] = 3
    _save(wb, "dinsos_prov.xlsx")


def _tagana() -> None:
    """tagana.xlsx: a three-row merged header ('Vaksinasi' / 'Dosis 1' / 'Tanggal') and a
    'Sahabat Tagana' sheet with 'Dosis 3' and 'Booster 2' columns."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tagana"
    ws["A1"] = "DATA VAKSINASI TAGANA JAWA TIMUR"
    for column, text in zip("ABCDK", ["No", "Nama", "NIK", "Kab/Kota", "Keterangan"], strict=True):
        ws[f"{column}3"] = text
        ws.merge_cells(f"{column}3:{column}5")
    ws["E3"] = "Vaksinasi"
    ws.merge_cells("E3:H3")
    ws["I3"] = "Booster"
    ws.merge_cells("I3:J4")
    ws["E4"] = "Dosis 1"
    ws.merge_cells("E4:F4")
    ws["G4"] = "Dosis 2"
    ws.merge_cells("G4:H4")
    _put(ws, 5, ["Tanggal", "Jenis", "Tanggal", "Jenis", "Tanggal", "Jenis"], first_column=5)
    _put(ws, 6, [f"({n})" for n in range(1, 12)])
    _put(ws, 7, [1, "Eko Prasetyo", "3507010101850001", "Kab. Malang", "2021-07-01", "Sinovac",
                 "2021-07-29", "Sinovac", "2022-03-01", "Pfizer", None])
    _put(ws, 8, [2, "Rina Marlina", "3573015202900002", "Kota Malang", "12/08/2021", "Moderna",
                 None, None, None, None, "isoman 20/8/2021"])

    ws = wb.create_sheet("Sahabat Tagana")
    _put(ws, 1, ["No", "Nama Lengkap", "NIK", "Kabupaten/Kota", "Dosis 1", "Dosis 2", "Dosis 3",
                 "Booster 2"])
    _put(ws, 2, [1, "Slamet Riyadi", "3578010606600001", "Kota Surabaya", "1 Mar 2021",
                 "29 Mar 2021", "1 Mar 2022", "2 Feb 2023"])
    _save(wb, "tagana.xlsx")


def _pslu() -> None:
    """upt_pslu_tulungagung.xlsx, written by xlsxwriter (which, like Excel, keeps a cell of
    spaces as typed): what ends a table and what repeats inside it.

    PNS: the two-row header and its column numbers copied again on the second printed page;
    a blank row and a row of spaces under the table, then a signature block under the name
    column whose first lines no word gives away ('Dibuat di : ...', 'Pada tanggal : ...').
    Non ASN: a second block pasted under the first with its own title and header row; cells
    of spaces, tabs and no-break spaces; a numbered row holding nothing else; the signature
    block right under the last row, in the remarks column.
    Klien: no number column, the header typed again on page two, and the signature's place
    and date right under the last row in the 'Tempat, Tanggal Lahir' column.
    """
    import xlsxwriter

    path = HERE / "upt_pslu_tulungagung.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"created": FIXED_TIME, "author": "UPT PSLU Tulungagung"})
    bold = book.add_format({"bold": True, "align": "center", "valign": "vcenter"})
    text = book.add_format({"num_format": "@"})
    day = book.add_format({"num_format": "dd/mm/yyyy"})

    def row(ws: Any, r: int, values: list, first: int = 0) -> None:
        for j, value in enumerate(values, start=first):
            if value is None:
                continue
            if isinstance(value, datetime):
                ws.write_datetime(r - 1, j, value, day)
            elif isinstance(value, str):
                ws.write_string(r - 1, j, value, text)
            else:
                ws.write_number(r - 1, j, value)

    def two_row_header(ws: Any, r: int) -> None:
        for j, label in enumerate(["No", "Nama", "NIP", "NIK", "Tgl Lahir", "L/P"]):
            ws.merge_range(r - 1, j, r, j, label, bold)
        for j, label in ((6, "Vaksin Dosis 1"), (8, "Vaksin Dosis 2")):
            ws.merge_range(r - 1, j, r - 1, j + 1, label, bold)
            ws.write_string(r, j, "Tanggal", bold)
            ws.write_string(r, j + 1, "Jenis Vaksin", bold)
        ws.merge_range(r - 1, 10, r, 10, "Keterangan", bold)
        for j in range(11):
            ws.write_number(r + 1, j, j + 1, bold)

    ws = book.add_worksheet("PNS")
    row(ws, 1, ["DATA VAKSINASI COVID-19 PEGAWAI ASN"])
    row(ws, 2, ["UPT PELAYANAN SOSIAL LANJUT USIA TULUNGAGUNG"])
    row(ws, 3, ["KEADAAN PER 31 MARET 2022"])
    two_row_header(ws, 5)  # rows 5-6, column numbers on row 7
    row(ws, 8, [1, "Drs. Hari Santoso, M.Si", "19680817 199303 1 004", "3504011708680001",
                datetime(1968, 8, 17), "L", datetime(2021, 2, 24), "Sinovac",
                datetime(2021, 3, 24), "Sinovac", None])
    row(ws, 9, [2, "Endang Sulistyowati", "19750402 200003 2 002", "3504014204750002",
                "02/04/1975", "P", "15/03/2021", "Sinovac", "12/04/2021", "Sinovac", None])
    row(ws, 10, [3, "Yusuf Effendi, S.Kom", "19880909 201101 1 003", "3504010909880003",
                 "09-09-1988", "L", "20 Juli 2021", "AstraZeneca", None, None, "Dosis 2 tunda"])
    two_row_header(ws, 11)  # page 2: the header again (rows 11-12) and its numbers (row 13)
    row(ws, 14, [4, "Sri Wahyuni", "19800101 200501 2 004", "3504014101800004", "01/01/1980",
                 "P", "2021-03-02", "Sinovac", "2021-03-30", "Sinovac", None])
    row(ws, 15, [5, "Bambang Wijaya", "19790512 200801 1 005", "3504011205790005",
                 "12/05/1979", "L", None, None, None, None, "Menolak"])
    row(ws, 17, [" ", " ", "  ", " ", None, " ", None, None, None, None, "\xa0"])
    for r, line in ((19, "Dibuat di : Tulungagung"), (20, "Pada tanggal : 31 Maret 2022"),
                    (21, "KEPALA UPT PELAYANAN SOSIAL LANJUT USIA"), (22, "TULUNGAGUNG"),
                    (26, "Drs. Hari Santoso, M.Si"), (27, "Pembina Tk. I"),
                    (28, "NIP. 19680817 199303 1 004")):
        row(ws, r, [line], first=1)

    ws = book.add_worksheet("Non ASN")
    row(ws, 1, ["DATA VAKSINASI COVID-19 PEGAWAI NON ASN"])
    row(ws, 3, ["NO", "NAMA LENGKAP", "NIK", "TGL LAHIR", "JK", "TGL VAKSIN 1", "TGL VAKSIN 2",
                "KET"])
    row(ws, 4, [1, "Agus Prasetyo", "3504010303900006", "03/03/1990", "L", "01/08/2021",
                "29/08/2021", None])
    row(ws, 5, [2, "Nur Hidayati", " ", "15/06/1993", "P", "01/08/2021", "\xa0", "\xa0"])
    row(ws, 6, [3, "Slamet Riyadi", "3504012007850007", "20/07/1985", "\t", " ", None, "  "])
    row(ws, 7, [4, " ", "\xa0", " ", None, " ", None, None])
    row(ws, 8, [None, "\xa0", " ", None, "\t", None, " ", " \xa0 "])
    ws.merge_range(9, 0, 9, 7, "TENAGA OUTSOURCING", bold)
    row(ws, 11, ["No.", "Nama", "NIK", "Tanggal Lahir", "L/P", "Dosis 1", "Dosis 2",
                 "Keterangan"])
    row(ws, 12, [1, "Rudi Hartono", "3504011111920008", "11/11/1992", "L", "10 Sep 2021",
                 "8 Okt 2021", "Satpam"])
    row(ws, 13, [2, "Siti Khotijah", "3504015012940009", "10/12/1994", "P", "10 Sep 2021",
                 None, "Cleaning service"])
    for r, line in ((14, "Tulungagung, 31 Maret 2022"), (15, "Kepala UPT PSLU Tulungagung"),
                    (18, "Drs. Hari Santoso, M.Si"), (19, "NIP. 19680817 199303 1 004")):
        row(ws, r, [line], first=7)

    ws = book.add_worksheet("Klien")
    row(ws, 1, ["DATA VAKSINASI KLIEN UPT PSLU TULUNGAGUNG"])
    header = ["Nama Klien", "NIK", "Tempat, Tanggal Lahir", "JK", "Vaksin Ke-1", "Vaksin Ke-2",
              "Keterangan"]
    row(ws, 3, header)
    row(ws, 4, ["Mbah Sainem", "3504016507400010", "Tulungagung, 25-07-1940", "P", "5 Nov 2021",
                "3 Des 2021", None])
    row(ws, 5, ["Mbah Karto", None, "Blitar, 1 Januari 1938", "L", "5 Nov 2021", None, "Sakit"])
    row(ws, 6, header)
    row(ws, 7, ["Tumini", "3504014402450011", "Kediri, 04-02-1945", "P", None, None,
                "Tidak bersedia"])
    row(ws, 8, [None, None, "Tulungagung, 31 Maret 2022"])
    row(ws, 9, [None, None, "Mengetahui,"])
    row(ws, 10, [None, None, "Kepala UPT PSLU Tulungagung"])
    row(ws, 13, [None, None, "Drs. Hari Santoso, M.Si"])
    book.close()
    _stable_zip(path)


def _pspa() -> None:
    """upt_pspa_tuban.xlsx, written by xlsxwriter: rows left below the table's end, and
    signature blocks under the name column that are no one.

    PTT: no number column; under the blank row that ends the table, a person's row holding only
    a name ('Sutrisno', row 9) above a signature block whose first lines no word gives away
    ('Dibuat di : Tuban'): not read, said as row-not-read.
    ASN: numbered; a person added under the JUMLAH row without a number (row 7): not read, said.
    Klien: no number column; notes, then two signatures side by side, the left one under the
    name column with a role going on to a second line, a rank and a NIP: no finding.
    Keluarga: a signature under the name column whose role no word gives away ('Urusan Umum
    dan Kepegawaian'), over its signer's name and NIP: no finding.
    """
    import xlsxwriter

    path = HERE / "upt_pspa_tuban.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"created": FIXED_TIME, "author": "UPT PSPA Tuban"})
    text = book.add_format({"num_format": "@"})

    def row(ws: Any, r: int, values: list, first: int = 0) -> None:
        for j, value in enumerate(values, start=first):
            if value is None:
                continue
            if isinstance(value, str):
                ws.write_string(r - 1, j, value, text)
            else:
                ws.write_number(r - 1, j, value)

    def lines(ws: Any, column: int, *numbered: tuple[int, str]) -> None:
        for r, line in numbered:
            row(ws, r, [line], first=column)

    ws = book.add_worksheet("PTT")
    row(ws, 1, ["DATA VAKSINASI COVID-19 PEGAWAI NON ASN"])
    row(ws, 2, ["UPT PELAYANAN SOSIAL PETIRAHAN ANAK TUBAN"])
    row(ws, 4, ["Nama", "NIK", "Tgl Lahir", "L/P", "Tgl Vaksin 1", "Jenis Vaksin 1",
                "Tgl Vaksin 2", "Jenis Vaksin 2", "Keterangan"])
    row(ws, 5, ["Agus Salim", "3523010505880004", "05/05/1988", "L", "01/08/2021", "Sinovac",
                "29/08/2021", "Sinovac", None])
    row(ws, 6, ["Dewi Lestari", "3523015003920005", "10/03/1992", "P", "01/08/2021", "Sinovac",
                None, None, None])
    row(ws, 7, ["Joko Susilo", None, "17/08/1979", "L", None, None, None, None, "Menolak"])
    lines(ws, 0, (9, "Sutrisno"), (10, "Dibuat di : Tuban"), (11, "Pada tanggal : 31 Maret 2022"),
          (12, "Mengetahui,"), (13, "Kepala UPT Pelayanan Sosial Petirahan Anak Tuban"),
          (17, "Drs. Bagus Wicaksono, M.Si"), (18, "NIP. 19700101 199503 1 002"))

    ws = book.add_worksheet("ASN")
    row(ws, 1, ["DATA VAKSINASI COVID-19 PEGAWAI ASN"])
    row(ws, 3, ["No", "Nama", "NIP", "NIK", "Tgl Lahir", "L/P", "Dosis 1", "Dosis 2"])
    row(ws, 4, [1, "Drs. Bagus Wicaksono, M.Si", "19700101 199503 1 002", "3523010101700001",
                "01/01/1970", "L", "24/02/2021", "24/03/2021"])
    row(ws, 5, [2, "Rina Marlina", "19850302 201001 2 003", "3523014203850002", "02/03/1985",
                "P", "15/03/2021", "12/04/2021"])
    row(ws, 6, ["JUMLAH", None, None, None, None, None, 2, 2])
    row(ws, 7, [None, "Bambang Irawan", "19900707 201503 1 001", "3523010707900003",
                "07/07/1990", "L", "20/07/2021", None])
    lines(ws, 7, (9, "Tuban, 31 Maret 2022"), (10, "Kepala UPT PSPA Tuban"),
          (14, "Drs. Bagus Wicaksono, M.Si"), (15, "NIP. 19700101 199503 1 002"))

    ws = book.add_worksheet("Klien")
    row(ws, 1, ["DATA VAKSINASI KLIEN UPT PSPA TUBAN"])
    row(ws, 3, ["Nama Klien", "NIK", "Tempat, Tanggal Lahir", "JK", "Vaksin Ke-1",
                "Vaksin Ke-2", "Keterangan"])
    row(ws, 4, ["Ahmad Rizki", "3523011204100004", "Tuban, 12-04-2010", "L", "5 Nov 2021",
                "3 Des 2021", None])
    row(ws, 5, ["Putri Ayu", None, "Lamongan, 1 Juni 2011", "P", "5 Nov 2021", None, None])
    lines(ws, 0, (7, "Catatan:"), (8, "1. Klien tanpa KTP belum memiliki NIK."),
          (11, "Mengetahui,"), (12, "Kepala UPT Pelayanan Sosial"), (13, "Petirahan Anak Tuban"),
          (17, "Drs. Bagus Wicaksono, M.Si"), (18, "Pembina Tk. I"),
          (19, "NIP. 19700101 199503 1 002"))
    lines(ws, 4, (10, "Tuban, 31 Maret 2022"), (11, "Yang membuat daftar,"),
          (17, "Siti Aminah"))

    ws = book.add_worksheet("Keluarga")
    row(ws, 1, ["No", "Nama", "Hubungan", "NIK", "Tgl Lahir", "L/P", "Dosis 1", "Dosis 2"])
    row(ws, 2, [1, "Sri Wahyuni", "Istri", "3523014508720005", "05/08/1972", "P", "15/03/2021",
                "12/04/2021"])
    row(ws, 3, [2, "Rizky Pratama", "Anak", "3523011010100006", "10/10/2010", "L", None, None])
    lines(ws, 1, (5, "Urusan Umum dan Kepegawaian"), (9, "Siti Aminah, S.E."),
          (10, "NIP. 19800101 200501 2 004"))
    book.close()
    _stable_zip(path)


def _cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal but valid OLE compound file (version 3, 512-byte sectors) holding `streams`,
    each padded to at least 4096 bytes so that none lives in the mini stream."""
    end, free, fat_sector, no_stream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    bodies = [data.ljust(4096, b"\0") for data in streams.values()]
    sectors_of = [(len(body) + 511) // 512 for body in bodies]
    dir_sectors = (len(streams) + 1 + 3) // 4
    first_data = 1 + dir_sectors
    total = first_data + sum(sectors_of)
    fat = [fat_sector] + [i + 2 if i + 1 < dir_sectors else end for i in range(dir_sectors)]
    starts = []
    sector = first_data
    for count in sectors_of:
        starts.append(sector)
        fat += [sector + i + 1 if i + 1 < count else end for i in range(count)]
        sector += count
    assert total <= 128, "one FAT sector only"
    fat += [free] * (128 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0" if name else b""
        return struct.pack(
            "<64sHBBIII16sIQQIQ", raw.ljust(64, b"\0"), len(raw), kind, 1, no_stream, right,
            child, b"\0" * 16, 0, 0, 0, start, size,
        )

    names = list(streams)
    # The streams hang off the root as a chain of right siblings.
    entries = [entry("Root Entry", 5, 1 if names else no_stream, no_stream, end, 0)]
    for index, name in enumerate(names):
        right = index + 2 if index + 1 < len(names) else no_stream
        entries.append(entry(name, 2, no_stream, right, starts[index], len(streams[name])))
    entries += [entry("", 0, no_stream, no_stream, 0, 0)] * (dir_sectors * 4 - len(entries))
    directory = b"".join(entries)
    difat = [0] + [free] * 108
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\0" * 16, 0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6,
        0, 1, 1, 0, 4096, end, 0, end, 0,
    ) + struct.pack("<109I", *difat)
    return header + struct.pack("<128I", *fat) + directory + b"".join(bodies)


def _bad_files() -> None:
    (HERE / "empty.xlsx").write_bytes(b"")
    (HERE / "not_a_workbook.xlsx").write_text("Nama;NIK\nAgus;3517010505880004\n", encoding="utf-8")
    (HERE / "scan.xlsx").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\n")
    valid = (HERE / "tagana.xlsx").read_bytes()
    (HERE / "corrupt.xlsx").write_bytes(valid[: len(valid) // 3])
    # A zip that is not a workbook (a renamed .zip of text files).
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("catatan.txt", date_time=(2021, 11, 15, 8, 0, 0)),
                         "bukan workbook")
    (HERE / "zip_not_workbook.xlsx").write_bytes(buffer.getvalue())
    # An old binary workbook: an OLE compound file with a BIFF8 'Workbook' stream.
    bof = struct.pack("<HHHHHHII", 0x0809, 16, 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0)
    (HERE / "legacy.xls").write_bytes(_cfb({"Workbook": bof}))
    _protected()


def _protected() -> None:
    """protected.xlsx: a real workbook encrypted with a password (Excel's agile encryption).

    Encryption uses a random salt, so an existing file is kept (delete it to make a new one)."""
    plain = (HERE / "tagana.xlsx").read_bytes()
    target = HERE / "protected.xlsx"
    if target.exists():
        return
    try:
        import msoffcrypto  # type: ignore[import-not-found]
        from msoffcrypto.format.ooxml import OOXMLFile  # type: ignore[import-not-found]
    except ImportError:  # keep the committed file; without the tool, write the same container
        if not target.exists():
            target.write_bytes(_cfb({"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00",
                                     "EncryptedPackage": plain}))
        return
    del msoffcrypto
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt(PASSWORD, out)
    target.write_bytes(out.getvalue())


def _registry() -> None:
    """Two health-office exports: a PCare-style CSV with ';' and a Dinkes xlsx with a title row."""
    lines = [
        "NIK;Nama;Tgl Lahir;Tanggal Vaksin;Dosis;Jenis Vaksin;Faskes",
        "3517011203650001;ALWI MUSTOFA;12/03/1965;01/03/2021;Dosis 1;SINOVAC;Puskesmas Jombang",
        "3517011203650001;ALWI MUSTOFA;12/03/1965;29/03/2021;Dosis 2;SINOVAC;Puskesmas Jombang",
        "3517011203650001;ALWI MUSTOFA;12/03/1965;08/02/2022;Booster 1;PFIZER;RSUD Jombang",
        "3517010101900003;BUDI SANTOSO;01/01/1990;2022-01-05;1;Sinovac;Puskesmas Peterongan",
        "",
        "3517099999990009;\"WARGA, LAIN\";;5 Juli 2021;Dosis 3;Moderna;Puskesmas Jombang",
        "3517099999990010;WARGA LAIN 2;;10/10/2022;Booster 2;Pfizer;",
        "3517099999990011;WARGA LAIN 3;;10/10/2022;Lanjutan 1;Pfizer;",
        "3517099999990012;WARGA LAIN 4;;tidak tahu;Dosis X;Pfizer;",
    ]
    (HERE / "registry_pcare.csv").write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    comma = [
        "No KTP,Nama Lengkap,Tgl Vaksinasi,Dosis Ke,Vaksin,Lokasi Vaksinasi",
        "3573015202900002,Rina Marlina,12-08-2021,Dosis 1,Moderna,\"RS Saiful Anwar, Malang\"",
    ]
    (HERE / "registry_comma.csv").write_text("\n".join(comma) + "\n", encoding="utf-8")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Export"
    ws["A1"] = "LAPORAN VAKSINASI DINKES KAB. JOMBANG"
    _put(ws, 3, ["No KTP", "Nama Lengkap", "Tgl Vaksinasi", "Dosis Ke", "Vaksin",
                 "Lokasi Vaksinasi"])
    _put(ws, 4, ["3517016412850002", "RATNA DEWI", datetime(2021, 8, 3), None, "Moderna",
                 "Puskesmas Jombang"])
    ws["D4"] = 1
    _put(ws, 5, [None, "RATNA DEWI", "31/08/2021", "Dosis 2", "Moderna", "Puskesmas Jombang"])
    _number_cell(ws, "A5", 3.51701641285e15)
    _save(wb, "registry_dinkes.xlsx")


def main() -> None:
    """Write every fixture next to this script."""
    _pstw()
    _prov()
    _tagana()
    _pslu()
    _pspa()
    _bad_files()
    _registry()


if __name__ == "__main__":
    main()
