"""`census template`: the blank workbook's structure, and a filled template validating cleanly."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from census.cli import main
from census.read import read_workbook
from census.rules import default_rules
from census.validate import validate_books
from census.validate.template import SHEETS, write_template
from tests.data.validate.helpers import AS_OF

ROSTERS = ["ASN", "PTT", "Klien", "Keluarga", "Tagana"]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.xlsx"
    result = CliRunner().invoke(main, ["template", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_sheets_headers_and_frozen_header_row(template: Path) -> None:
    workbook = openpyxl.load_workbook(template)
    assert workbook.sheetnames == ["Petunjuk", *ROSTERS, "Daftar"]
    assert workbook["Daftar"].sheet_state == "hidden"
    asn = [c.value for c in workbook["ASN"][1]]
    assert asn[:7] == ["No", "Nama", "NIK", "NIP", "Tanggal Lahir", "Jenis Kelamin", "No HP"]
    assert asn[-3:] == ["Tgl Booster 2", "Jenis Booster 2", "Keterangan"]
    assert "NIP" not in [c.value for c in workbook["PTT"][1]]
    assert "Hubungan" in [c.value for c in workbook["Keluarga"][1]]
    assert "Kab/Kota" in [c.value for c in workbook["Tagana"][1]]
    for name in ROSTERS:
        assert workbook[name].freeze_panes == "A2"


def test_id_columns_are_text_and_date_columns_dates(template: Path) -> None:
    sheet = openpyxl.load_workbook(template)["ASN"]
    formats = {sheet.cell(1, i).value: sheet.column_dimensions[sheet.cell(1, i).column_letter]
               .number_format for i in range(1, sheet.max_column + 1)}
    assert formats["NIK"] == formats["NIP"] == formats["No HP"] == "@"
    assert formats["Tanggal Lahir"] == formats["Tgl Vaksin 1"] == "dd/mm/yyyy"


def test_data_validations(template: Path) -> None:
    workbook = openpyxl.load_workbook(template)
    keluarga = workbook["Keluarga"]
    letter = {c.value: c.column_letter for c in keluarga[1]}
    rules = {(v.type, v.formula1, v.formula2): str(v.sqref) for v in
             keluarga.data_validations.dataValidation}
    dates = rules[("date", "1", "73415")]  # 01-01-1900 .. 31-12-2100 as Excel serials
    assert f"{letter['Tanggal Lahir']}2:" in dates and f"{letter['Tgl Booster 2']}2:" in dates
    brands = rules[("list", "Daftar!$A$2:$A$11", None)]
    assert f"{letter['Jenis Vaksin 1']}2:" in brands and f"{letter['Jenis Booster 2']}2:" in brands
    assert f"{letter['Jenis Kelamin']}2:" in rules[("list", "Daftar!$B$2:$B$3", None)]
    assert f"{letter['Hubungan']}2:" in rules[("list", "Daftar!$C$2:$C$6", None)]
    lists = workbook["Daftar"]
    assert [c.value for c in lists["A"]][1:] == [b.label for b in default_rules().brands]
    assert [c.value for c in lists["B"] if c.value][1:] == ["L", "P"]
    assert [c.value for c in lists["C"] if c.value][1:] == [
        "Suami", "Istri", "Anak", "Orang Tua", "Lainnya"]


def test_instructions_in_indonesian_and_english(template: Path, tmp_path: Path) -> None:
    text = " ".join(str(c.value) for c in openpyxl.load_workbook(template)["Petunjuk"]["A"])
    assert "Petunjuk pengisian" in text and "format Teks" in text
    english = tmp_path / "template_en.xlsx"
    write_template(english, lang="en")
    workbook = openpyxl.load_workbook(english)
    assert workbook.sheetnames[0] == "Instructions"
    assert "formatted as Text" in " ".join(str(c.value) for c in workbook["Instructions"]["A"])
    assert [c.value for c in workbook["ASN"][1]] == SHEETS["ASN"]  # headers stay canonical


def _person(nik: str, born: datetime, sex: str, **more: object) -> dict[str, object]:
    return {"Nama": f"Orang {nik[-4:]}", "NIK": nik, "Tanggal Lahir": born, "Jenis Kelamin": sex,
            "No HP": "081234567890", **{k.replace("_", " "): v for k, v in more.items()}}


FILLED = {
    "ASN": [_person("3578011205800001", datetime(1980, 5, 12), "L",
                    NIP="19800512 200501 1 003", Tgl_Vaksin_1=datetime(2021, 3, 1),
                    Jenis_Vaksin_1="Sinovac", Tgl_Vaksin_2=datetime(2021, 3, 29),
                    Jenis_Vaksin_2="Sinovac", Tgl_Booster_1=datetime(2022, 1, 20),
                    Jenis_Booster_1="Pfizer")],
    "PTT": [_person("3578015206890002", datetime(1989, 6, 12), "P",
                    Keterangan="penyintas covid, positif 10/03/2022")],
    "Klien": [_person("3517014403400003", datetime(1940, 3, 4), "P",
                      Tgl_Vaksin_1=datetime(2021, 7, 1), Jenis_Vaksin_1="AstraZeneca",
                      Tgl_Vaksin_2=datetime(2021, 9, 23), Jenis_Vaksin_2="AstraZeneca")],
    "Keluarga": [_person("3578015201100004", datetime(2010, 1, 12), "P", Hubungan="Anak",
                         Tgl_Vaksin_1=datetime(2021, 8, 1), Jenis_Vaksin_1="Pfizer")],
    "Tagana": [_person("3573010101900005", datetime(1990, 1, 1), "L", **{"Kab/Kota": "Kota Malang"},
                       Tgl_Vaksin_1=datetime(2021, 7, 1), Jenis_Vaksin_1="Janssen")],
}


def test_filled_template_reads_and_validates_with_zero_findings(
    template: Path, tmp_path: Path
) -> None:
    workbook = openpyxl.load_workbook(template)
    for name, people in FILLED.items():
        sheet = workbook[name]
        headers = [c.value for c in sheet[1]]
        for number, person in enumerate(people, start=1):
            row = [number if h == "No" else person.get(h) for h in headers]
            sheet.append(row)
    filled = tmp_path / "upt_contoh.xlsx"
    workbook.save(filled)

    book = read_workbook(filled)
    read = {info.sheet: (info.category, info.rows) for info in book.sheets if info.rows}
    assert read == {"ASN": ("asn", 1), "PTT": ("ptt", 1), "Klien": ("klien", 1),
                    "Keluarga": ("keluarga", 1), "Tagana": ("tagana", 1)}
    skipped = [i for i in book.sheets if i.sheet in ("Petunjuk", "Daftar")]
    assert all(i.header_row is None and i.rows == 0 and not i.findings for i in skipped)
    mapped = book.sheet("Tagana").columns
    assert {"name", "nik", "birth_date", "sex", "phone", "kabkota", "remark", "booster2_date",
            "booster2_brand"} <= set(mapped)
    assert {"nip"} <= set(book.sheet("ASN").columns)
    assert {"relation"} <= set(book.sheet("Keluarga").columns)
    assert book.rows["nik_from_number"].tolist() == [False] * 5
    assert validate_books([book], AS_OF, default_rules()) == []


def test_blank_template_reads_and_validates_cleanly(template: Path) -> None:
    """A secretary who sends the template back untouched gets '0 rows, no findings', not a crash."""
    book = read_workbook(template)
    assert [(info.sheet, info.category, info.rows) for info in book.sheets if info.category] == [
        (name, name.lower(), 0) for name in ROSTERS
    ]
    result = CliRunner().invoke(main, ["validate", "--as-of", "2022-03-31", str(template)])
    assert result.exit_code == 0, result.output
    assert "0 error" in result.output
