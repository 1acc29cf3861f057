"""The blank cases workbook (`census template --kasus`): headers the reader maps, dates, dropdowns."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from census.errors import OutputError
from census.i18n import N_, translator
from census.output import save_atomic
from census.validate.template import DATE_FORMAT, FIRST_SERIAL, LAST_ROW, LAST_SERIAL, LISTS

SHEET = "Kasus"
#: Header → its dropdown (None: free text or a date). Every header is one the reader maps.
HEADERS: dict[str, list[str] | None] = {
    "No": None,
    "Nama": None,
    "NIK": None,
    "Unit": None,
    "Jabatan/Status": None,
    "No HP": None,
    "Tanggal Tes": None,
    "Jenis Tes": ["PCR", "Antigen"],
    "Hasil": ["Positif", "Negatif"],
    "Gejala": ["Tanpa gejala (OTG)", "Ringan", "Sedang", "Berat", "Kritis"],
    "Tempat Isolasi": ["Isoman", "Isolasi terpadu", "Ruang isolasi UPT", "Rumah sakit"],
    "Mulai Isolasi": None,
    "Selesai Isolasi": None,
    "Puskesmas": None,
    "Keadaan Akhir": ["Sembuh", "Meninggal"],
    "Tanggal Keadaan Akhir": None,
    "Keterangan": None,
}
DATE_HEADERS = {"Tanggal Tes", "Mulai Isolasi", "Selesai Isolasi", "Tanggal Keadaan Akhir"}
TEXT_HEADERS = {"NIK", "No HP"}
#: Dropdowns that suggest but do not forbid: a place is often a room's or a hospital's name.
OPEN_LISTS = {"Tempat Isolasi"}
_WIDTHS = {"No": 5, "Nama": 28, "NIK": 20, "Unit": 22, "Jabatan/Status": 18, "Tempat Isolasi": 22,
           "Puskesmas": 20, "Keterangan": 30}


def write_case_template(path: Path, lang: str = "id") -> None:
    """Write the blank cases workbook to `path` (instructions in `lang`)."""
    t = translator(lang)
    book = openpyxl.Workbook()
    guide = book.active
    guide.title = t("Instructions")
    guide["A1"] = t("How to fill in the COVID-19 case list")
    guide["A1"].font = Font(bold=True, size=14)
    lines = [
        t("One row per positive test. A second positive test of the same person during the "
          "isolation is the same case: write it only if the dates need it."),
        t("Unit: the unit's code (the name of its roster file, e.g. upt_pstw_jombang) or its "
          "name. Jabatan/Status: ASN, PTT, Klien, or the role (Pendamping, Pamdal, OB, Sopir)."),
        t("NIK: the 16 digits of the ID card, typed as text (the column is formatted as Text)."),
        t("Dates day/month/year, e.g. 10/10/2021: the test, the start and end of the isolation, "
          "and the date of recovery or death."),
        t("Gejala (severity): Tanpa gejala (OTG), Ringan, Sedang, Berat or Kritis. Severe or "
          "critical illness defers vaccination for 3 months after recovery, a milder one for 1 "
          "month."),
        t("Tempat Isolasi: Isoman, Isolasi terpadu, the isolation room of the UPT (write the "
          "room's name, e.g. Ruang Isolasi 2) or the hospital (RSUD …)."),
        t("Keadaan Akhir: Sembuh or Meninggal, with its date; leave it empty while the person is "
          "still ill or isolating."),
        t("This list is health data: send it only to the department secretariat."),
    ]
    for number, line in enumerate(lines, start=1):
        cell = guide.cell(number + 2, 1, f"{number}. {line}")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    guide.column_dimensions["A"].width = 110

    lists_sheet = t(LISTS)
    lists = book.create_sheet(lists_sheet)
    formulas: dict[str, str] = {}
    for index, (header, values) in enumerate((h, v) for h, v in HEADERS.items() if v):
        letter = get_column_letter(index + 1)
        lists.cell(1, index + 1, header).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            lists.cell(row, index + 1, value)
        formulas[header] = f"{lists_sheet}!${letter}$2:${letter}${len(values) + 1}"
    lists.sheet_state = "hidden"

    sheet = book.create_sheet(SHEET, 1)
    fill = PatternFill("solid", fgColor="FCE4D6")
    date_check = DataValidation(type="date", operator="between", formula1=str(FIRST_SERIAL),
                                formula2=str(LAST_SERIAL), allow_blank=True,
                                showErrorMessage=True, errorTitle=t("Invalid entry"),
                                error=t("Write a real date (day/month/year), e.g. 05/07/2021."))
    for index, header in enumerate(HEADERS, start=1):
        cell = sheet.cell(1, index, header)
        cell.font, cell.fill = Font(bold=True), fill
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        letter = get_column_letter(index)
        cells = f"{letter}2:{letter}{LAST_ROW}"
        column = sheet.column_dimensions[letter]
        column.width = _WIDTHS.get(header, 15)
        if header in TEXT_HEADERS:
            column.number_format = "@"
        elif header in DATE_HEADERS:
            column.number_format = DATE_FORMAT
            date_check.add(cells)
        elif header in formulas:
            choice = DataValidation(
                type="list", formula1=formulas[header], allow_blank=True,
                showErrorMessage=header not in OPEN_LISTS, errorTitle=t("Invalid entry"),
                error=t("Pick one of the values in the list."),
            )
            choice.add(cells)
            sheet.add_data_validation(choice)
    sheet.add_data_validation(date_check)
    sheet.freeze_panes = "C2"
    try:
        save_atomic(Path(path), book.save)
    except OSError as exc:
        raise OutputError(N_("Cannot write {path}: {reason}"), path=path,
                          reason=exc.strerror or exc) from exc
