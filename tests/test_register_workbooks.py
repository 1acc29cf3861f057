"""Register and status from real workbooks and a real export, read by census.read."""

from datetime import date, datetime

import openpyxl
import pandas as pd

from census.read import read_registry, read_workbook
from census.register import build_register
from census.rules import default_rules
from census.status.decide import decide_status
from tests.registerkit import iso, renumbered

AS_OF = date(2022, 3, 31)
HEADER = ["No", "Nama", "NIK", "Tanggal Lahir", "L/P", "Tgl Vaksin 1", "Jenis Vaksin 1",
          "Tgl Vaksin 2", "Jenis Vaksin 2", "Keterangan"]


def _book(path, title, rows, sheet_name="ASN"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = sheet_name
    sheet.append([title])
    sheet.append([])
    sheet.append(HEADER)
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *row])
    for cells in sheet.iter_rows(min_row=4, min_col=3, max_col=3):
        for cell in cells:
            cell.number_format = "@"
    book.save(path)


def test_two_units_and_an_export(tmp_path):
    _book(tmp_path / "dinsos_kantor.xlsx", "DATA VAKSINASI ASN", [
        ["Drs. Moch. Alwi, M.Si", "3578011205800001", datetime(1980, 5, 12), "L",
         datetime(2021, 3, 1), "Sinovac", "29/03/2021", "CoronaVac", None],
        ["Siti Aminah", "3578015708850002", "17-08-1985", "P", "05 Juli 2021", "AZ", None, None,
         None],
        ["Budi Santoso", "3578010101900003", "01/01/1990", "L", None, None, None, None,
         "positif covid 20/03/2022"],
    ])
    _book(tmp_path / "tagana.xlsx", "DATA TAGANA", [
        ["Muhammad Alwi", "3578011205800001", "12/05/1980", "L", "2021-03-01", "Sinovac",
         "2021-03-29", "Sinovac", None],
        ["Joko Susilo", "3578010303750004", "03/03/1975", "L", None, None, None, None,
         "menolak"],
    ], sheet_name="Tagana")
    (tmp_path / "pcare.csv").write_text(
        "NIK,Nama,Tanggal Lahir,Tanggal Vaksin,Dosis,Jenis Vaksin,Faskes\n"
        "3578011205800001,MOCH ALWI,12/05/1980,01/03/2021,Dosis 1,SINOVAC,PKM Sawahan\n"
        "3578015708850002,SITI AMINAH,17/08/1985,05/07/2021,Dosis 1,ASTRAZENECA,PKM Tegalsari\n"
        "3578015708850002,SITI AMINAH,17/08/1985,27/09/2021,Dosis 2,ASTRAZENECA,PKM Tegalsari\n"
        "3578019999990009,ORANG LAIN,01/01/1999,01/08/2021,Dosis 1,SINOVAC,PKM Lain\n",
        encoding="utf-8",
    )
    books = [read_workbook(tmp_path / "dinsos_kantor.xlsx"), read_workbook(tmp_path / "tagana.xlsx")]
    roster = pd.concat([book.rows for book in books], ignore_index=True)
    rules = default_rules()
    register = build_register(roster, read_registry(tmp_path / "pcare.csv"), rules)
    persons, findings = decide_status(register, rules, AS_OF)
    register, persons = renumbered(register, persons)

    columns = ["person_id", "nik", "units", "categories", "status", "primary_doses", "next_dose",
               "next_due", "eligible_from", "verified"]
    dates = ("next_due", "eligible_from")
    table = [[iso(p[c]) if c in dates else p[c] for c in columns] for _, p in persons.iterrows()]
    assert table == [
        ["P000001", "3578011205800001", "dinsos_kantor;tagana", "asn;tagana", "complete", 2,
         "booster1", "2021-06-29", None, False],
        ["P000002", "3578015708850002", "dinsos_kantor", "asn", "complete", 2,
         "booster1", "2021-12-27", None, True],
        ["P000003", "3578010101900003", "dinsos_kantor", "asn", "deferred", 0,
         "dose1", "2022-04-20", "2022-04-20", False],
        ["P000004", "3578010303750004", "tagana", "tagana", "refused", 0,
         None, None, None, False],
    ]
    assert persons["name"].tolist()[0] == "Drs. Moch. Alwi, M.Si"
    assert register.row_person.tolist() == ["P000001", "P000002", "P000003", "P000001", "P000004"]
    assert findings == [] and register.findings == []
