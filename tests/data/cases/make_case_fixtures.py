"""Write the case tests' inputs folder (run: .venv/bin/python -m tests.data.cases.make_case_fixtures).

A small elderly home, UPT PSTW Tuban, as its office sends it on 15 November 2021 (DOMAIN §5, §9):
staff sheets with a Tugas column (Pamdal, OB, Sopir, Pramu Sosial), clients, family, and a
'Kasus' sheet of its COVID-19 cases under title rows with merged two-row headers ('Isolasi'
over Tempat / Mulai / Selesai, 'Keadaan Akhir' over Status / Tanggal) and a signature block;
and the department's own cases workbook inputs/kasus/kasus_dinsos.xlsx with a unit column.
Planted on purpose, each spelled out in tests/test_cases_*.py: a case without a test date, an
isolation ending before it starts, an unknown severity and test type, an unreadable date, a
repeat positive within an isolation, a person on no roster, a unit that is not the census's.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent / "inputs"
FIXED_TIME = datetime(2021, 11, 15, 8, 0, 0)

CENSUS_TOML = """\
# The case tests' census (tests/data/cases/make_case_fixtures.py).
as_of = 2021-11-15
department = "Dinas Sosial Provinsi Jawa Timur"
lang = "id"

[units.upt_pstw_tuban]
name = "UPT Pelayanan Sosial Tresna Werdha Tuban"
head = "Drs. Bambang Sutrisno, M.Si"
head_nip = "19680412 199303 1 005"
place = "Tuban"
health_office = "Kepala Dinas Kesehatan Kabupaten Tuban"

[letter]
government = "Pemerintah Provinsi Jawa Timur"
agency = "Dinas Sosial"
address = "Jalan Gayung Kebonsari No. 56B, Surabaya 60235"
phone = "(031) 8290794"
email = "dinsos@jatimprov.go.id"
website = "dinsos.jatimprov.go.id"
number = "443.1/{serial}/107.2/{year}"
place = "Surabaya"
signer_position = "KEPALA DINAS SOSIAL\\nPROVINSI JAWA TIMUR"
signer_name = "Dr. Alwi Hasyim, M.Si"
signer_rank = "Pembina Utama Muda"
signer_nip = "19700101 199503 1 001"
copies = ["Gubernur Jawa Timur (sebagai laporan)"]
"""


def _stable(path: Path) -> None:
    """Fixed zip entry times and modified stamp: re-running this script changes no byte."""
    with zipfile.ZipFile(path) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    entries = [
        (name, re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2021-11-15T08:00:00Z", data))
        if name == "docProps/core.xml" else (name, data)
        for name, data in entries
    ]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2021, 11, 15, 8, 0, 0)), data,
                             compress_type=zipfile.ZIP_DEFLATED)


def _save(book: openpyxl.Workbook, path: Path) -> None:
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    _stable(path)


def _put(ws: Worksheet, row: int, values: list) -> None:
    for column, value in enumerate(values, start=1):
        if value is None:
            continue
        cell = ws.cell(row, column, value)
        if isinstance(value, datetime | date):
            cell.number_format = "dd/mm/yyyy"
        elif isinstance(value, str):
            cell.number_format = "@"


def _titles(ws: Worksheet, what: str, width: int) -> None:
    for row, text in enumerate((what, "UPT PELAYANAN SOSIAL TRESNA WERDHA TUBAN",
                                "KEADAAN PER 15 NOVEMBER 2021"), start=1):
        ws.cell(row, 1, text).font = Font(bold=True)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def _sign(ws: Worksheet, row: int, column: int) -> None:
    for offset, text in ((0, "Tuban, 15 November 2021"), (1, "Mengetahui,"),
                         (2, "Kepala UPT Pelayanan Sosial Tresna Werdha Tuban"),
                         (6, "Drs. Bambang Sutrisno, M.Si"), (7, "NIP. 19680412 199303 1 005")):
        ws.cell(row + offset, column, text)


ROSTER_HEAD = ["No", "Nama", "NIK", "Tgl Lahir", "L/P", "No HP", "Tgl Vaksin 1", "Jenis Vaksin 1",
               "Tgl Vaksin 2", "Jenis Vaksin 2", "Keterangan"]


def _roster_sheet(book: openpyxl.Workbook, name: str, what: str, head: list[str],
                  rows: list[list]) -> None:
    ws = book.create_sheet(name)
    _titles(ws, what, len(head))
    _put(ws, 5, head)
    for number, row in enumerate(rows, start=1):
        _put(ws, 5 + number, [number, *row])
    _sign(ws, 8 + len(rows), len(head) - 1)


def _unit_workbook() -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    d = datetime
    _roster_sheet(book, "PNS", "DATA VAKSINASI PNS", ["No", "Nama", "NIP", *ROSTER_HEAD[2:]], [
        ["Drs. Hadi Prasetyo, M.Si", "19700315 199503 1 002", "3523011503700001",
         d(1970, 3, 15), "L", "081233445566", d(2021, 3, 2), "Sinovac", d(2021, 3, 30),
         "Sinovac", None],
        ["Rina Kusumawati, S.Sos.", "19850622 201001 2 004", "3523016206850002",
         d(1985, 6, 22), "P", "085655667788", d(2021, 3, 3), "Sinovac", d(2021, 3, 31),
         "Sinovac", None],
        ["Agus Salim", "19780101 200501 1 009", "3523010101780003", d(1978, 1, 1), "L",
         "081311112222", None, None, None, None, "penyintas, positif 20/10/2021"],
    ])
    _roster_sheet(book, "PTT", "DATA VAKSINASI PEGAWAI NON ASN",
                  [*ROSTER_HEAD[:10], "Tugas", "Keterangan"], [
        ["Slamet Riyadi", "3523011207800004", d(1980, 7, 12), "L", "081244556677",
         d(2021, 4, 5), "Sinovac", d(2021, 5, 3), "Sinovac", "Pamdal", None],
        ["Joko Susilo", "3523012508850005", d(1985, 8, 25), "L", "081355667788",
         d(2021, 4, 6), "AstraZeneca", None, None, "Satpam", None],
        ["Dewi Lestari", "3523014509900006", d(1990, 9, 5), "P", "085766778899",
         d(2021, 4, 7), "Sinovac", d(2021, 5, 5), "Sinovac", "Office Boy/Girl", None],
        ["Bambang Irawan", "3523011011750007", d(1975, 11, 10), "L", "081277889900",
         d(2021, 4, 8), "Sinovac", d(2021, 5, 6), "Sinovac", "Sopir", None],
        ["Sri Wahyuni", "3523015203880008", d(1988, 3, 12), "P", "082144556677",
         None, None, None, None, "Pramu Sosial", None],
        ["Andi Wijaya", "3523010405920009", d(1992, 5, 4), "L", "081388990011",
         d(2021, 4, 9), "Sinovac", d(2021, 5, 7), "Sinovac", "Staf Administrasi", None],
    ])
    _roster_sheet(book, "Penerima Manfaat", "DATA VAKSINASI PENERIMA MANFAAT", ROSTER_HEAD, [
        ["Mbah Sumarni", None, d(1940, 2, 3), "P", None, d(2021, 3, 10), "Sinovac",
         d(2021, 4, 7), "Sinovac", "hipertensi"],
        ["Kasiman", "3523011506450010", d(1945, 6, 15), "L", None, None, None, None, None,
         None],
        ["Paini", None, d(1950, 12, 1), "P", None, d(2021, 3, 10), "Sinovac", d(2021, 4, 7),
         "Sinovac", None],
        ["Tukiman", "3523012003470011", d(1947, 3, 20), "L", None, d(2021, 3, 10),
         "AstraZeneca", d(2021, 6, 2), "AstraZeneca", "diabetes, jantung"],
    ])
    _roster_sheet(book, "Keluarga", "DATA VAKSINASI KELUARGA PEGAWAI",
                  [*ROSTER_HEAD[:6], "Hubungan", *ROSTER_HEAD[6:]], [
        ["Lilik Prasetyo", "3523015508720012", d(1972, 8, 15), "P", None, "Istri",
         d(2021, 7, 1), "Sinovac", d(2021, 7, 29), "Sinovac", None],
    ])

    ws = book.create_sheet("Kasus")
    width = 15
    _titles(ws, "DATA KASUS COVID-19 PEGAWAI DAN PENERIMA MANFAAT", width)
    top = ["No", "Nama", "NIK", "Jabatan/Status", "Tanggal Tes", "Jenis Tes", "Hasil", "Gejala"]
    for column, text in enumerate(top, start=1):
        ws.cell(5, column, text)
        ws.merge_cells(start_row=5, start_column=column, end_row=6, end_column=column)
    ws.cell(5, 9, "Isolasi")
    ws.merge_cells(start_row=5, start_column=9, end_row=5, end_column=11)
    for column, text in ((9, "Tempat"), (10, "Mulai"), (11, "Selesai")):
        ws.cell(6, column, text)
    ws.cell(5, 12, "Puskesmas")
    ws.merge_cells(start_row=5, start_column=12, end_row=6, end_column=12)
    ws.cell(5, 13, "Keadaan Akhir")
    ws.merge_cells(start_row=5, start_column=13, end_row=5, end_column=14)
    ws.cell(6, 13, "Status")
    ws.cell(6, 14, "Tanggal")
    ws.cell(5, 15, "Keterangan")
    ws.merge_cells(start_row=5, start_column=15, end_row=6, end_column=15)
    for row in (5, 6):
        for column in range(1, width + 1):
            ws.cell(row, column).alignment = Alignment(horizontal="center", wrap_text=True)
    cases = [
        # 7: mild, October 2021, no doses: deferred until a month after recovery (18/11/2021).
        ["Sri Wahyuni", "3523015203880008", "PTT", d(2021, 10, 8), "PCR", "Positif", "Ringan",
         "Isoman", d(2021, 10, 8), d(2021, 10, 17), "PKM Tuban", "Sembuh", d(2021, 10, 18), None],
        # 8: a client isolating in the UPT's room on the census date.
        ["Kasiman", "3523011506450010", "Klien", "10/11/2021", "Antigen", "Positif", "Sedang",
         "Ruang Isolasi 1", "10/11/2021", "20/11/2021", "PKM Tuban", None, None, None],
        # 9: the same client again within his isolation (case-repeat-positive).
        ["Kasiman", "3523011506450010", "Klien", "13/11/2021", "PCR", "Positif", "Sedang",
         "Ruang Isolasi 1", None, None, "PKM Tuban", None, None, "swab ulang"],
        # 10: no test date (case-date-missing).
        ["Paini", None, "Klien", None, "PCR", "Positif", "OTG", "Ruang Isolasi 2",
         None, None, "PKM Tuban", None, None, None],
        # 11: isolation ends before it starts; severity 'parah' (unknown); test 'GeNose'.
        ["Joko Susilo", "3523012508850005", "Pamdal", "1 Agustus 2021", "GeNose", "Positif",
         "parah", "RSUD dr. R. Koesma", "05/08/2021", "01/08/2021", None, "Sembuh",
         "20/08/2021", None],
        # 12: a volunteer on no roster (case-person-unknown); an unreadable outcome date.
        ["Yusuf Maulana", None, "Relawan", "02/09/2021", "Antigen", "Positif", "Ringan",
         "Isoman", None, None, "PKM Tuban", "Sembuh", "31/02/2021", None],
        # 13: a client who died (case-person-died: still on the roster).
        ["Tukiman", "3523012003470011", "Klien", "15/07/2021", "PCR", "Positif", "Berat",
         "RSUD Tuban", "15/07/2021", None, "PKM Tuban", "Meninggal", "22/07/2021", None],
    ]
    for number, row in enumerate(cases, start=1):
        _put(ws, 6 + number, [number, *row])
    _sign(ws, 6 + len(cases) + 3, width - 1)
    _save(book, HERE / "upt_pstw_tuban.xlsx")


def _cases_workbook() -> None:
    book = openpyxl.Workbook()
    guide = book.active
    guide.title = "Petunjuk"
    guide["A1"] = "Satu baris per tes positif."
    ws = book.create_sheet("Terpapar")
    ws["A1"] = "REKAP PEGAWAI TERPAPAR COVID-19"
    ws["A2"] = "DINAS SOSIAL PROVINSI JAWA TIMUR"
    head = ["No", "Nama Lengkap", "NIK", "Unit Kerja", "Jabatan", "Tgl Swab", "Hasil Swab",
            "Derajat Gejala", "Tempat Isolasi", "Selesai Isolasi", "Puskesmas Pemantau",
            "Keadaan Akhir", "Tgl Sembuh/Meninggal"]
    _put(ws, 4, head)
    d = datetime
    rows = [
        # the PTT driver, by the unit's name as in census.toml, recovered
        ["Bambang Irawan", "3523011011750007", "UPT Pelayanan Sosial Tresna Werdha Tuban",
         "Sopir", d(2021, 7, 5), "Positif", "Ringan", "Isolasi terpadu", d(2021, 7, 15),
         "PKM Tuban", "Sembuh", d(2021, 7, 15)],
        # a unit that is not the census's (case-unit-unknown)
        ["Wahyu Hidayat", "3578010101800013", "UPT Entah Berantah", "Staf", d(2021, 8, 2),
         "Positif", "Ringan", "Isoman", d(2021, 8, 12), "PKM Ketintang", "Sembuh", None],
        # a negative test: no case
        ["Rina Kusumawati, S.Sos.", "3523016206850002", "upt_pstw_tuban", "ASN",
         d(2021, 11, 1), "Negatif", None, None, None, None, None, None],
    ]
    for number, row in enumerate(rows, start=1):
        _put(ws, 4 + number, [number, *row])
    _save(book, HERE / "kasus" / "kasus_dinsos.xlsx")


def main() -> None:
    HERE.mkdir(parents=True, exist_ok=True)
    (HERE / "census.toml").write_text(CENSUS_TOML, encoding="utf-8")
    _unit_workbook()
    _cases_workbook()
    print(f"written: {HERE}")


if __name__ == "__main__":
    main()
