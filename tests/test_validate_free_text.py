"""Remarks census cannot read, exemptions without a doctor's letter, phone numbers (remarks.xlsx)."""

from __future__ import annotations

from tests.data.validate.helpers import findings_of, flat


def test_remarks_workbook_reports_exactly_the_planted_findings() -> None:
    assert flat(findings_of("remarks.xlsx")) == [
        ("PNS", 13, "G", "exempt-letter-missing"),  # 'alergi berat' without a letter
        ("PNS", 15, "G", "remark-not-understood"),  # 'menunggu jadwal dari puskesmas'
        ("PNS", 16, "G", "remark-not-understood"),  # a date and nothing else
        ("PNS", 19, "F", "phone-invalid"),          # '12345'
        ("PNS", 20, "F", "phone-invalid"),          # 'tidak tahu'
    ]


def test_sex_spellings_of_one_table_pass() -> None:
    # 'L.', 'Laki - laki', 'W', 'Wanita', 'Pr': accepted by validation as by the register.
    assert not [f for f in findings_of("remarks.xlsx") if f.code == "sex-invalid"]


def test_messages_quote_the_remark_and_say_what_to_do() -> None:
    by_row = {f.row: f for f in findings_of("remarks.xlsx")}
    assert by_row[15].value == "menunggu jadwal dari puskesmas"
    assert "census.toml [rules.remarks]" in by_row[15].to_dict("en")["message"]
    assert "'menunggu jadwal dari puskesmas'" in by_row[15].to_dict("id")["message"]
    assert "doctor's letter" in by_row[13].to_dict("en")["message"]
    assert by_row[19].to_dict("en")["message"].startswith("Phone number '12345' cannot be used")
