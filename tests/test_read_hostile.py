"""Hostile and odd files: zip bombs within a small address space, far cells, entity expansion,
CSV rosters in the encodings and separators offices use, web pages and ODS saved oddly, formulas
never calculated."""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from census.config import Limits, load_config
from census.errors import OverBudget, PasswordProtected, UnreadableWorkbook
from census.read import find_inputs, read_workbook
from census.read.text import decode, delimiter_of
from census.rules import default_rules
from census.validate import validate_books
from tests.hostile_files import billion_laughs, far_cell, sheet_bomb, strings_bomb

ONE_GB = 1 << 30
DATA = Path(__file__).parent / "data" / "read"


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ONE_GB, ONE_GB))


def _census_within_1gb(*args: str) -> subprocess.CompletedProcess[str]:
    """The console script in a process whose address space is capped at 1 GB (`ulimit -v`)."""
    return subprocess.run(
        [sys.executable, "-m", "census.cli", *args], capture_output=True, text=True,
        preexec_fn=_limit_memory, timeout=120,
        env={"PATH": "/usr/bin:/bin", "OPENBLAS_NUM_THREADS": "1", "PYTHONPATH": str(Path.cwd())},
    )


@pytest.mark.parametrize("bomb", [sheet_bomb, strings_bomb], ids=["sheet", "shared-strings"])
def test_a_zip_bomb_is_refused_within_1gb_of_address_space(tmp_path: Path, bomb) -> None:
    path = bomb(tmp_path / "upt_bom.xlsx")
    assert path.stat().st_size < 1.1 * (1 << 20)  # a ~1 MB file that unpacks to 0.5–1 GB
    for command in (["read", str(path)], ["validate", str(path)]):
        done = _census_within_1gb(*command)
        assert done.returncode == 2, done.stderr
        lines = done.stderr.splitlines()
        assert len(lines) == 1 and "zip bomb" in lines[0] and "upt_bom.xlsx" in lines[0]
        assert "Traceback" not in done.stderr and "memory allocation" not in done.stderr
    # In a census: the bomb is skipped and named, the department's census is written (exit 1).
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    path.rename(inputs / path.name)
    shutil.copy(DATA / "upt_pstw_jombang.xlsx", inputs)
    done = _census_within_1gb("run", str(inputs), "--out", str(tmp_path / "out"), "--quiet")
    assert done.returncode == 1, done.stderr
    assert [line for line in done.stderr.splitlines() if "upt_bom.xlsx" in line and "zip bomb" in line]
    assert (tmp_path / "out" / "units" / "upt_pstw_jombang.html").exists()


def test_the_budget_is_the_declared_size_and_ratio(tmp_path: Path) -> None:
    small = strings_bomb(tmp_path / "small.xlsx", megabytes=3)  # under 200 MB, but 1000× packed
    with pytest.raises(OverBudget, match=r"unpacks [\d,]+× .*\[limits\] ratio"):
        read_workbook(small)
    # The limits are settings: a department can raise them in census.toml.
    (tmp_path / "census.toml").write_text("[limits]\nratio = 5000\npart_mb = 50\n", encoding="utf-8")
    limits = load_config(tmp_path).limits
    assert (limits.ratio, limits.part_mb, limits.cells) == (5000, 50, 20_000_000)
    book = read_workbook(small, limits)
    assert [info.sheet for info in book.sheets] == ["ASN"] and not book.has_roster
    with pytest.raises(OverBudget, match="part_mb"):
        read_workbook(small, Limits(part_mb=1, ratio=5000))


def test_a_value_in_the_last_cell_is_refused_not_a_crash(tmp_path: Path) -> None:
    """calamine builds one grid from the first to the last filled cell: 17 billion cells abort
    the process. The sheet's extent is checked first and named."""
    path = far_cell(tmp_path / "upt_jauh.xlsx")
    done = _census_within_1gb("read", str(path))
    assert done.returncode == 2
    assert "lembar 'ASN' terisi sampai sel XFD1048576" in done.stderr
    assert len(done.stderr.splitlines()) == 1
    assert read_workbook(far_cell(tmp_path / "near.xlsx", "Z200")).sheets[0].sheet == "ASN"


@pytest.mark.parametrize(("target", "entry"), [
    ("./worksheets/sheet1.xml", "xl/./worksheets/sheet1.xml"),
    ("../xl/worksheets/sheet1.xml", "xl/../xl/worksheets/sheet1.xml"),
    ("worksheets/sheet1.xml", "XL/worksheets/sheet1.xml"),
    ("worksheets\\sheet1.xml", "xl/worksheets\\sheet1.xml"),
], ids=["dot", "dot-dot", "upper-case", "backslash"])
@pytest.mark.parametrize("far_first", [True, False], ids=["far-first", "far-last"])
def test_a_far_cell_in_a_part_spelt_oddly_is_refused(
    tmp_path: Path, target: str, entry: str, far_first: bool
) -> None:
    """calamine finds a sheet's part by its target however it is spelt (upper or lower case,
    '.', '..', a backslash): a far cell in either of two parts it might take is refused."""
    far = far_cell(tmp_path / "far.xlsx")
    path = tmp_path / "upt_ganjil.xlsx"
    with zipfile.ZipFile(far) as source, zipfile.ZipFile(path, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b'Target="worksheets/sheet1.xml"', f'Target="{target}"'.encode())
            if info.filename == "xl/worksheets/sheet1.xml":
                near = data.split(b"</row>")[0] + b"</row></sheetData></worksheet>"
                first, second = (data, near) if far_first else (near, data)
                out.writestr(entry, first)
                data = second
            out.writestr(info.filename, data)
    done = _census_within_1gb("read", str(path))
    assert done.returncode == 2, done.stderr
    assert "XFD1048576" in done.stderr and len(done.stderr.splitlines()) == 1


def test_xml_entities_are_never_expanded(tmp_path: Path) -> None:
    path = billion_laughs(tmp_path / "upt_lol.xlsx")
    with pytest.raises(UnreadableWorkbook):
        read_workbook(path)
    done = _census_within_1gb("read", str(path))
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1


# A roster as offices send it: title lines, a header, people; a NIK of 15 digits; a name with
# a comma (so ';' must be told from ','), a typographic apostrophe (byte 0x92 in Windows-1252).
ROSTER = [
    ["DATA VAKSINASI COVID-19 PEGAWAI"],
    ["UPT PELAYANAN SOSIAL TRESNA WERDHA JOMBANG"],
    [],
    ["No", "Nama", "NIK", "Tgl Lahir", "L/P", "Tgl Vaksin 1", "Jenis Vaksin 1", "Tgl Vaksin 2",
     "Jenis Vaksin 2", "Keterangan"],
    ["1", "Siti Ma’rufah", "3517014506850002", "05/06/1985", "P", "12/03/2021", "Sinovac",
     "09/04/2021", "Sinovac", ""],
    ["2", "Agus Salim, S.Sos", "351701120378000", "12/03/1978", "L", "15/03/2021", "Sinovac",
     "", "", "Dosis 2 menunggu jadwal"],
    ["3", "Dra. Endang Wahyuni", "3517015708700003", "17/08/1970", "P", "", "", "", "",
     "Menolak"],
    ["4", "Bambang Sutrisno", "3517011204680001", "12/04/1968", "L", "05/07/2021", "AstraZeneca",
     "31/02/2021", "AstraZeneca", ""],
]
FIELDS = ["row", "name", "nik", "birth_date", "sex", "dose1_date", "dose1_brand", "dose2_date",
          "dose2_brand", "remark"]


def _xlsx(path: Path) -> Path:
    """The roster as the unit's workbook: real dates where Excel would hold dates."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Pegawai"
    for row in ROSTER:
        cells: list[object] = []
        for j, cell in enumerate(row):
            if j in (3, 5, 7) and cell and row[0].isdigit() and cell != "31/02/2021":
                cells.append(datetime.strptime(cell, "%d/%m/%Y"))
            else:
                cells.append(int(cell) if j == 0 and cell.isdigit() else cell)
        sheet.append(cells)
    book.save(path)
    return path


def _csv(path: Path, delimiter: str, encoding: str) -> Path:
    lines = [delimiter.join(row) for row in ROSTER]
    path.write_bytes("\r\n".join(lines).encode(encoding) + b"\r\n")
    return path


def _seen(path: Path) -> tuple[list[tuple], list[tuple]]:
    book = read_workbook(path)
    people = [tuple(str(value) for value in row) for row in book.rows[FIELDS].itertuples(index=False)]
    found = validate_books([book], datetime(2022, 3, 31).date(), default_rules())
    return people, [(f.row, f.column, f.code) for f in found if f.row is not None]


def test_a_windows_1252_semicolon_csv_is_read_like_the_workbook(tmp_path: Path) -> None:
    csv_path = _csv(tmp_path / "asn_upt_jombang.csv", ";", "cp1252")
    assert b"Ma\x92rufah" in csv_path.read_bytes()
    people, found = _seen(csv_path)
    assert (people, found) == _seen(_xlsx(tmp_path / "asn_upt_jombang.xlsx"))
    assert [p[1] for p in people] == ["Siti Ma’rufah", "Agus Salim, S.Sos", "Dra. Endang Wahyuni",
                                      "Bambang Sutrisno"]
    assert [p[0] for p in people] == ["5", "6", "7", "8"]  # the file's line numbers
    assert (6, "C", "nik-length") in found and (8, "H", "date-invalid") in found
    book = read_workbook(csv_path)
    assert [(s.sheet, s.category, s.header_row, s.columns["nik"]) for s in book.sheets] == [
        ("CSV", "asn", 4, "C")]


@pytest.mark.parametrize(("delimiter", "encoding"), [
    (",", "utf-8-sig"), ("\t", "utf-16"), (";", "utf-8"), ("|", "cp1252")])
def test_csv_encodings_and_separators(tmp_path: Path, delimiter: str, encoding: str) -> None:
    rows = [[f'"{cell}"' if delimiter in cell else cell for cell in row] for row in ROSTER]
    path = tmp_path / "asn_upt.txt"
    path.write_bytes("\n".join(delimiter.join(row) for row in rows).encode(encoding))
    assert delimiter_of(decode(path.read_bytes(), path.name)) == delimiter
    people, _ = _seen(path)
    assert [p[1] for p in people][:2] == ["Siti Ma’rufah", "Agus Salim, S.Sos"]


def test_a_binary_file_named_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "upt.csv"
    path.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(UnreadableWorkbook, match="not a text"):
        read_workbook(path)


HTML = """<html><head><meta charset="utf-8"><title>Export</title></head><body>
<table border="1">
<tr><td colspan="6">DATA VAKSINASI KLIEN</td></tr>
<tr><th rowspan="2">No</th><th rowspan="2">Nama</th><th rowspan="2">NIK</th>
    <th rowspan="2">Tgl Lahir</th><th colspan="2">Vaksin Dosis 1</th></tr>
<tr><th>Tanggal</th><th>Jenis Vaksin</th></tr>
<tr><td>1</td><td>Mbah Sarinah</td><td>3517014107400001</td><td>01-07-1940</td>
    <td>12-03-2021</td><td>Sinovac</td></tr>
<tr><td>2</td><td><b>Paiman</b></td><td>3517010101380002</td><td>01-01-1938</td><td></td><td></td></tr>
</table></body></html>"""


def test_a_web_page_saved_as_xls_is_read_as_its_table(tmp_path: Path) -> None:
    path = tmp_path / "klien_upt_jombang.xls"
    path.write_text(HTML, encoding="utf-8")
    book = read_workbook(path)
    assert [(s.sheet, s.header_row, s.columns) for s in book.sheets] == [
        ("HTML", 3, {"name": "B", "nik": "C", "birth_date": "D",
                     "dose1_date": "E", "dose1_brand": "F"})]
    assert [(r.row, r.name, r.nik, str(r.dose1_date.date()) if r.dose1_date == r.dose1_date else None)
            for r in book.rows.itertuples()] == [
        (4, "Mbah Sarinah", "3517014107400001", "2021-03-12"), (5, "Paiman", "3517010101380002", None)]


def test_an_excel_2003_xml_spreadsheet_is_named(tmp_path: Path) -> None:
    path = tmp_path / "upt.xls"
    path.write_text('<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
                    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>')
    with pytest.raises(UnreadableWorkbook, match="Excel 2003 XML spreadsheet.*save it as .xlsx"):
        read_workbook(path)


def _ods(path: Path, rows: list[list[str]], encrypted: bool = False) -> Path:
    cells = "".join(
        "<table:table-row>" + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{cell}</text:p></table:table-cell>'
            if cell else "<table:table-cell/>" for cell in row) + "</table:table-row>"
        for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="ASN">{cells}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>")
    encryption = ('<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x">'
                  '<manifest:algorithm manifest:algorithm-name="Blowfish CFB"/></manifest:encryption-data>'
                  if encrypted else "")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        f'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        f"{encryption}</manifest:file-entry></manifest:manifest>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", b"\x8f\x12garbled" * 50 if encrypted else content)
    return path


def test_ods_is_read_and_a_password_protected_one_is_named(tmp_path: Path) -> None:
    rows = [row for row in ROSTER if row]
    book = read_workbook(_ods(tmp_path / "upt_jombang.ods", rows))
    assert [r.name for r in book.rows.itertuples()][:2] == ["Siti Ma’rufah", "Agus Salim, S.Sos"]
    with pytest.raises(PasswordProtected, match="password-protected: open it in LibreOffice"):
        read_workbook(_ods(tmp_path / "rahasia.ods", rows, encrypted=True))
    rosters, _ = find_inputs(tmp_path)
    assert [p.name for p in rosters] == ["rahasia.ods", "upt_jombang.ods"]


def test_formulas_never_calculated_are_named_not_called_empty(tmp_path: Path) -> None:
    """A workbook written by a program (openpyxl keeps no values for formulas) and never opened
    in Excel: the names are formulas with no saved value."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "ASN"
    sheet.append(["No", "Nama", "NIK", "Tgl Lahir", "L/P", "Nama Depan", "Nama Belakang"])
    people = [("Siti", "Rahayu", "3517014506850002", "05/06/1985", "P"),
              ("Agus", "Salim", "3517011203780001", "12/03/1978", "L")]
    for number, (first, last, nik, born, sex) in enumerate(people, start=1):
        row = number + 1
        sheet.append([number, f'=F{row}&" "&G{row}', nik, born, sex, first, last])
    path = tmp_path / "asn_upt.xlsx"
    book.save(path)
    read = read_workbook(path)
    assert read.sheets[0].formulas == ("B2", "B3")
    found = validate_books([read], datetime(2022, 3, 31).date(), default_rules())
    assert [(f.sheet, f.row, f.code, f.value) for f in found if f.code.startswith(("formula", "name"))] == [
        ("ASN", None, "formula-no-value", "B2, B3")]


def test_a_csv_finding_points_at_line_and_column(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from census.cli import main

    path = _csv(tmp_path / "asn_upt_jombang.csv", ";", "cp1252")
    result = CliRunner().invoke(main, ["validate", str(path), "--lang", "en",
                                       "--as-of", "2022-03-31"])
    assert "    line 6, column C  nik-length  NIK '351701120378000' has 15 digits" in result.stdout
