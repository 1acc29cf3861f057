"""census.read.read_workbook on the fixture workbooks: every layout, exact rows and fields read."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from census.model import ROSTER_COLUMNS
from census.read import read_workbook

DATA = Path(__file__).parent / "data" / "read"


def _flat(rows: pd.DataFrame, columns: list[str]) -> list[tuple]:
    """Rows as tuples; dates as 'YYYY-MM-DD', missing values as None."""
    out = []
    for record in rows[columns].itertuples(index=False):
        values = []
        for value in record:
            if isinstance(value, pd.Timestamp):
                value = value.date().isoformat()
            elif value is pd.NaT or (isinstance(value, float) and value != value):
                value = None
            values.append(value)
        out.append(tuple(values))
    return out


@pytest.fixture(scope="module")
def pstw():
    return read_workbook(DATA / "upt_pstw_jombang.xlsx")


def test_every_sheet_is_described(pstw):
    assert [(s.sheet, s.category, s.header_row, s.rows, s.first_data_row) for s in pstw.sheets] == [
        ("Petunjuk", None, None, 0, None),
        ("ASN", "asn", 6, 4, 8),
        ("PTT", "ptt", 3, 2, 4),
        ("Klien", "klien", 4, 4, 5),
        ("Keluarga", "keluarga", 1, 3, 2),
        ("Rekap", None, None, 0, None),
        ("PM", "klien", None, 0, None),
    ]
    assert list(pstw.rows.columns) == list(ROSTER_COLUMNS)
    assert pstw.unit == "upt_pstw_jombang"
    assert set(pstw.rows["file"]) == {"upt_pstw_jombang.xlsx"}
    assert set(pstw.rows["unit"]) == {"upt_pstw_jombang"}


def test_sheet_without_table_gives_header_not_found(pstw):
    assert [(f.code, f.sheet, f.row, str(f.severity)) for f in pstw.sheet("PM").findings] == [
        ("header-not-found", "PM", None, "error")
    ]
    assert all(not s.findings for s in pstw.sheets if s.sheet != "PM")


def test_merged_two_row_header_and_column_numbers(pstw):
    info = pstw.sheet("ASN")
    assert info.columns == {
        "name": "B", "nip": "C", "nik": "D", "birth_date": "E", "sex": "F",
        "dose1_date": "G", "dose1_brand": "H", "dose2_date": "I", "dose2_brand": "J",
        "booster1_date": "K", "booster1_brand": "L", "remark": "M",
    }
    assert info.headers["dose1_date"] == "Vaksin Dosis 1 Tanggal"
    assert info.headers["booster1_brand"] == "Booster Jenis Vaksin"


def test_asn_rows_stop_before_jumlah_and_signature(pstw):
    rows = pstw.rows[pstw.rows["sheet"] == "ASN"]
    assert _flat(rows, ["row", "category", "name", "nip", "nip_from_number", "nik",
                        "nik_from_number", "birth_date", "birth_date_raw", "sex"]) == [
        (8, "asn", "Drs. H. Alwi Mustofa, M.Hum", "19650312 199003 1 005", False,
         "3517011203650001", False, "1965-03-12", "1965-03-12", "L"),
        (9, "asn", "Hj. Siti Aminah, S.Sos.", "198005122005012000", True,
         "3578012345678910", True, "1980-05-12", "12-05-1980", "P"),
        (10, "asn", "Budi Santoso", None, False, "3517010101900003", False, "1990-01-01",
         "1990-01-01", "Laki-laki"),
        (11, "asn", "dr. Ratna Dewi", "19851224 201001 2 007", False, "3517016412850002", False,
         "1985-12-24", "24/12/1985", "Perempuan"),
    ]
    assert _flat(rows, ["row", "dose1_date", "dose1_date_raw", "dose1_brand", "dose2_date",
                        "dose2_date_raw", "dose2_brand", "booster1_date", "booster1_date_raw",
                        "booster1_brand", "remark"]) == [
        (8, "2021-03-01", "2021-03-01", "Sinovac", "2021-03-29", "29/03/2021", "Sinovac",
         "2022-02-08", "44600", "Pfizer", None),
        (9, "2021-07-05", "05 Juli 2021", "AstraZeneca", "2021-09-27", "27 Sep 2021",
         "AstraZeneca", None, None, None, "Penyintas, positif 1/9/2021"),
        (10, None, None, None, None, None, None, None, None, None, "Menolak"),
        (11, "2021-08-03", "3 Agu 2021", "Moderna", "2021-08-31", "31 Ags 2021", "Moderna",
         "2022-12-01", "1 Des 2022", "Pfizer", None),
    ]


def test_single_row_header_with_line_breaks_number_only_row_and_total(pstw):
    info = pstw.sheet("PTT")
    assert info.columns == {
        "name": "B", "nik": "C", "birth_date": "D", "sex": "E", "dose1_date": "F",
        "dose1_brand": "G", "dose2_date": "H", "dose2_brand": "I", "phone": "J", "remark": "K",
    }
    assert info.headers["name"] == "Nama Lengkap"
    assert info.headers["nik"] == "NIK (16 digit)"
    rows = pstw.rows[pstw.rows["sheet"] == "PTT"]
    assert _flat(rows, ["row", "name", "nik", "birth_date", "birth_date_raw", "dose1_date",
                        "dose1_date_raw", "dose1_brand", "dose2_date", "dose2_date_raw",
                        "dose2_brand", "phone", "remark"]) == [
        (4, "Agus Salim", "3517010505880004", "1988-05-05", "5.5.1988", "2021-08-10",
         "2021-08-10", "Sinovac", "2021-09-07", "07/09/21", "CoronaVac", "81234567890", None),
        (6, "Dewi Lestari", "3517015003920005", "1992-03-10", "1992-03-10", "2021-07-23",
         "44400", "Pfizer", None, None, None, "0812-3456-7890", "Hamil"),
    ]


def test_place_and_birth_date_in_one_cell_shared_brand_and_notes_line(pstw):
    info = pstw.sheet("Klien")
    assert info.columns["birth_place"] == info.columns["birth_date"] == "C"
    assert info.columns["dose1_brand"] == "G"
    rows = pstw.rows[pstw.rows["sheet"] == "Klien"]
    assert _flat(rows, ["row", "name", "nik", "birth_place", "birth_date", "birth_date_raw",
                        "sex", "dose1_date", "dose1_date_raw", "dose1_brand", "dose2_date",
                        "dose2_date_raw", "dose2_brand", "remark"]) == [
        (5, "Mbah Suparmi", None, "Jombang", "1940-08-17", "17-08-1940", "P", "2021-11-05",
         "5 Nopember 2021", "Sinovac", "2021-12-03", "3 Des 2021", "Sinovac", None),
        # 'kemarin' is no date: NaT with the text kept for validation
        (6, "Kasiman", None, "Kab. Kediri", "1938-01-02", "02 Januari 1938", "L", "2021-10-01",
         "1 Okt 2021", "AZ", None, "kemarin", None, "positif covid 12/10/2021"),
        (7, "Ngatini", None, "Surabaya", None, None, "Perempuan", None, None, None, None, None,
         None, "tidak bersedia"),
        (8, "Paijo", None, None, "1945-05-17", "1945-05-17", "L", "2021-10-01", "44470",
         "Sinovac", None, None, None, None),
    ]


def test_family_sheet_prefers_the_member_name_and_notes_pregnancy(pstw):
    info = pstw.sheet("Keluarga")
    assert info.columns["name"] == "C"  # 'Nama Anggota Keluarga', not 'Nama Pegawai' (B)
    assert info.columns["remark"] == "K"  # 'Hamil/Menyusui' becomes a remark note
    rows = pstw.rows[pstw.rows["sheet"] == "Keluarga"]
    assert _flat(rows, ["row", "category", "name", "relation", "nik", "birth_date", "sex",
                        "dose1_date", "dose2_date", "booster1_date", "dose1_brand", "phone",
                        "remark"]) == [
        (2, "keluarga", "Sri Wahyuni", "Istri", "3517014508700006", "1970-08-05", "P",
         "2021-03-15", "2021-04-12", None, None, "081234567001", None),
        (3, "keluarga", "Rizky Pratama", "Anak", "3517011010100007", "2010-10-10", "L",
         "2021-12-20", None, None, None, None, None),
        (4, "keluarga", "Nur Aini", "Istri", "3517016002950008", "1995-02-20", "P",
         None, None, None, None, "085712345678", "Hamil/Menyusui: Ya"),
    ]


def test_category_and_unit_columns_and_header_without_merges():
    book = read_workbook(DATA / "dinsos_prov.xlsx")
    (info,) = book.sheets
    assert (info.sheet, info.category, info.header_row, info.rows) == ("Data Vaksin", None, 4, 6)
    assert info.columns == {
        "name": "B", "nik": "C", "category": "D", "unit": "E", "sex": "F", "birth_date": "G",
        "dose1_date": "H", "dose1_brand": "I", "dose2_date": "J", "dose2_brand": "K",
        "phone": "L", "vaccine_status": "M",
    }
    assert info.headers["dose2_brand"] == "Vaksin 2 Merk"
    assert _flat(book.rows, ["row", "unit", "category", "name", "nik", "nik_from_number",
                             "dose1_date", "dose1_brand", "dose2_date", "phone",
                             "vaccine_status"]) == [
        (5, "sekretariat", "asn", "Ahmad Fauzi", "3578012345678910", True, "2021-02-01",
         "Sinovac", "2021-03-01", None, None),
        (6, "dinsos_prov", "ptt", "Sri Rahayu", "3578015506850002", False, None, None, None,
         "6281234567890", "Sudah Vaksin"),
        (7, "bidang_rehsos", "ptt", "Bambang", "3578010101700003", False, "2021-06-01",
         "Sinopharm", "2021-06-22", None, None),
        (8, "sekretariat", "keluarga", "Yuni", "3578014404000004", False, None, None, None,
         None, "Belum"),
        (9, "dinsos_prov", None, "Joko", "3578010202800005", False, None, None, None, None,
         None),
        (10, "dinsos_prov", "tagana", "Wati", "3578014303900006", False, "2022-01-12",
         "Pfizer", None, None, None),
    ]
    assert [(f.code, f.sheet, f.row, f.column, f.header, f.value) for f in info.findings] == [
        ("category-unknown", "Data Vaksin", 9, "D", "Kategori", "Tamu")
    ]


def test_three_row_header_and_tagana_sheets():
    book = read_workbook(DATA / "tagana.xlsx")
    tagana, sahabat = book.sheets
    assert (tagana.category, tagana.header_row, tagana.first_data_row) == ("tagana", 5, 7)
    assert tagana.headers["dose2_brand"] == "Vaksinasi Dosis 2 Jenis"
    assert tagana.columns == {
        "name": "B", "nik": "C", "kabkota": "D", "dose1_date": "E", "dose1_brand": "F",
        "dose2_date": "G", "dose2_brand": "H", "booster1_date": "I", "booster1_brand": "J",
        "remark": "K",
    }
    assert sahabat.category == "tagana"
    assert sahabat.columns == {
        "name": "B", "nik": "C", "kabkota": "D", "dose1_date": "E", "dose2_date": "F",
        "dose3_date": "G", "booster2_date": "H",
    }
    assert _flat(book.rows, ["sheet", "row", "category", "name", "kabkota", "dose1_date",
                             "dose1_brand", "dose2_date", "dose3_date", "booster1_date",
                             "booster1_brand", "booster2_date", "remark"]) == [
        ("Tagana", 7, "tagana", "Eko Prasetyo", "Kab. Malang", "2021-07-01", "Sinovac",
         "2021-07-29", None, "2022-03-01", "Pfizer", None, None),
        ("Tagana", 8, "tagana", "Rina Marlina", "Kota Malang", "2021-08-12", "Moderna", None,
         None, None, None, None, "isoman 20/8/2021"),
        ("Sahabat Tagana", 2, "tagana", "Slamet Riyadi", "Kota Surabaya", "2021-03-01", None,
         "2021-03-29", "2022-03-01", None, None, "2023-02-02", None),
    ]


def test_column_types(pstw):
    rows = pstw.rows
    assert str(rows["row"].dtype) == "int64"
    assert str(rows["birth_date"].dtype) == "datetime64[ns]"
    assert str(rows["dose1_date"].dtype) == "datetime64[ns]"
    assert rows["nik_from_number"].dtype == bool
    assert rows["name"].dtype == object
    # None (not NaN) where a text cell is empty
    assert rows.loc[rows["sheet"] == "Klien", "nik"].tolist() == [None] * 4


def test_workbook_written_by_xlsxwriter_with_offset_table(tmp_path):
    """A table that starts in column C under blank rows; a header row made of sub-headers only
    on the right; a TOTAL row followed by more numbered rows (a sub-total) is skipped, not the end."""
    import xlsxwriter

    path = tmp_path / "upt_psaa_malang.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("Data ASN dan PTT")
    ws.write(3, 2, "DAFTAR PEGAWAI")
    header = ["No", "Nama Pegawai", "NIK", "Kategori", "Tanggal Vaksin", None, None]
    for j, text in enumerate(header):
        if text:
            ws.write(5, 2 + j, text)
    ws.merge_range(5, 6, 5, 8, "Tanggal Vaksin")
    for j, text in enumerate(["1", "2", "3"]):
        ws.write_string(6, 6 + j, text)
    ws.write_row(7, 2, [1, "Ani", "3573014101900001", "PNS", "01/03/2021", "29/03/2021", ""])
    ws.write_row(8, 2, ["Sub Total", "", "", "", "", "", ""])
    ws.write_row(9, 2, [2, "Budi", "3573010101850002", "PTT", "2021-06-01", "", ""])
    ws.write_row(10, 2, ["TOTAL", "", "", "", 2, 1, 0])
    ws.write_row(11, 2, ["Sudah vaksin", 2])
    book.close()
    result = read_workbook(path)
    (info,) = result.sheets
    assert (info.category, info.header_row, info.rows) == (None, 7, 2)
    assert info.columns == {"name": "D", "nik": "E", "category": "F", "dose1_date": "G",
                            "dose2_date": "H", "dose3_date": "I"}
    assert _flat(result.rows, ["row", "unit", "category", "name", "dose1_date",
                               "dose2_date"]) == [
        (8, "upt_psaa_malang", "asn", "Ani", "2021-03-01", "2021-03-29"),
        (10, "upt_psaa_malang", "ptt", "Budi", "2021-06-01", None),
    ]


def test_workbook_without_roster_sheets_has_an_empty_table(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "Petunjuk"
    wb.active["A1"] = "Isi data pada lembar berikut"
    path = tmp_path / "kosong.xlsx"
    wb.save(path)
    book = read_workbook(path)
    assert [(s.sheet, s.header_row, s.rows, s.findings) for s in book.sheets] == [
        ("Petunjuk", None, 0, ())
    ]
    assert list(book.rows.columns) == list(ROSTER_COLUMNS)
    assert len(book.rows) == 0
    assert str(book.rows["dose1_date"].dtype) == "datetime64[ns]"


def test_name_on_the_second_header_row(tmp_path):
    """'Identitas' over 'Nama' / 'NIK' and 'Vaksin Dosis 1' over 'Tanggal' / 'Jenis': the name
    is found on the lower row, the upper row still names the dose columns."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "PTT"
    ws["A1"] = "DATA PTT"
    ws["A3"] = "No"
    ws.merge_cells("A3:A4")
    ws["B3"] = "Identitas"
    ws.merge_cells("B3:C3")
    ws["D3"] = "Vaksin Dosis 1"
    ws.merge_cells("D3:E3")
    for ref, text in (("B4", "Nama"), ("C4", "NIK"), ("D4", "Tanggal"), ("E4", "Jenis")):
        ws[ref] = text
    for ref, value in (("A5", 1), ("B5", "Ani"), ("C5", "3573014101900001"),
                       ("D5", "01/03/2021"), ("E5", "Sinovac")):
        ws[ref] = value
    path = tmp_path / "upt_x.xlsx"
    wb.save(path)
    book = read_workbook(path)
    (info,) = book.sheets
    assert (info.header_row, info.columns) == (
        4, {"name": "B", "nik": "C", "dose1_date": "D", "dose1_brand": "E"})
    assert info.headers["name"] == "Identitas Nama"
    assert _flat(book.rows, ["row", "name", "dose1_date", "dose1_brand"]) == [
        (5, "Ani", "2021-03-01", "Sinovac")]


def test_benchmark_layout_is_read_in_full(tmp_path):
    """The benchmark's own workbook (bench/bench_read.py) at a small size: every row read."""
    from bench.bench_read import write_roster

    path = tmp_path / "bench.xlsx"
    write_roster(path, 300)
    book = read_workbook(path)
    (info,) = book.sheets
    assert (info.category, info.header_row, info.first_data_row, info.rows) == ("asn", 6, 8, 300)
    assert book.rows["row"].tolist() == list(range(8, 308))
    assert book.rows["nik"].str.fullmatch(r"\d{16}").all()
    assert book.rows["birth_date"].notna().all()
    assert book.rows["dose1_date"].notna().all()

