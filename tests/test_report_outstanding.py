"""The outstanding list in the order a head acts on, with the columns that hold data, and a ready
reminder (text and wa.me link) for each person with a phone number; the cover letter."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pandas as pd
import pytest

from census.config import Config, LetterConfig, UnitConfig, load_config
from census.i18n import translator
from census.report.cover import cover_letter
from census.report.pages import outstanding_list
from census.report.reminder import reminder_text, wa_link, wa_number
from census.report.summary import summarise
from tests.reportkit import INPUTS, demo_outputs, html_text

ID, EN = translator("id"), translator("en")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_outputs(tmp_path_factory)


def _outstanding(out: Path, code: str) -> tuple[list[str], list[tuple]]:
    ws = openpyxl.load_workbook(out / "units" / f"{code}.xlsx")["Belum tuntas"]
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == "No")
    body = []
    for row in rows[start + 1:]:
        if row[0] is None:
            break
        body.append(row)
    return list(rows[start]), body


def test_overdue_people_come_first_the_never_vaccinated_among_them(demo: Path) -> None:
    persons = pd.read_csv(demo / "persons.csv", dtype=str, keep_default_na=False)
    jombang = persons[persons["units"].str.contains("upt_pstw_jombang")]
    waiting = jombang[jombang["status"].isin(["partial", "unvaccinated", "deferred"])]
    overdue = waiting[waiting["overdue"] == "true"]
    assert set(overdue["status"]) == {"partial", "unvaccinated"}
    head, rows = _outstanding(demo, "upt_pstw_jombang")
    late, status, since = (head.index(k) for k in ("Terlambat", "Status", "Mulai tanggal"))
    assert len(rows) == len(waiting)
    flags = [row[late] == "Ya" for row in rows]
    assert flags == sorted(flags, reverse=True) and sum(flags) == len(overdue)
    # Within the overdue and within the others: by the date the dose was due.
    for part in ([r for r in rows if r[late] == "Ya"], [r for r in rows if r[late] != "Ya"]):
        days = [r[since] for r in part if r[since] is not None]
        assert days == sorted(days)
    # Never vaccinated since the programme's first weeks: at the top, not after late 2nd doses.
    first = rows[0]
    assert first[status] == "Belum vaksin" and first[since].year == 2021


def test_a_column_only_when_someone_has_data_in_it(demo: Path) -> None:
    jombang, _ = _outstanding(demo, "upt_pstw_jombang")
    tagana, rows = _outstanding(demo, "tagana")
    assert "No HP" not in jombang  # the Jombang rosters have no phone column
    assert "No HP" in tagana and sum(bool(r[tagana.index("No HP")]) for r in rows) > 50
    page = html_text(demo / "units" / "upt_pstw_jombang.html")
    assert "No HP" not in page and "wa.me" not in page


def test_each_person_with_a_phone_gets_a_reminder_and_a_wa_link(demo: Path) -> None:
    book = openpyxl.load_workbook(demo / "units" / "tagana.xlsx")
    assert book.sheetnames[:4] == ["Surat", "Cakupan", "Belum tuntas", "Pengingat"]
    head, rows = _outstanding(demo, "tagana")
    phones = {r[head.index("Nama")]: r[head.index("No HP")] for r in rows
              if r[head.index("No HP")]}
    sheet = book["Pengingat"]
    reminders = [r for r in sheet.iter_rows(min_row=6, values_only=True) if r[0] is not None]
    assert len(reminders) == len(phones)
    for _, name, phone, text, _ in reminders:
        assert phones[name] == phone
        assert text.startswith(f"Yth. {name}, menurut sensus vaksinasi Tagana Provinsi Jawa Timur")
        assert "Dosis" in text and "puskesmas atau pos vaksinasi terdekat" in text
    link = sheet.cell(6, 5).hyperlink.target
    split = urlsplit(link)
    assert (split.scheme, split.netloc) == ("https", "wa.me")
    assert split.path == "/" + wa_number(reminders[0][2])
    assert parse_qs(split.query)["text"] == [reminders[0][3]]
    page = (demo / "units" / "tagana.html").read_text(encoding="utf-8")
    assert page.count('href="https://wa.me/62') == len(phones)
    assert 'target="_blank" rel="noopener noreferrer"' in page
    assert "@media print" in page and ".reminder { display: none; }" in page


@pytest.mark.parametrize(("cell", "number"), [
    ("0812-3456-7890", "6281234567890"), ("+62 812 3456 7890", "6281234567890"),
    ("081234567890 / 085712345678", "6281234567890"), ("81234567890", "6281234567890"),
    ("(031) 8290794", "62318290794"), ("0062 812 3456 789", "628123456789"),
    ("-", None), ("12345", None), (None, None), ("tidak ada", None),
])
def test_wa_numbers_from_what_rosters_write(cell: object, number: str | None) -> None:
    assert wa_number(cell) == number


def test_a_reminder_says_which_dose_from_when_and_where_in_the_reports_language() -> None:
    on = date(2022, 3, 31)
    late = reminder_text("Siti", "Dosis 2", date(2021, 8, 1), on, "UPT X", "Puskesmas Jombang", ID)
    assert late == ("Yth. Siti, menurut sensus vaksinasi UPT X, Bapak/Ibu belum menerima vaksin "
                    "COVID-19 Dosis 2 yang sudah dapat diberikan sejak 1 Agustus 2021. Mohon "
                    "segera datang ke Puskesmas Jombang dengan membawa KTP. Terima kasih.")
    ahead = reminder_text("Siti", "Dose 1", date(2022, 4, 20), on, "UPT X", "the puskesmas", EN)
    assert "from 20 April 2022" in ahead and "from that day" in ahead
    link = wa_link("6281234567890", "Halo & sampai jumpa?")
    assert link == "https://wa.me/6281234567890?text=Halo%20%26%20sampai%20jumpa%3F"


def test_the_unit_s_vaccination_place_goes_into_its_reminders() -> None:
    config = Config(as_of=date(2022, 3, 31), units={"u": UnitConfig(
        name="UPT U", vaccination_place="Puskesmas Sukorame")})
    table = pd.DataFrame({
        "name": ["Ani"], "nik": ["3578********0001"], "category": ["Klien"],
        "status": ["Belum vaksin"], "next_dose": ["Dosis 1"],
        "from_date": [pd.Timestamp("2021-01-13")], "overdue": [True], "reason": [""],
        "phone": ["0812 3456 7890"],
    })
    listed = outstanding_list(table, "u", "UPT U", config, ID)
    assert listed.head == ["No", "Nama", "NIK", "Kategori", "Status", "Dosis berikutnya",
                           "Mulai tanggal", "Terlambat", "No HP"]
    assert listed.late == [True] and listed.reminders[0] is not None
    assert "Puskesmas Sukorame" in listed.reminders[0].text


def test_the_cover_letter_in_english_and_without_anyone_outstanding() -> None:
    config = load_config(INPUTS, lang="en")
    persons = pd.DataFrame({"person_id": ["P1", "P2"], "status": ["complete", "complete"],
                            "primary_doses": [2, 2]})
    memberships = pd.DataFrame({"person_id": ["P1", "P2"], "unit": ["upt_pstw_jombang"] * 2,
                                "category": ["klien", "asn"]})
    unit = summarise(persons, memberships, config).units["upt_pstw_jombang"]
    letter = cover_letter("upt_pstw_jombang", unit, 0, 0, config, EN)
    assert letter.subject == "Results of the COVID-19 vaccination completion census"
    assert letter.addressee == ["Head of UPT Pelayanan Sosial Tresna Werdha Jombang",
                                config.units["upt_pstw_jombang"].head]
    assert letter.address_place == "in Jombang" and letter.place_date == "Surabaya, 31 March 2022"
    assert letter.classification == "Limited" and letter.attachments == "1 (one) file"
    assert "100.0%: 2 of 2 eligible people" in letter.body[1]
    assert letter.body[2].startswith("Nobody of the unit is waiting for a dose")
    assert "14 April 2022" in letter.body[2]
    assert letter.attachment_title[0] == "Attachment to the letter"


def test_a_unit_without_a_configured_head_gets_a_letter_to_its_position() -> None:
    config = Config(as_of=date(2022, 3, 31), department="Dinas Sosial",
                    letter=LetterConfig(place="Surabaya", deadline_days=30))
    persons = pd.DataFrame({"person_id": ["P1"], "status": ["partial"], "primary_doses": [1]})
    memberships = pd.DataFrame({"person_id": ["P1"], "unit": ["upt_x"], "category": ["asn"]})
    unit = summarise(persons, memberships, config).units["upt_x"]
    letter = cover_letter("upt_x", unit, 1, 1, config, ID)
    assert letter.addressee == ["Kepala upt_x"] and letter.address_place == "di Surabaya"
    assert letter.signer.position == ["KEPALA DINAS SOSIAL"] and letter.signer.name == ""
    assert "1 orang masih memerlukan dosis (1 di antaranya sudah terlambat)" in letter.body[2]
    assert "30 April 2022" in letter.body[3]
