"""The Tagana allocation plan: TOML and xlsx forms, and every way a plan can fail to add up."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from census.allocate import Phase, Plan, PlanError, load_plan
from census.allocate.kabkota import resolve
from census.errors import BadPlan
from census.i18n import translator

AS_OF = date(2022, 3, 31)
ROOT = Path(__file__).resolve().parent.parent

GOOD = """\
title = "Alokasi 2022"
total_doses = 350

[[phases]]
name = "Tahap 1"
start = 2022-01-10
end = 2022-01-31
quota = 150

[[phases]]
name = "Tahap 2"
start = 2022-02-07
end = 2022-02-28
quota = 100
kabkota = ["Kota Surabaya", "Kab. Sidoarjo"]

[[phases]]
name = "Tahap 3"
start = "2022-03-07"
end = 2022-04-30
quota = 100
"""

EXPECTED = Plan(
    total_doses=350,
    phases=(
        Phase("Tahap 1", date(2022, 1, 10), date(2022, 1, 31), 150, (), 4),
        Phase("Tahap 2", date(2022, 2, 7), date(2022, 2, 28), 100,
              ("Kota Surabaya", "Kabupaten Sidoarjo"), 10),
        Phase("Tahap 3", date(2022, 3, 7), date(2022, 4, 30), 100, (), 17),
    ),
    source="tagana_plan.toml",
    title="Alokasi 2022",
)


def write_toml(folder: Path, text: str) -> Path:
    path = folder / "tagana_plan.toml"
    path.write_text(text, encoding="utf-8")
    return folder


def problems(folder: Path) -> list[tuple[int | None, int | None, str]]:
    """(line, phase index, code) of every problem load_plan reports."""
    with pytest.raises(PlanError) as caught:
        load_plan(folder, AS_OF)
    return [(p.line, p.phase, p.code) for p in caught.value.problems]


def test_no_plan_is_none(tmp_path: Path) -> None:
    assert load_plan(tmp_path, AS_OF) is None


def test_a_phase_may_start_up_to_a_year_after_the_census_date(tmp_path: Path) -> None:
    text = GOOD.replace('start = "2022-03-07"\nend = 2022-04-30',
                        "start = 2023-03-31\nend = 2023-04-30")
    plan = load_plan(write_toml(tmp_path, text), AS_OF)
    assert plan is not None and plan.phases[-1].start == date(2023, 3, 31)
    write_toml(tmp_path, text.replace("2023-03-31", "2023-04-01"))
    assert problems(tmp_path) == [(19, 3, "too-far-ahead")]


def test_toml_plan_reads(tmp_path: Path) -> None:
    assert load_plan(write_toml(tmp_path, GOOD), AS_OF) == EXPECTED


def test_phases_sorted_by_start_whatever_the_file_order(tmp_path: Path) -> None:
    blocks = GOOD.split("[[phases]]")
    text = blocks[0] + "[[phases]]" + blocks[3] + "[[phases]]" + blocks[1] + "[[phases]]" + blocks[2]
    plan = load_plan(write_toml(tmp_path, text), AS_OF)
    assert plan is not None
    assert [p.name for p in plan.phases] == ["Tahap 1", "Tahap 2", "Tahap 3"]


def test_demo_plan_in_inputs_is_valid() -> None:
    plan = load_plan(ROOT / "inputs", AS_OF)
    assert plan is not None
    assert plan.total_doses == 350
    assert len(plan.phases) == 3
    assert sum(p.quota for p in plan.phases) == 350
    assert any(p.regional for p in plan.phases)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # quotas over the total: named on the total_doses line
        ("total_doses = 350", "total_doses = 300", [(2, None, "quota-over-total")]),
        # overlapping phases: the later one, on its start line
        ("start = 2022-02-07", "start = 2022-01-31", [(12, 2, "overlap")]),
        # unknown and ambiguous regions, on the kabkota line
        ('"Kab. Sidoarjo"]', '"Atlantis", "Malang"]', [(15, 2, "unknown-region"),
                                                       (15, 2, "ambiguous-region")]),
        ("end = 2022-01-31", "end = 2022-01-03", [(7, 1, "end-before-start")]),
        ("start = 2022-01-10", "start = 2020-12-01", [(6, 1, "before-programme")]),
        ('start = "2022-03-07"\nend = 2022-04-30', "start = 2023-06-01\nend = 2023-06-30",
         [(19, 3, "too-far-ahead")]),
        ("quota = 150\n", "", [(4, 1, "missing-key")]),
        ("quota = 150", 'quota = "banyak"', [(8, 1, "bad-value")]),
        ("quota = 150", "quota = -5", [(8, 1, "bad-value")]),
        ("end = 2022-01-31", 'end = "31 Febuary"', [(7, 1, "bad-value")]),
        ("quota = 150", "quota = 150\nqouta = 5", [(9, 1, "unknown-key")]),
        ('name = "Tahap 3"', 'name = "tahap 1"', [(18, 3, "duplicate-name")]),
        ("total_doses = 350\n", "", [(None, None, "missing-key")]),
        ("total_doses = 350", "total_doses = 350\ncolour = 'red'", [(3, None, "unknown-key")]),
        ("total_doses = 350", "total_doses = = 350", [(2, None, "toml-syntax")]),
        ("total_doses = 350", "total_doses = 350\ncount_boosters = 'ya'",
         [(3, None, "bad-value")]),
    ],
)
def test_each_plan_error_names_its_line(
    tmp_path: Path, old: str, new: str, expected: list[tuple[int | None, int | None, str]]
) -> None:
    assert old in GOOD
    assert problems(write_toml(tmp_path, GOOD.replace(old, new, 1))) == expected


def test_all_problems_reported_at_once_in_one_readable_message(tmp_path: Path) -> None:
    text = GOOD.replace("total_doses = 350", "total_doses = 200").replace(
        '"Kab. Sidoarjo"]', '"Atlantis"]').replace("end = 2022-01-31", "end = 2022-01-01")
    write_toml(tmp_path, text)
    with pytest.raises(BadPlan) as caught:
        load_plan(tmp_path, AS_OF)
    lines = translator("id")(caught.value).splitlines()
    assert lines == [
        "tagana_plan.toml: rencana alokasi tidak dapat dipakai (3 masalah):",
        "  baris 2: jumlah kuota tahap (350) melebihi total dosis (200)",
        "  baris 7, tahap ke-1 'Tahap 1': tanggal selesai 2022-01-01 sebelum tanggal mulai "
        "2022-01-10",
        "  baris 15, tahap ke-2 'Tahap 2': Kab/Kota 'Atlantis' tidak dikenal",
    ]
    assert str(caught.value).splitlines() == [  # English: logs, and --lang en
        "tagana_plan.toml: the allocation plan does not add up (3 problems):",
        "  line 2: the phases' quotas add up to 350, over the total of 200",
        "  line 7, phase 1 'Tahap 1': end 2022-01-01 is before start 2022-01-10",
        "  line 15, phase 2 'Tahap 2': unknown Kab/Kota 'Atlantis'",
    ]


@pytest.mark.parametrize(
    ("typed", "official"),
    [
        ("Kab. Malang", "Kabupaten Malang"),
        ("KABUPATEN MALANG", "Kabupaten Malang"),
        ("Kota Malang", "Kota Malang"),
        ("Kodya Malang", "Kota Malang"),
        ("Malang", None),
        ("Surabaya", "Kota Surabaya"),
        ("kab sidoarjo", "Kabupaten Sidoarjo"),
        ("Jakarta Selatan", "Kota Administrasi Jakarta Selatan"),
        ("Atlantis", None),
    ],
)
def test_region_names_resolve_sensibly(typed: str, official: str | None) -> None:
    assert resolve(typed).name == official


def write_xlsx(path: Path, rows: list[list[object]], sheet: str = "Rencana") -> None:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(row)
    book.create_sheet("Catatan").append(["dibuat oleh koordinator"])
    book.save(path)


XLSX_ROWS: list[list[object]] = [
    ["RENCANA ALOKASI VAKSIN TAGANA 2022"],
    [],
    ["Fase", "Mulai", "Selesai", "Kuota", "Kab/Kota"],
    ["Tahap 1", date(2022, 1, 10), date(2022, 1, 31), 150, None],
    ["Tahap 2", "07/02/2022", "28 Februari 2022", 100, "Kota Surabaya; Kab. Sidoarjo"],
    ["Tahap 3", date(2022, 3, 7), date(2022, 4, 30), "100", ""],
    [],
    ["Total Dosis", None, None, 350],
]


def test_xlsx_plan_equals_toml_plan(tmp_path: Path) -> None:
    toml_folder = tmp_path / "a"
    toml_folder.mkdir()
    toml_plan = load_plan(write_toml(toml_folder, GOOD), AS_OF)
    xlsx_folder = tmp_path / "b"
    xlsx_folder.mkdir()
    write_xlsx(xlsx_folder / "tagana_plan.xlsx", XLSX_ROWS)
    xlsx_plan = load_plan(xlsx_folder, AS_OF)
    assert toml_plan is not None and xlsx_plan is not None
    assert [(p.name, p.start, p.end, p.quota, p.kabkota) for p in xlsx_plan.phases] == [
        (p.name, p.start, p.end, p.quota, p.kabkota) for p in toml_plan.phases
    ]
    assert xlsx_plan.total_doses == toml_plan.total_doses
    assert [p.line for p in xlsx_plan.phases] == [4, 5, 6]  # worksheet rows


def test_options_in_toml_and_xlsx(tmp_path: Path) -> None:
    text = GOOD.replace("total_doses = 350", "total_doses = 350\nreassign_no_shows = true")
    plan = load_plan(write_toml(tmp_path, text), AS_OF)
    assert plan is not None and (plan.reassign_no_shows, plan.count_boosters) == (True, False)
    (tmp_path / "tagana_plan.toml").unlink()
    rows = [*XLSX_ROWS, ["Hitung booster", "Ya"], ["Alihkan yang tidak hadir", "Tidak"]]
    write_xlsx(tmp_path / "tagana_plan.xlsx", rows)
    plan = load_plan(tmp_path, AS_OF)
    assert plan is not None and (plan.reassign_no_shows, plan.count_boosters) == (False, True)
    write_xlsx(tmp_path / "tagana_plan.xlsx", [*XLSX_ROWS, ["Hitung booster", "mungkin"]])
    assert problems(tmp_path) == [(9, None, "bad-value")]


def test_toml_wins_over_xlsx(tmp_path: Path) -> None:
    write_xlsx(tmp_path / "tagana_plan.xlsx", XLSX_ROWS)
    write_toml(tmp_path, GOOD)
    plan = load_plan(tmp_path, AS_OF)
    assert plan is not None and plan.source == "tagana_plan.toml"


def test_xlsx_plan_errors_name_the_sheet_row(tmp_path: Path) -> None:
    rows = [list(r) for r in XLSX_ROWS]
    rows[4][2] = date(2022, 1, 20)  # Tahap 2 ends before it starts (row 5)
    rows[5][4] = "Malang"  # ambiguous (row 6)
    rows[7][3] = 300  # quotas (350) over the total (row 8)
    write_xlsx(tmp_path / "tagana_plan.xlsx", rows, sheet="Plan")
    with pytest.raises(PlanError) as caught:
        load_plan(tmp_path, AS_OF)
    found = [(p.line, p.phase, p.code) for p in caught.value.problems]
    assert found == [(5, 2, "end-before-start"), (6, 3, "ambiguous-region"),
                     (8, None, "quota-over-total")]
    assert "lembar Plan baris 5, tahap ke-2 'Tahap 2'" in translator("id")(caught.value)
    assert "sheet Plan row 5, phase 2 'Tahap 2'" in translator("en")(caught.value)


def test_xlsx_without_plan_sheet_or_header(tmp_path: Path) -> None:
    path = tmp_path / "tagana_plan.xlsx"
    book = openpyxl.Workbook()
    book.create_sheet("Lain")
    book.save(path)
    assert problems(tmp_path) == [(None, None, "no-sheet")]
    write_xlsx(path, [["Nama", "Alamat"], ["x", "y"]])
    assert problems(tmp_path) == [(None, None, "no-header")]
    path.write_bytes(b"not a workbook")
    assert problems(tmp_path) == [(None, None, "unreadable")]


def test_plan_without_phases_or_total(tmp_path: Path) -> None:
    write_toml(tmp_path, "total_doses = 350\n")
    assert problems(tmp_path) == [(None, None, "no-phases")]
    (tmp_path / "tagana_plan.toml").unlink()
    write_xlsx(tmp_path / "tagana_plan.xlsx", XLSX_ROWS[:-1])
    assert problems(tmp_path) == [(None, None, "missing-key")]
