"""The official-letter component (DOMAIN §8): its parts, number, signer, letterhead and logo."""

from __future__ import annotations

import base64
from datetime import date
from pathlib import Path

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from census.config import load_config
from census.errors import BadConfig
from census.i18n import translator
from census.report.context import Section, Table
from census.report.excel_letter import write_letter_sheet
from census.report.html import render_sections
from census.report.letter import (
    Letter,
    attachment_count,
    attachment_heading,
    letter_number,
    letterhead,
    place_date,
    render_letter,
    signer,
)

#: A 1×1 PNG (the smallest valid image) standing in for the province's emblem.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
TOML = """\
department = "Dinas Sosial Provinsi Jawa Timur"
[letter]
government = "Pemerintah Provinsi Jawa Timur"
address = "Jalan Gayung Kebonsari No. 56B, Surabaya"
phone = "(031) 8290794"
number = "443.1/{serial}/107.2/{year}/{month}"
place = "Surabaya"
signer_position = "a.n. Kepala Dinas,\\nSekretaris"
signer_name = "Drs. Alwi, M.Hum"
signer_rank = "Pembina Tingkat I"
signer_nip = "19680412 199303 1 005"
logo = "lambang.png"
"""


def _config(tmp_path: Path, toml: str = TOML):
    (tmp_path / "census.toml").write_text(toml, encoding="utf-8")
    (tmp_path / "lambang.png").write_bytes(PNG)
    return load_config(tmp_path)


def _letter(tmp_path: Path, copies: list[str], confidential: bool) -> Letter:
    config = _config(tmp_path)
    t = translator("id")
    on = date(2022, 3, 31)
    letter = Letter(
        t=t, lang="id", letterhead=letterhead(config), place_date=place_date("Surabaya", on, "id"),
        number=letter_number(config.letter.number, on, "1234"), classification="Segera",
        attachments=attachment_count(1, t), subject="Laporan sensus tuntas vaksin",
        addressee=["Kepala UPT Pelayanan Sosial Tresna Werdha Jombang"],
        address_place="di Tempat", body=["Menindaklanjuti surat kami.", "Demikian."],
        signer=signer(config), copies=copies, confidential=confidential,
    )
    return Letter(**{**letter.__dict__, "attachment_title": attachment_heading(letter, on)})


def test_a_letters_parts_in_the_order_of_tata_naskah_dinas(tmp_path: Path) -> None:
    letter = _letter(tmp_path, ["Gubernur Jawa Timur"], confidential=False)
    table = Table(head=["No", "Nama"], rows=[(1, "Sri Wahyuni")])
    html = render_letter(letter, render_sections([Section("Daftar", table=table)]))
    body = html[html.index("<body"):]
    parts = ["data:image/png;base64,", "PEMERINTAH PROVINSI JAWA TIMUR", "DINAS SOSIAL PROVINSI "
             "JAWA TIMUR", "Telepon (031) 8290794", "Surabaya, 31 Maret 2022", "Nomor",
             "443.1/1234/107.2/2022/III", "Sifat", "Segera", "Lampiran", "1 (satu) berkas",
             "Perihal", "Laporan sensus tuntas vaksin", "Yth. Kepala UPT", "di Tempat",
             "Menindaklanjuti surat kami.", "Demikian.", "a.n. Kepala Dinas,", "Sekretaris",
             "Drs. Alwi, M.Hum", "Pembina Tingkat I", "NIP. 19680412 199303 1 005", "Tembusan",
             "Gubernur Jawa Timur", "Lampiran Surat", "Nomor : 443.1/1234/107.2/2022/III",
             "Tanggal : 31 Maret 2022", "Sri Wahyuni"]
    positions = [body.index(part) for part in parts]
    assert positions == sorted(positions)
    assert "RAHASIA" not in body  # only a confidential letter says so


def test_a_letter_without_copies_or_serial_or_attachment(tmp_path: Path) -> None:
    letter = _letter(tmp_path, [], confidential=True)
    html = render_letter(letter)
    assert "Tembusan" not in html and "class=\"attachment\"" not in html
    assert 'class="secret"' in html and "RAHASIA" in html
    assert letter_number("443.1/{serial}/107.2/{year}", date(2022, 1, 5)) == \
        "443.1/......../107.2/2022"
    assert attachment_count(0, translator("id")) == "-"
    assert attachment_count(2, translator("en")) == "2 (two) files"


def test_defaults_name_the_department_and_a_missing_logo_stops_early(tmp_path: Path) -> None:
    config = _config(tmp_path, 'department = "Dinas Sosial Kota Serang"\n')
    head, sign = letterhead(config), signer(config)
    assert (head.government, head.agency, head.logo) == ("", "DINAS SOSIAL KOTA SERANG", "")
    assert (sign.position, sign.name, sign.nip) == (["KEPALA DINAS SOSIAL KOTA SERANG"], "", "")
    (tmp_path / "census.toml").write_text('[letter]\nlogo = "tidak_ada.png"\n', encoding="utf-8")
    with pytest.raises(BadConfig, match="tidak_ada.png"):
        load_config(tmp_path)


def test_the_letter_as_a_workbook_sheet(tmp_path: Path) -> None:
    letter = _letter(tmp_path, ["Gubernur Jawa Timur"], confidential=True)
    path = tmp_path / "surat.xlsx"
    book = xlsxwriter.Workbook(str(path))
    write_letter_sheet(book, letter, "Surat")
    book.close()
    cells = [str(c) for row in CalamineWorkbook.from_path(str(path)).get_sheet_by_name(
        "Surat").to_python() for c in row if c not in ("", None)]
    for text in ("RAHASIA", "PEMERINTAH PROVINSI JAWA TIMUR", "Surabaya, 31 Maret 2022",
                 "443.1/1234/107.2/2022/III", "Segera", "Yth. Kepala UPT Pelayanan Sosial "
                 "Tresna Werdha Jombang", "Drs. Alwi, M.Hum", "NIP. 19680412 199303 1 005",
                 "1. Gubernur Jawa Timur"):
        assert any(text in cell for cell in cells), text
