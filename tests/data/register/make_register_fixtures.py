"""Write the workbook and export of the register tests: NIKs Excel cut to 15 digits.

Run: .venv/bin/python -m tests.data.register.make_register_fixtures
upt_pslu_blitar.xlsx: a care home's PTT and Klien sheets where some NIKs were typed into number
cells (Excel kept 15 digits; the 16th became 0). pcare_blitar.csv: the health office's export
with the full NIKs. Each row's comment says what the census must make of it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
FIXED_TIME = datetime(2022, 4, 1, 8, 0, 0)
HEADER = ["No", "Nama", "NIK", "Tanggal Lahir", "L/P", "Tgl Vaksin 1", "Jenis Vaksin 1",
          "Tgl Vaksin 2", "Jenis Vaksin 2", "Keterangan"]


def cut(nik: str) -> int:
    """The number Excel keeps of a NIK typed into a number cell: 15 digits, then 0."""
    return int(nik[:15] + "0")


PTT = [
    # 5: matched: full NIK and both doses from the export
    ["Sri Rahayu", cut("3505014403650007"), datetime(1965, 3, 4), "P", None, None, None, None,
     None],
    # 6: two export records share the 15 digits, the birth date and a similar name: none taken
    ["Ahmad Dahlan", cut("3505010101700011"), datetime(1970, 1, 1), "L", None, None, None, None,
     None],
    # 7: same 15 digits and birth date, but another name: not this person
    ["Budi Hartono", cut("3505010202800021"), datetime(1980, 2, 2), "L", None, None, None, None,
     None],
    # 8: same 15 digits and name, another birth date: not this person
    ["Dewi Sartika", cut("3505014303850031"), datetime(1985, 3, 3), "P", None, None, None, None,
     None],
    # 9: a NIK typed as text: found by the NIK as always
    ["Rina Wati", "3505015505900041", datetime(1990, 5, 15), "P", datetime(2021, 8, 2), "Sinovac",
     None, None, None],
]
KLIEN = [
    # 5: titles on the roster, plain name in the export; dose 1 on the roster too
    ["Hj. Siti Maryam, S.Pd.", cut("3505016006450052"), datetime(1945, 6, 20), "P",
     datetime(2021, 3, 1), "Sinovac", None, None, None],
]
EXPORT = """NIK,Nama,Tanggal Lahir,Tanggal Vaksin,Dosis,Jenis Vaksin,Faskes
3505014403650007,SRI RAHAYU,04/03/1965,10/08/2021,Dosis 1,SINOVAC,PKM Sananwetan
3505014403650007,SRI RAHAYU,04/03/1965,07/09/2021,Dosis 2,SINOVAC,PKM Sananwetan
3505010101700011,AHMAD DAHLAN,01/01/1970,02/08/2021,Dosis 1,SINOVAC,PKM Kepanjenkidul
3505010101700012,ACHMAD DAHLAN,01/01/1970,03/08/2021,Dosis 1,ASTRAZENECA,PKM Kepanjenkidul
3505010202800028,SLAMET RIYADI,02/02/1980,04/08/2021,Dosis 1,SINOVAC,PKM Sukorejo
3505014303850035,DEWI SARTIKA,03/03/1986,05/08/2021,Dosis 1,SINOVAC,PKM Sukorejo
3505015505900041,RINA WATI,15/05/1990,02/08/2021,Dosis 1,SINOVAC,PKM Sukorejo
3505015505900041,RINA WATI,15/05/1990,30/08/2021,Dosis 2,SINOVAC,PKM Sukorejo
3505016006450052,SITI MARYAM,20/06/1945,01/03/2021,Dosis 1,SINOVAC,PKM Kepanjenkidul
3505016006450052,SITI MARYAM,20/06/1945,29/03/2021,Dosis 2,SINOVAC,PKM Kepanjenkidul
"""


def _sheet(book: openpyxl.Workbook, title: str, rows: list[list[object]]) -> None:
    sheet = book.create_sheet(title)
    sheet.append([f"DATA VAKSINASI {title.upper()}"])
    sheet.append(["UPT PELAYANAN SOSIAL LANJUT USIA BLITAR"])
    sheet.append([])
    sheet.append(HEADER)
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *row])
        cell = sheet.cell(sheet.max_row, 3)
        cell.number_format = "@" if isinstance(cell.value, str) else "0"
        for column in (4, 6, 8):
            sheet.cell(sheet.max_row, column).number_format = "dd/mm/yyyy"


def main() -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    _sheet(book, "PTT", PTT)
    _sheet(book, "Klien", KLIEN)
    book.properties.created = book.properties.modified = FIXED_TIME
    book.save(HERE / "upt_pslu_blitar.xlsx")
    (HERE / "pcare_blitar.csv").write_text(EXPORT, encoding="utf-8")


if __name__ == "__main__":
    main()
