"""The coordinator's report: allocation.xlsx and allocation.html, masked NIKs, both languages."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import openpyxl

from census.allocate import allocate, write_allocation_report
from census.config import Config
from tests.test_allocate_assign import AFTER_PLAN, after_the_fact
from tests.test_allocate_factory import tables, volunteer

AS_OF = date(2022, 3, 31)
NIK_RUN = re.compile(r"\d{16}")


def write(tmp_path: Path, lang: str = "id", rename: dict[str, str] | None = None) -> list[Path]:
    persons, memberships, doses = after_the_fact()
    for person_id, name in (rename or {}).items():
        persons.loc[persons["person_id"] == person_id, "name"] = name
    allocation = allocate(AFTER_PLAN, persons, memberships, doses, AS_OF)
    config = Config(as_of=AS_OF, department="Dinas Sosial Provinsi Jawa Timur")
    return write_allocation_report(allocation, tmp_path, config, lang=lang)


def cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(path)
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in book}


def test_writes_both_files_into_tagana(tmp_path: Path) -> None:
    paths = write(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == [
        "tagana/allocation.xlsx", "tagana/allocation.html", "tagana/assignments.json"]


def test_workbook_sheets_and_tables(tmp_path: Path) -> None:
    xlsx = write(tmp_path)[0]
    sheets = cells(xlsx)
    assert list(sheets) == ["Info", "Tahap", "Kab-Kota", "Relawan per Tahap",
                            "Belum Dapat Tahap", "Dosis di Luar Tahap"]
    assert sheets["Tahap"] == [
        ("Tahap", "Mulai", "Selesai", "Kab/Kota", "Kuota", "Ditugaskan (dosis)", "Diberikan",
         "Diberikan (tanpa tugas)", "Sisa", "Tidak hadir", "Menunggu"),
        ("A", datetime(2022, 1, 10), datetime(2022, 1, 31), "semua Kab/Kota", 2, 2, 1, 0, 1, 1, 0),
        ("B", datetime(2022, 2, 7), datetime(2022, 2, 28), "Kota Surabaya", 2, 2, 2, 0, 0, 0, 0),
        ("C", datetime(2022, 3, 7), datetime(2022, 4, 30), "semua Kab/Kota", 2, 2, 0, 0, 2, 0, 2),
    ]
    people = sheets["Relawan per Tahap"]
    assert people[0][5] == "No HP"
    assert [(r[0], r[2], r[7], r[12]) for r in people[1:]] == [
        ("A", "3578********0001", "Dosis 1", "sudah divaksin"),
        ("A", "3578********0003", "Dosis 1", "tidak hadir"),
        ("B", "3578********0001", "Dosis 2", "sudah divaksin"),
        ("B", "3578********0002", "Dosis 2", "sudah divaksin"),
        ("C", "3578********0004", "Dosis 2", "menunggu"),
        ("C", "3578********0005", "Dosis 2", "menunggu"),
    ]
    # Vaccines by the rule table's names ('Pfizer', not the code 'pfizer').
    assert [(r[4], r[5], r[6], r[7]) for r in sheets["Dosis di Luar Tahap"][1:]] == [
        ("Dosis 1", datetime(2022, 2, 15), "Sinovac", "tahap untuk Kab/Kota lain"),
        ("Booster 1", datetime(2022, 3, 2), "Pfizer", "tidak ada tahap pada tanggal itu"),
    ]
    assert [(r[1], r[-1]) for r in sheets["Belum Dapat Tahap"][1:]] == [
        ("3578********0003", "tidak hadir pada tahapnya")]


def test_workbook_header_frozen_with_filters(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(write(tmp_path)[0])
    for name in book.sheetnames[1:]:
        ws = book[name]
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A1:")


def test_no_unmasked_nik_anywhere(tmp_path: Path) -> None:
    xlsx, html, listed = write(tmp_path)
    # The portal's checklist (assignments.json): masked like the report.
    assert not NIK_RUN.search(listed.read_text(encoding="utf-8"))
    assert "3578********0001" in listed.read_text(encoding="utf-8")
    for rows in cells(xlsx).values():
        for row in rows:
            for value in row:
                assert not NIK_RUN.search(str(value))
    text = html.read_text(encoding="utf-8")
    assert not NIK_RUN.search(text)
    assert "3578********0001" in text


def test_formula_like_names_stay_text_and_html_escapes(tmp_path: Path) -> None:
    xlsx, html, _listed = write(tmp_path, rename={"P000001": "=HYPERLINK(\"x\")",
                                         "P000003": "<script>alert(1)</script>"})
    people = cells(xlsx)["Relawan per Tahap"]
    assert people[1][3] == '=HYPERLINK("x")'
    book = openpyxl.load_workbook(xlsx)
    assert book["Relawan per Tahap"]["D2"].data_type == "s"
    text = html.read_text(encoding="utf-8")
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_html_is_self_contained_and_in_indonesian(tmp_path: Path) -> None:
    text = write(tmp_path)[1].read_text(encoding="utf-8")
    assert "Keadaan per 31 Maret 2022" in text
    assert "Dinas Sosial Provinsi Jawa Timur" in text
    assert "size: A4" in text
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text)
    assert "<link" not in text
    for heading in ("Per tahap", "Per Kab/Kota", "Daftar relawan per tahap",
                    "Dosis di luar tahap"):
        assert heading in text


def test_english_report(tmp_path: Path) -> None:
    xlsx, html, _listed = write(tmp_path, lang="en")
    sheets = cells(xlsx)
    assert list(sheets) == ["Info", "Phases", "Regions", "Volunteers by Phase", "No Phase",
                            "Outside Phases"]
    assert sheets["Phases"][0][:4] == ("Phase", "Start", "End", "Kab/Kota")
    assert [r[12] for r in sheets["Volunteers by Phase"][1:]] == [
        "vaccinated", "no-show", "vaccinated", "vaccinated", "pending", "pending"]
    text = html.read_text(encoding="utf-8")
    assert "As of 31 March 2022" in text
    assert "Doses outside any phase" in text


def test_report_without_any_volunteer(tmp_path: Path) -> None:
    persons, memberships, doses = tables([], others=[volunteer(1, "unvaccinated")])
    allocation = allocate(AFTER_PLAN, persons, memberships, doses, AS_OF)
    xlsx, html, _listed = write_allocation_report(allocation, tmp_path, Config(as_of=AS_OF),
                                                  lang="en")
    sheets = cells(xlsx)
    assert [row[5] for row in sheets["Phases"][1:]] == [0, 0, 0]
    assert sheets["Volunteers by Phase"][1:] == []
    assert html.read_text(encoding="utf-8").count("None.") == 6  # 3 phase lists + 3 tables


def test_html_names_vaccines_groups_the_waiting_and_prints_with_a_running_header(
        tmp_path: Path) -> None:
    text = write(tmp_path)[1].read_text(encoding="utf-8")
    outside = text.split("Dosis di luar tahap")[1]
    assert ">Pfizer<" in outside and ">pfizer<" not in outside
    waiting = text.split("Masih menunggu, belum mendapat tahap")[1].split("Dosis di luar tahap")[0]
    assert re.findall(r'<tr class="group"><td colspan="8">([^<]+)</td>', waiting) == [
        "Kota Surabaya (1)"]
    header = text.split("<main>")[0]
    assert "AFTER_PLAN" not in header and ".toml" not in header  # the plan's title, not its file
    assert '@top-left { content: "Dinas Sosial Provinsi Jawa Timur · ' in text
    assert '@bottom-center { content: "Halaman " counter(page) " dari " counter(pages)' in text
