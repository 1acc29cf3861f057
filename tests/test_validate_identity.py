"""Validation of NIK and NIP on real workbooks (tests/data/validate/nik.xlsx, nip.xlsx)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from census.model import Severity
from census.validate.identity import _ddmmyy_table
from census.validate.regions import district_numbers, known_regions
from census.values.nik import calendar_dates
from tests.data.validate.helpers import findings_of, flat


def test_nik_workbook_reports_exactly_the_planted_mistakes() -> None:
    assert flat(findings_of("nik.xlsx")) == [
        ("ASN", 7, "C", "nik-missing"),
        ("ASN", 8, "C", "nik-length"),
        ("ASN", 9, "C", "nik-not-digits"),
        ("ASN", 10, "C", "nik-stored-as-number"),
        ("ASN", 11, "C", "nik-region-unknown"),
        ("ASN", 13, "C", "nik-birthdate-invalid"),
        ("ASN", 14, "C", "nik-birthdate-mismatch"),
        ("ASN", 15, "C", "nik-sex-mismatch"),
        ("ASN", 16, "C", "nik-placeholder"),
        ("ASN", 17, "C", "duplicate-nik"),
        ("Klien", 5, "C", "nik-missing"),
        ("Klien", 6, "C", "nik-missing"),
    ]


def test_nik_missing_is_an_error_for_staff_and_a_warning_for_clients() -> None:
    severities = {(f.sheet, f.row): f.severity for f in findings_of("nik.xlsx")
                  if f.code == "nik-missing"}
    assert severities == {
        ("ASN", 7): Severity.ERROR,
        ("Klien", 5): Severity.WARNING,
        ("Klien", 6): Severity.WARNING,
    }


def test_nik_findings_carry_cell_header_value_unit_and_message() -> None:
    by_code = {f.code: f for f in findings_of("nik.xlsx")}
    length = by_code["nik-length"]
    assert (length.file, length.header, length.value, length.unit) == (
        "nik.xlsx", "NIK", "357801520580002", "nik")
    assert dict(length.context)["length"] == "15"
    stored = by_code["nik-stored-as-number"].to_dict("id")
    assert stored["value"] == "3578011205800000"
    assert "Teks" in stored["message"] and "ketik ulang" in stored["message"]
    assert "Text" in by_code["nik-stored-as-number"].to_dict("en")["message"]
    assert dict(by_code["nik-region-unknown"].context)["region"] == "999901"
    assert dict(by_code["nik-birthdate-invalid"].context)["part"] == "720580"
    mismatch = dict(by_code["nik-birthdate-mismatch"].context)
    assert (mismatch["nik_date"], mismatch["row_date"]) == ("13-05-1980", "12-05-1980")
    sex = dict(by_code["nik-sex-mismatch"].context)
    assert (sex["nik_sex"], sex["row_sex"]) == ("P", "L")
    assert dict(by_code["duplicate-nik"].context)["other_row"] == "5"


# (code, sheet, a row that has the finding, a row of the same sheet that must not)
NIK_CASES = [
    ("nik-missing", "ASN", 7, 5),
    ("nik-length", "ASN", 8, 6),            # passing row 6: NIK typed with spaces
    ("nik-not-digits", "ASN", 9, 6),
    ("nik-stored-as-number", "ASN", 10, 5),
    ("nik-region-unknown", "ASN", 11, 12),  # passing row 12: a retired Papua district code
    ("nik-birthdate-invalid", "ASN", 13, 18),  # passing row 18: 29 Feb 2000
    ("nik-birthdate-mismatch", "ASN", 14, 5),
    ("nik-sex-mismatch", "ASN", 15, 6),     # passing row 6: a woman's day + 40
    ("nik-placeholder", "ASN", 16, 5),
    ("duplicate-nik", "ASN", 17, 5),        # the first of the pair is not reported
    ("nik-missing", "Klien", 6, 7),         # '-' counts as missing
]


@pytest.mark.parametrize(("code", "sheet", "failing", "passing"), NIK_CASES)
def test_each_nik_code_has_a_failing_and_a_passing_row(
    code: str, sheet: str, failing: int, passing: int
) -> None:
    rows = {f.row for f in findings_of("nik.xlsx") if f.code == code and f.sheet == sheet}
    assert failing in rows
    assert passing not in rows


def test_nik_century_follows_the_birth_date_column() -> None:
    # Klien 7: NIK ..010115.. born 2015; 8 and 9: ..410145.. born 1945 (9 as text '1 Jan 1945').
    flagged = {f.row for f in findings_of("nik.xlsx") if f.sheet == "Klien"}
    assert flagged == {5, 6}


def test_nip_workbook_reports_exactly_the_planted_mistakes() -> None:
    assert flat(findings_of("nip.xlsx")) == [
        ("PNS", 8, "D", "nip-format"),
        ("PNS", 9, "D", "nip-format"),
        ("PNS", 10, "D", "nip-format"),
        ("PNS", 11, "D", "nip-format"),
        ("PNS", 12, "D", "nip-birthdate-mismatch"),
        ("PNS", 13, "D", "nip-sex-mismatch"),
        ("PNS", 14, "D", "nip-stored-as-number"),
        ("PNS", 15, "D", "nip-format"),
    ]


def test_pns_pppk_and_old_nips_pass() -> None:
    flagged = {f.row for f in findings_of("nip.xlsx")}
    # 5: PNS with spaces; 6: PPPK '19890612 2023 2 1 2 019'; 7: a 9-digit NIP; 16: '-';
    # 17: a 9-digit NIP in a number cell (15 digits are kept exactly: nothing lost)
    assert flagged.isdisjoint({5, 6, 7, 16, 17})


def test_nip_mismatch_messages_name_both_values() -> None:
    by_code = {f.code: f for f in findings_of("nip.xlsx")}
    born = dict(by_code["nip-birthdate-mismatch"].context)
    assert (born["nip_date"], born["row_date"]) == ("07-07-1985", "06-07-1985")
    assert dict(by_code["nip-sex-mismatch"].context)["nip_sex"] == "P"
    assert "digit 15" in by_code["nip-sex-mismatch"].to_dict("en")["message"]


def test_region_codes_include_current_and_retired_districts() -> None:
    import csv
    from importlib import resources

    codes = set(district_numbers().tolist())
    assert {357801, 351701, 910101, 110101} <= codes
    assert 999901 not in codes
    # Every district line of the two lists (read by the csv module), and nothing else.
    folder = resources.files("census.data").joinpath("wilayah")
    with folder.joinpath("kecamatan.csv").open(encoding="utf-8") as handle:
        current = {int(row["kode_nik"]) for row in csv.DictReader(handle)}
    with folder.joinpath("retired_codes.csv").open(encoding="utf-8") as handle:
        retired = {int(row["kode_nik"]) for row in csv.DictReader(handle) if row["level"] == "3"}
    assert codes == current | retired and len(codes) > 7000
    assert np.flatnonzero(known_regions()).tolist() == sorted(codes)


def test_a_birth_dates_ddmmyy_table_holds_every_day_of_1900_to_2099() -> None:
    first, codes = _ddmmyy_table()
    start = date(1900, 1, 1)
    assert first == np.datetime64(start, "D").astype(np.int64)
    assert codes.tolist() == [
        int(f"{date.fromordinal(start.toordinal() + k):%d%m%y}") for k in range(73049)
    ]


def test_calendar_dates_know_month_lengths_and_leap_years() -> None:
    import numpy as np

    dates, ok = calendar_dates(np.array([2000, 1900, 2021, 2021]), np.array([2, 2, 4, 13]),
                               np.array([29, 29, 31, 1]))
    assert ok.tolist() == [True, False, False, False]
    assert dates[0] == np.datetime64(date(2000, 2, 29))
