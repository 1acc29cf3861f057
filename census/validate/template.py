"""The blank roster workbook units fill in: canonical headers, Text IDs, dates and dropdowns."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from census.errors import OutputError
from census.output import save_atomic
from census.rules.table import default_rules

#: Rows of each roster sheet that carry the data validations (header is row 1).
LAST_ROW = 2000
DATE_FORMAT = "dd/mm/yyyy"
#: Excel serials of 1 Jan 1900 and 31 Dec 2100: the range a date cell accepts.
FIRST_SERIAL, LAST_SERIAL = 1, 73415
LISTS_SHEET = "Daftar"
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

_TEXT = {
    "id": {
        "instructions": "Petunjuk",
        "title": "Petunjuk pengisian daftar vaksinasi",
        "lines": [
            "Isi satu lembar per kelompok: ASN, PTT (honorer, kontrak, outsourcing), Klien "
            "(penerima manfaat), Keluarga (suami/istri, anak, orang tua pegawai dan klien), Tagana.",
            "Satu baris per orang. Jangan mengubah, menghapus atau memindahkan baris judul kolom.",
            "NIK: 16 digit sesuai KTP/KK, diketik sebagai teks (kolom sudah berformat Teks). "
            "Jangan menyalin NIK dari sel berformat angka: Excel menghilangkan digit terakhir.",
            "NIK wajib untuk ASN dan PTT. Klien atau anggota keluarga tanpa NIK: kosongkan kolom NIK, "
            "tetapi tanggal lahir wajib diisi.",
            "NIP (ASN): 18 digit, mis. 19800512 200501 1 003 (spasi boleh). NIP PPPK juga diterima.",
            "Tanggal ditulis hari/bulan/tahun, mis. 05/07/2021. Tanggal lahir wajib diisi.",
            "Jenis Kelamin: pilih L (laki-laki) atau P (perempuan) dari daftar.",
            "Jenis Vaksin: pilih dari daftar (Sinovac, AstraZeneca, Pfizer, ...). Setiap tanggal "
            "vaksin harus disertai jenis vaksinnya.",
            "Isi dosis berurutan: Vaksin 1, Vaksin 2, (Vaksin 3 hanya untuk vaksin 3 dosis, mis. "
            "Zifivax), lalu Booster 1 dan Booster 2. Dosis yang belum diterima dikosongkan.",
            "Keterangan: tulis bila belum/tidak divaksin dan alasannya, mis. 'penyintas covid, "
            "positif 10/03/2022', 'hamil', 'menolak', 'reaksi berat setelah dosis 1 (surat dokter)'.",
            "Keluarga: isi Hubungan (Suami, Istri, Anak, Orang Tua, Lainnya). Tagana: isi Kab/Kota.",
            "Setelah diisi, kirim berkas ini ke Sekretariat Dinas Sosial.",
        ],
        "date_error": "Tulis tanggal yang benar (hari/bulan/tahun), mis. 05/07/2021.",
        "list_error": "Pilih salah satu isian dari daftar.",
        "error_title": "Isian tidak sesuai",
    },
    "en": {
        "instructions": "Instructions",
        "title": "How to fill in the vaccination roster",
        "lines": [
            "Use one sheet per group: ASN (civil servants), PTT (non-permanent staff), Klien "
            "(clients), Keluarga (family of staff and clients), Tagana (volunteers).",
            "One row per person. Do not change, delete or move the header row.",
            "NIK: the 16 digits of the ID or family card, typed as text (the column is formatted "
            "as Text). Never paste a NIK from a number cell: Excel drops its last digit.",
            "NIK is required for ASN and PTT. Clients or family members without a NIK: leave the "
            "NIK empty, but fill in the birth date.",
            "NIP (ASN): 18 digits, e.g. 19800512 200501 1 003 (spaces are fine). PPPK NIPs too.",
            "Write dates day/month/year, e.g. 05/07/2021. The birth date is required.",
            "Jenis Kelamin (sex): pick L (male) or P (female) from the list.",
            "Jenis Vaksin (brand): pick from the list (Sinovac, AstraZeneca, Pfizer, ...). Every "
            "dose date needs its brand.",
            "Fill doses in order: Vaksin 1, Vaksin 2 (Vaksin 3 only for three-dose vaccines such "
            "as Zifivax), then Booster 1 and Booster 2. Leave doses not yet given empty.",
            "Keterangan (remarks): why someone is not vaccinated, e.g. 'penyintas covid, positif "
            "10/03/2022', 'hamil', 'menolak', 'reaksi berat setelah dosis 1 (surat dokter)'.",
            "Keluarga: fill in Hubungan (relation). Tagana: fill in Kab/Kota.",
            "When done, send this file to the department secretariat.",
        ],
        "date_error": "Write a real date (day/month/year), e.g. 05/07/2021.",
        "list_error": "Pick one of the values in the list.",
        "error_title": "Invalid entry",
    },
}


def write_template(path: Path, lang: str = "id") -> None:
    """Write the blank roster workbook to `path` (instructions in `lang`: 'id' or 'en')."""
    words = _TEXT.get(lang, _TEXT["id"])
    brands = [brand.label for brand in default_rules().brands]
    workbook = openpyxl.Workbook()
    _instructions(workbook.active, words)
    lists = _lists(workbook, {"Jenis Vaksin": brands, "Jenis Kelamin": SEXES,
                              "Hubungan": RELATIONS})
    for name, headers in SHEETS.items():
        _roster(workbook.create_sheet(name), headers, lists, words)
    workbook.move_sheet(LISTS_SHEET, offset=len(workbook.sheetnames))
    try:
        save_atomic(Path(path), workbook.save)
    except OSError as exc:
        raise OutputError(
            f"template tidak dapat ditulis (cannot write template): {path}: {exc}"
        ) from exc


def _instructions(sheet: Worksheet, words: dict) -> None:
    sheet.title = words["instructions"]
    sheet["A1"] = words["title"]
    sheet["A1"].font = Font(bold=True, size=14)
    # One sentence per cell in column A: no cell reads like a roster header.
    for number, line in enumerate(words["lines"], start=1):
        cell = sheet.cell(number + 2, 1, f"{number}. {line}")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 110


def _lists(workbook: openpyxl.Workbook, lists: dict[str, list[str]]) -> dict[str, str]:
    """Write the dropdown lists on a hidden sheet; return list name → range formula."""
    sheet = workbook.create_sheet(LISTS_SHEET)
    formulas: dict[str, str] = {}
    for index, (title, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        sheet.cell(1, index, title).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            sheet.cell(row, index, value)
        formulas[title] = f"{LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}"
    sheet.sheet_state = "hidden"
    return formulas


def _roster(sheet: Worksheet, headers: list[str], lists: dict[str, str], words: dict) -> None:
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for index, header in enumerate(headers, start=1):
        cell = sheet.cell(1, index, header)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    sheet.freeze_panes = "A2"

    dates = _validation(words, type="date", operator="between", formula1=str(FIRST_SERIAL),
                        formula2=str(LAST_SERIAL), error=words["date_error"])
    choices = {
        title: _validation(words, type="list", formula1=formula, error=words["list_error"])
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


def _validation(words: dict, error: str, **options: str) -> DataValidation:
    return DataValidation(
        allow_blank=True, showErrorMessage=True, errorTitle=words["error_title"], error=error,
        **options,
    )
