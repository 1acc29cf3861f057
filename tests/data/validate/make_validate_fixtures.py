"""Write the small roster workbooks the validation tests read, with their planted mistakes.

Run: .venv/bin/python -m tests.data.validate.make_validate_fixtures
Every workbook has title rows, a blank row and the header on row 4, so data starts on row 5.
Each data row is commented with the finding it plants ('ok' = must stay clean). The census date
of the tests is 2022-03-31.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
FIXED_TIME = datetime(2022, 4, 1, 8, 0, 0)

D = datetime  # a real Excel date cell
DOSES = ["Tgl Vaksin 1", "Jenis Vaksin 1", "Tgl Vaksin 2", "Jenis Vaksin 2",
         "Tgl Vaksin 3", "Jenis Vaksin 3", "Tgl Booster 1", "Jenis Booster 1",
         "Tgl Booster 2", "Jenis Booster 2"]
STAFF = ["No", "Nama", "NIK", "Tanggal Lahir", "Jenis Kelamin", *DOSES, "Keterangan"]
ASN = ["No", "Nama", "NIK", "NIP", "Tanggal Lahir", "Jenis Kelamin", *DOSES, "Keterangan"]


class Number(float):
    """A value written into a numeric cell (e.g. a NIK typed as a number)."""


def _sheet(ws: Worksheet, title: str, headers: list[str], rows: list[dict]) -> None:
    ws.append([f"DATA VAKSINASI {title.upper()}"])
    ws.append(["UPT UJI VALIDASI"])
    ws.append([])
    ws.append(headers)
    for number, row in enumerate(rows, start=1):
        values = []
        for header in headers:
            value = number if header == "No" else row.get(header)
            values.append(value)
        ws.append(values)
        excel_row = ws.max_row
        for column, header in enumerate(headers, start=1):
            cell = ws.cell(excel_row, column)
            value = row.get(header)
            if isinstance(value, Number):
                cell.value = float(value)
                cell.number_format = "0"
            elif isinstance(value, datetime):
                cell.number_format = "dd/mm/yyyy"
            elif isinstance(value, str):
                cell.number_format = "@"


def _save(wb: openpyxl.Workbook, name: str) -> None:
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.save(HERE / name)


def _book(sheets: list[tuple[str, list[str], list[dict]]]) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, headers, rows in sheets:
        _sheet(wb.create_sheet(title), title, headers, rows)
    return wb


def person(name: str, nik: str | Number | None, born: object, sex: str | None, **more: object) -> dict:
    row = {"Nama": name, "NIK": nik, "Tanggal Lahir": born, "Jenis Kelamin": sex}
    row.update({key.replace("_", " "): value for key, value in more.items()})
    return row


def nik_book() -> openpyxl.Workbook:
    """NIK checks on a staff sheet (ASN) and a client sheet (Klien)."""
    asn = [
        person("Budi Santoso", "3578011205800001", D(1980, 5, 12), "L"),          # 5 ok
        person("Siti Aminah", "3578 0152 0580 0002", D(1980, 5, 12), "P"),        # 6 ok: spaces, +40
        person("Agus Salim", None, D(1975, 1, 2), "L"),                           # 7 nik-missing (error)
        person("Dewi Lestari", "357801520580002", D(1980, 5, 12), "P"),           # 8 nik-length
        person("Rudi Hartono", "35780112O5800003", D(1980, 5, 12), "L"),          # 9 nik-not-digits
        person("Hendra Wijaya", Number(3578011205800000), D(1980, 5, 12), "L"),   # 10 nik-stored-as-number
        person("Yusuf Maulana", "9999011205800004", D(1980, 5, 12), "L"),         # 11 nik-region-unknown
        person("Nur Hidayah", "9101015205800005", D(1980, 5, 12), "P"),           # 12 ok: retired Papua code
        person("Rina Marlina", "3578017205800006", D(1980, 5, 12), "P"),          # 13 nik-birthdate-invalid
        person("Joko Susilo", "3578011305800007", D(1980, 5, 12), "L"),           # 14 nik-birthdate-mismatch
        person("Andi Pratama", "3578015205800008", D(1980, 5, 12), "L"),          # 15 nik-sex-mismatch
        person("Bambang Irawan", "3578010000000009", D(1980, 5, 12), "L"),        # 16 nik-placeholder
        person("Budi Santosa", "3578011205800001", D(1980, 5, 12), "L"),          # 17 duplicate-nik of 5
        person("Eko Prasetyo", "3578012902000010", D(2000, 2, 29), "L"),          # 18 ok: 29 Feb 2000
    ]
    klien = [
        person("Mbah Sarminah", None, D(1940, 3, 4), "P"),                        # 5 nik-missing (warning)
        person("Mbah Karto", "-", D(1938, 7, 1), "L"),                            # 6 nik-missing (warning)
        person("Ahmad Fauzi", "3517010101150001", D(2015, 1, 1), "L"),            # 7 ok: 2015 (20YY)
        person("Sri Wahyuni", "3517014101450002", D(1945, 1, 1), "P"),            # 8 ok: 1945 (19YY)
        person("Nenek Painem", "3517014101450003", "1 Jan 1945", "Perempuan"),    # 9 ok: text date
    ]
    return _book([("ASN", STAFF, asn), ("Klien", STAFF, klien)])


def nip_book() -> openpyxl.Workbook:
    """NIP checks: PNS and PPPK shapes, old 9-digit NIPs, mismatches."""
    def asn(name: str, nik: str, born: datetime, sex: str, nip: object) -> dict:
        return {**person(name, nik, born, sex), "NIP": nip}

    rows = [
        asn("Drs. H. Alwi, M.Hum", "3578011205800001", D(1980, 5, 12), "L", "19800512 200501 1 003"),  # 5 ok
        asn("Hj. Siti Aminah, S.Sos.", "3578015206890002", D(1989, 6, 12), "P", "198906122023212019"),  # 6 ok PPPK
        asn("Ir. Slamet", "3578010107600003", D(1960, 7, 1), "L", "150307928"),                       # 7 ok old
        asn("Sugeng Riyadi", "3578010203810004", D(1981, 3, 2), "L", "19810302 200501 1 00"),          # 8 nip-format (17)
        asn("Wahyu Hidayat", "3578010304820005", D(1982, 4, 3), "L", "19820403 200513 1 004"),         # 9 nip-format (month 13)
        asn("Agung Nugroho", "3578010405830006", D(1983, 5, 4), "L", "19830504 199001 1 005"),         # 10 nip-format (TMT < +15y)
        asn("Teguh Santoso", "3578010506840007", D(1984, 6, 5), "L", "19840605 200501 3 006"),         # 11 nip-format (sex 3)
        asn("Dian Purnama", "3578014607850008", D(1985, 7, 6), "P", "19850707 201001 2 007"),          # 12 nip-birthdate-mismatch
        asn("Fajar Ramadhan", "3578010708860009", D(1986, 8, 7), "L", "19860807 201001 2 008"),        # 13 nip-sex-mismatch
        asn("Lukman Hakim", "3578010809870010", D(1987, 9, 8), "L", Number(198709082010011000)),       # 14 nip-stored-as-number
        asn("Putri Ayu", "3578014910880011", D(1988, 10, 9), "P", "NIP 1988"),                          # 15 nip-format (letters)
        asn("Hadi Kusuma", "3578011011890012", D(1989, 11, 10), "L", "-"),                              # 16 ok: no NIP yet
        asn("Sutrisno", "3578010101550013", D(1955, 1, 1), "L", Number(150307929)),                    # 17 ok: old NIP, number cell
    ]
    return _book([("PNS", ASN, rows)])


def dose_book() -> openpyxl.Workbook:
    """Dose and brand checks on a PTT sheet (everyone born 1980–1995, NIKs valid)."""
    def ptt(n: int, born: datetime, **doses: object) -> dict:
        nik = f"357801{born.day:02d}{born.month:02d}{born.year % 100:02d}{n:04d}"
        return person(f"Pegawai {n}", nik, born, "L", **doses)

    b = D(1985, 6, 15)
    rows = [
        ptt(1, b, Tgl_Vaksin_1=D(2021, 3, 1), Jenis_Vaksin_1="Sinovac",                       # 5 ok
            Tgl_Vaksin_2=D(2021, 3, 29), Jenis_Vaksin_2="CoronaVac",
            Tgl_Booster_1="15/02/2022", Jenis_Booster_1="Pfizer-BioNTech"),
        ptt(2, b, Tgl_Vaksin_1="31/02/2021", Jenis_Vaksin_1="Sinovac"),                       # 6 date-invalid
        ptt(3, b, Tgl_Vaksin_1="5 Juli 2021", Jenis_Vaksin_1="AstraZeneca",                  # 7 date-in-future (H)
            Tgl_Vaksin_2="2022-04-05", Jenis_Vaksin_2="AZ"),
        ptt(4, b, Tgl_Vaksin_1=D(2020, 12, 20), Jenis_Vaksin_1="Sinovac"),                    # 8 dose-before-program
        ptt(5, D(1995, 2, 1), Tgl_Vaksin_1=D(2021, 8, 1), Jenis_Vaksin_1="Moderna",           # 9 dose-order (H)
            Tgl_Vaksin_2=D(2021, 7, 1), Jenis_Vaksin_2="Moderna"),
        ptt(6, b, Tgl_Vaksin_2=D(2021, 8, 1), Jenis_Vaksin_2="Sinovac"),                      # 10 dose-missing-earlier (H)
        ptt(7, b, Tgl_Vaksin_1=D(2021, 8, 1), Jenis_Vaksin_1="Sinovac",                       # 11 dose-missing-earlier (N)
            Tgl_Vaksin_2=D(2021, 9, 1), Jenis_Vaksin_2="Sinovac",
            Tgl_Booster_2=D(2022, 3, 1), Jenis_Booster_2="Pfizer"),
        ptt(8, b, Tgl_Vaksin_1=D(2021, 8, 1), Jenis_Vaksin_1="Sinovac",                       # 12 dose-interval-short (H)
            Tgl_Vaksin_2=D(2021, 8, 11), Jenis_Vaksin_2="Sinovac"),
        ptt(9, b, Tgl_Vaksin_1=D(2021, 2, 1), Jenis_Vaksin_1="Sinovac",                       # 13 ok: 14 days, Feb 2021, 35y
            Tgl_Vaksin_2=D(2021, 2, 15), Jenis_Vaksin_2="Sinovac"),
        ptt(10, b, Tgl_Vaksin_1=D(2021, 7, 1), Jenis_Vaksin_1="J&J",                          # 14 ok: Janssen then booster
            Tgl_Vaksin_2=D(2021, 7, 6), Jenis_Vaksin_2="Pfizer"),
        ptt(11, b, Tgl_Vaksin_1=D(2021, 7, 1), Jenis_Vaksin_1="Vaksin Nusantara"),            # 15 brand-unknown (G)
        ptt(12, b, Tgl_Vaksin_1=D(2021, 7, 1)),                                               # 16 brand-missing (G)
        ptt(13, b, Tgl_Vaksin_1=D(2021, 7, 1), Jenis_Vaksin_1="Sinovac",                      # 17 brand-mixed (I)
            Tgl_Vaksin_2=D(2021, 10, 1), Jenis_Vaksin_2="Astra Zeneca"),
        ptt(14, b, Tgl_Vaksin_1=D(2021, 6, 1), Jenis_Vaksin_1="AstraZeneca",                  # 18 ok: 8 weeks, serial
            Tgl_Vaksin_2=Number(44434), Jenis_Vaksin_2="Vaxzevria"),
        ptt(15, b, Tgl_Vaksin_1=D(2021, 6, 1), Jenis_Vaksin_1="Zifivax",                      # 19 ok: 3 Zifivax doses
            Tgl_Vaksin_2=D(2021, 7, 1), Jenis_Vaksin_2="Zifivax",
            Tgl_Vaksin_3=D(2021, 8, 1), Jenis_Vaksin_3="Zifivax"),
        ptt(16, b, Tgl_Vaksin_1=D(2021, 3, 1), Jenis_Vaksin_1="Sinopharm",                    # 20 ok: dose 3 = booster
            Tgl_Vaksin_2=D(2021, 3, 22), Jenis_Vaksin_2="Sinopharm",
            Tgl_Vaksin_3=D(2022, 1, 20), Jenis_Vaksin_3="Moderna"),
        ptt(17, b, Tgl_Vaksin_1=D(2021, 3, 1), Jenis_Vaksin_1="Sinovac",                      # 21 dose-missing-earlier (J)
            Tgl_Vaksin_2=D(2021, 3, 29), Jenis_Vaksin_2="Sinovac",
            Tgl_Vaksin_3=D(2021, 5, 1), Jenis_Vaksin_3="Sinovac"),
    ]
    # Row 21 is clean on its own; its dose 2 goes missing below (dose 3 without dose 2).
    rows[-1]["Tgl Vaksin 2"] = None
    rows[-1]["Jenis Vaksin 2"] = None
    family = [
        person("Anak Satu", "3578014101150001", D(2015, 1, 1), "P",                           # 5 ok
               Tgl_Vaksin_1=D(2021, 12, 20), Jenis_Vaksin_1="Sinovac"),
        person("Anak Dua", "3578010110210002", D(2021, 10, 1), "L",                           # 6 dose-before-birth
               Tgl_Vaksin_1=D(2021, 7, 1), Jenis_Vaksin_1="Pfizer"),
    ]
    return _book([("PTT", STAFF, rows), ("Keluarga", STAFF, family)])


def people_book() -> openpyxl.Workbook:
    """Name, sex and birth date; missing NIK column on a staff sheet; a sheet without a header."""
    rows = [
        person("Ani Suryani", "3578014101900001", D(1990, 1, 1), "Perempuan"),          # 5 ok
        person("Bayu Saputra", "3578010101900002", D(1990, 1, 1), "Laki-laki"),         # 6 ok
        person("Citra Kirana", "3578014101900003", D(1990, 1, 1), "pr"),                # 7 ok
        person("Dodi Firmansyah", "3578010101900004", D(1990, 1, 1), "X"),              # 8 sex-invalid
        person("Edi Gunawan", "3578010101900005", None, "L"),                           # 9 birthdate-invalid (empty)
        person("Fitri Handayani", "3578014101900006", "tgl lahir?", "P"),               # 10 birthdate-invalid
        person("Gita Permata", "3578014101900007", D(2023, 1, 1), "P"),                 # 11 birthdate-invalid (future)
        person("Hasan Basri", "3578010101900008", "01/01/1890", "L"),                   # 12 birthdate-invalid (>120)
        person(None, "3578010101900009", D(1990, 1, 1), "L"),                           # 13 name-missing
        person("Iwan Setiawan", "3578010101900010", "1-1-1990", "lk"),                  # 14 ok
    ]
    no_nik = ["No", "Nama", "Tanggal Lahir", "Jenis Kelamin", "Keterangan"]
    staff_without_nik = [{"Nama": "Joko Widodo", "Tanggal Lahir": D(1961, 6, 21),
                          "Jenis Kelamin": "L"}]
    family_without_nik = [{"Nama": "Iriana", "Tanggal Lahir": D(1963, 10, 1),
                           "Jenis Kelamin": "P"}]
    wb = _book([("ASN", STAFF, rows), ("Honorer", no_nik, staff_without_nik),
                ("Keluarga", no_nik, family_without_nik)])
    headerless = wb.create_sheet("Tagana")
    headerless.append(["DATA RELAWAN TAGANA"])
    headerless.append(["(belum diisi)"])
    return wb


def clean_book() -> openpyxl.Workbook:
    """No findings at all: exit code 0."""
    asn = [
        {**person("Drs. H. Alwi, M.Hum", "3578011205800001", D(1980, 5, 12), "L",
                  Tgl_Vaksin_1=D(2021, 3, 1), Jenis_Vaksin_1="Sinovac",
                  Tgl_Vaksin_2=D(2021, 3, 29), Jenis_Vaksin_2="Sinovac"),
         "NIP": "19800512 200501 1 003"},
    ]
    klien = [person("Mbah Sarminah", "3517014403400001", D(1940, 3, 4), "P", Keterangan="menolak")]
    return _book([("ASN", ASN, asn), ("Klien", STAFF, klien)])


def warnings_book() -> openpyxl.Workbook:
    """Only warnings (a client without NIK, mixed brands): exit code 0 too."""
    klien = [
        person("Mbah Karto", None, D(1938, 7, 1), "L"),
        person("Mbah Sumi", "3517014101450002", D(1945, 1, 1), "P",
               Tgl_Vaksin_1=D(2021, 6, 1), Jenis_Vaksin_1="Sinovac",
               Tgl_Vaksin_2=D(2021, 7, 1), Jenis_Vaksin_2="Sinopharm"),
    ]
    return _book([("Penerima Manfaat", STAFF, klien)])


def remarks_book() -> openpyxl.Workbook:
    """Remarks as secretaries write them, sex spellings and phone numbers (a PNS sheet)."""
    headers = ["No", "Nama", "NIK", "Tanggal Lahir", "Jenis Kelamin", "No HP", "Keterangan"]

    def pns(n: int, sex: str, phone: object = None, remark: object = None) -> dict:
        women = 40 if sex[:1].upper() in "PW" else 0
        nik = f"357801{10 + women:02d}0685{n:04d}"
        return {**person(f"Pegawai {n}", nik, D(1985, 6, 10), sex), "No HP": phone,
                "Keterangan": remark}

    rows = [
        pns(1, "L", "0812-3456-7890", "belum bisa di vaksin karena covid"),             # 5 ok
        pns(2, "L.", None, "positif covid 5 Mrt 2022"),                                  # 6 ok
        pns(3, "Laki - laki", None, "penyintas, sembuh 14-02-2022"),                     # 7 ok
        pns(4, "W", None, "ISOMAN"),                                                     # 8 ok
        pns(5, "Wanita", None, "Terkonfirmasi Covid-19 tgl 2022-03-10"),                 # 9 ok
        pns(6, "P", None, "pasca covid"),                                                # 10 ok
        pns(7, "Pr", None, "hamil 5 bln"),                                               # 11 ok
        pns(8, "L", None, "tdk bersedia"),                                               # 12 ok
        pns(9, "L", None, "alergi berat"),                                               # 13 exempt-letter-missing
        pns(10, "L", None, "reaksi berat (ada surat keterangan dokter)"),                 # 14 ok
        pns(11, "L", None, "menunggu jadwal dari puskesmas"),                            # 15 remark-not-understood
        pns(12, "L", None, "12/05/2021"),                                                # 16 remark-not-understood
        pns(13, "L", None, "-"),                                                         # 17 ok: nothing said
        pns(14, "L", "+62 812-3456-7891"),                                               # 18 ok
        pns(15, "L", "12345"),                                                           # 19 phone-invalid
        pns(16, "L", "tidak tahu"),                                                      # 20 phone-invalid
        pns(17, "L", Number(81234567892)),                                               # 21 ok: lost its 0
        pns(18, "L", "0812 3456 7893 / 0813 1111 2222"),                                 # 22 ok: the first
        pns(19, "L", "-", "pindah tugas"),                                               # 23 ok
    ]
    return _book([("PNS", headers, rows)])


def main() -> None:
    _save(nik_book(), "nik.xlsx")
    _save(nip_book(), "nip.xlsx")
    _save(dose_book(), "doses.xlsx")
    _save(people_book(), "people.xlsx")
    _save(clean_book(), "clean.xlsx")
    _save(warnings_book(), "warnings.xlsx")
    _save(remarks_book(), "remarks.xlsx")


if __name__ == "__main__":
    main()
