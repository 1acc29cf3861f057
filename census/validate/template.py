"""The blank roster workbook units fill in: canonical headers, Text IDs, dates and dropdowns."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from census.errors import OutputError
from census.i18n import N_, Translator, translator
from census.output import save_atomic
from census.rules.table import default_rules

#: Rows of each roster sheet that carry the data validations (header is row 1).
LAST_ROW = 2000
DATE_FORMAT = "dd/mm/yyyy"
#: Excel serials of 1 Jan 1900 and 31 Dec 2100: the range a date cell accepts.
FIRST_SERIAL, LAST_SERIAL = 1, 73415
#: The hidden sheet holding the dropdown lists ('Daftar').
LISTS = N_("Lists")
SEXES = ["L", "P"]
RELATIONS = ["Suami", "Istri", "Anak", "Orang Tua", "Lainnya"]

_DOSES = [
    ("Tgl Vaksin 1", "Jenis Vaksin 1"),
    ("Tgl Vaksin 2", "Jenis Vaksin 2"),
    ("Tgl Vaksin 3", "Jenis Vaksin 3"),
    ("Tgl Booster 1", "Jenis Booster 1"),
    ("Tgl Booster 2", "Jenis Booster 2"),
]
#: Sheet name → its headers, in order; every header is one the reader maps.
SHEETS: dict[str, list[str]] = {
    name: [
        "No", "Nama", "NIK",
        *(["NIP"] if name == "ASN" else []),
        "Tanggal Lahir", "Jenis Kelamin", "No HP",
        *(["Hubungan"] if name == "Keluarga" else []),
        *(["Kab/Kota"] if name == "Tagana" else []),
        *[header for pair in _DOSES for header in pair],
        "Keterangan",
    ]
    for name in ("ASN", "PTT", "Klien", "Keluarga", "Tagana")
}
TEXT_HEADERS = {"NIK", "NIP", "No HP"}
DATE_HEADERS = {"Tanggal Lahir", *(pair[0] for pair in _DOSES)}
BRAND_HEADERS = {pair[1] for pair in _DOSES}
_WIDTHS = {"No": 5, "Nama": 30, "NIK": 20, "NIP": 24, "Keterangan": 36}

#: The instructions sheet: its name, title and one sentence per line (roster headers, sheet
#: names and list values stay Indonesian in both languages: they are what the reader maps).
INSTRUCTIONS = N_("Instructions")
TITLE = N_("How to fill in the vaccination roster")
LINES = (
    N_("Use one sheet per group: ASN (civil servants), PTT (non-permanent staff: honorary, "
       "contract and outsourced staff), Klien (clients), Keluarga (spouses, children and parents "
       "of staff and clients), Tagana (volunteers)."),
    N_("One row per person. Do not change, delete or move the header row."),
    N_("NIK: the 16 digits of the ID or family card, typed as text (the column is formatted as "
       "Text). Never paste a NIK from a number cell: Excel drops its last digit."),
    N_("NIK is required for ASN and PTT. Clients or family members without a NIK: leave the NIK "
       "empty, but fill in the birth date."),
    N_("NIP (ASN): 18 digits, e.g. 19800512 200501 1 003 (spaces are fine). PPPK NIPs too."),
    N_("Write dates day/month/year, e.g. 05/07/2021. The birth date is required."),
    N_("Jenis Kelamin (sex): pick L (male) or P (female) from the list."),
    N_("Jenis Vaksin (brand): pick from the list (Sinovac, AstraZeneca, Pfizer, ...). Every dose "
       "date needs its brand."),
    N_("Fill doses in order: Vaksin 1, Vaksin 2 (Vaksin 3 only for three-dose vaccines such as "
       "Zifivax), then Booster 1 and Booster 2. Leave doses not yet given empty."),
    N_("Keterangan (remarks): why someone is not vaccinated, e.g. 'penyintas covid, positif "
       "10/03/2022', 'hamil', 'menolak', 'reaksi berat setelah dosis 1 (surat dokter)'."),
    N_("Keluarga: fill in Hubungan (relation). Tagana: fill in Kab/Kota."),
    N_("When done, send this file to the department secretariat."),
)
DATE_ERROR = N_("Write a real date (day/month/year), e.g. 05/07/2021.")
LIST_ERROR = N_("Pick one of the values in the list.")
ERROR_TITLE = N_("Invalid entry")


def write_template(path: Path, lang: str = "id") -> None:
    """Write the blank roster workbook to `path` (instructions in `lang`: 'id' or 'en')."""
    t = translator(lang)
    brands = [brand.label for brand in default_rules().brands]
    workbook = openpyxl.Workbook()
    _instructions(workbook.active, t)
    lists = _lists(workbook, t(LISTS), {"Jenis Vaksin": brands, "Jenis Kelamin": SEXES,
                                        "Hubungan": RELATIONS})
    for name, headers in SHEETS.items():
        _roster(workbook.create_sheet(name), headers, lists, t)
    workbook.move_sheet(t(LISTS), offset=len(workbook.sheetnames))
    try:
        save_atomic(Path(path), workbook.save)
    except OSError as exc:
        raise OutputError(
            N_("Cannot write {path}: {reason}"), path=path, reason=exc.strerror
        ) from exc


def _instructions(sheet: Worksheet, t: Translator) -> None:
    sheet.title = t(INSTRUCTIONS)
    sheet["A1"] = t(TITLE)
    sheet["A1"].font = Font(bold=True, size=14)
    # One sentence per cell in column A: no cell reads like a roster header.
    for number, line in enumerate(LINES, start=1):
        cell = sheet.cell(number + 2, 1, f"{number}. {t(line)}")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 110


def _lists(workbook: openpyxl.Workbook, name: str, lists: dict[str, list[str]]) -> dict[str, str]:
    """Write the dropdown lists on a hidden sheet `name`; return list name → range formula."""
    sheet = workbook.create_sheet(name)
    formulas: dict[str, str] = {}
    for index, (title, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        sheet.cell(1, index, title).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            sheet.cell(row, index, value)
        formulas[title] = f"{name}!${letter}$2:${letter}${len(values) + 1}"
    sheet.sheet_state = "hidden"
    return formulas


def _roster(sheet: Worksheet, headers: list[str], lists: dict[str, str], t: Translator) -> None:
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for index, header in enumerate(headers, start=1):
        cell = sheet.cell(1, index, header)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    sheet.freeze_panes = "A2"

    dates = _validation(t, type="date", operator="between", formula1=str(FIRST_SERIAL),
                        formula2=str(LAST_SERIAL), error=t(DATE_ERROR))
    choices = {
        title: _validation(t, type="list", formula1=formula, error=t(LIST_ERROR))
        for title, formula in lists.items()
    }
    for index, header in enumerate(headers, start=1):
        letter = get_column_letter(index)
        cells = f"{letter}2:{letter}{LAST_ROW}"
        column = sheet.column_dimensions[letter]
        column.width = _WIDTHS.get(header, 16)
        if header in TEXT_HEADERS:
            # A column style: what a user types later in the column is stored as text.
            column.number_format = "@"
        elif header in DATE_HEADERS:
            column.number_format = DATE_FORMAT
            dates.add(cells)
        elif header in BRAND_HEADERS:
            choices["Jenis Vaksin"].add(cells)
        elif header in choices:
            choices[header].add(cells)
    for validation in [dates, *choices.values()]:
        if validation.sqref:
            sheet.add_data_validation(validation)


def _validation(t: Translator, error: str, **options: str) -> DataValidation:
    return DataValidation(
        allow_blank=True, showErrorMessage=True, errorTitle=t(ERROR_TITLE), error=error,
        **options,
    )
