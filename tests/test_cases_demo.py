"""The demo province's cases: the exposure register, unit packs, and the head office's swab list."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from census.cli import main
from census.compute import compute_census
from census.config import load_config
from census.pipeline import run_census

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
CASE_DAY = date(2022, 3, 28)  # the head office's PKH coordinator tested positive
WORKPLACE = {"asn", "ptt", "klien", "tagana"}
NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")


def _cells(path: Path) -> dict[str, list[list[Any]]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def _table(rows: list[list[Any]]) -> list[dict[str, Any]]:
    """The rows under the header row whose first cell is 'No' (up to the first blank row)."""
    start = next(i for i, row in enumerate(rows) if row and row[0] == "No")
    head = [str(cell) for cell in rows[start]]
    out = []
    for row in rows[start + 1:]:
        if not row or row[0] in ("", None):
            break
        out.append(dict(zip(head, row, strict=False)))
    return out


def _text(path: Path) -> str:
    if path.suffix in (".html", ".json"):
        return path.read_text(encoding="utf-8")
    return "\n".join(str(cell) for rows in _cells(path).values() for row in rows for cell in row)


@pytest.fixture(scope="module")
def swab(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("swab")
    result = CliRunner().invoke(main, ["swab", "dinsos_kantor", "--date", CASE_DAY.isoformat(),
                                       "--inputs", str(INPUTS), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def on_case_day() -> Any:
    return compute_census(INPUTS, load_config(INPUTS, as_of=CASE_DAY))


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    out = tmp_path_factory.mktemp("run") / "outputs"
    run_census(INPUTS, out, pdf=False)
    return out, compute_census(INPUTS, load_config(INPUTS))


def test_swab_writes_the_units_copy_and_the_health_offices_letter(swab: Path) -> None:
    assert sorted(path.name for path in swab.iterdir()) == [
        "daftar_swab_dinsos_kantor_2022-03-28.html", "daftar_swab_dinsos_kantor_2022-03-28.xlsx",
        "surat_swab_dinsos_kantor_2022-03-28.html", "surat_swab_dinsos_kantor_2022-03-28.xlsx",
    ]


def test_every_staff_role_of_the_unit_is_on_the_list_and_no_one_else(
    swab: Path, on_case_day: Any
) -> None:
    register = on_case_day.register
    members = register.memberships[register.memberships["unit"] == "dinsos_kantor"]
    staff = members[members["category"].isin(WORKPLACE)]
    names = dict(zip(on_case_day.persons["person_id"], on_case_day.persons["name"], strict=True))
    expected = {names[person] for person in staff["person_id"]}
    sheets = _cells(swab / "surat_swab_dinsos_kantor_2022-03-28.xlsx")
    to_swab, apart = _table(sheets["Perlu di-swab"]), _table(sheets["Dicatat terpisah"])
    listed = [row["Nama"] for row in to_swab] + [row["Nama"] for row in apart]
    assert len(listed) == len(set(listed))
    # Everyone who shares the workplace (family members do not), and no one of another unit.
    assert set(listed) == expected
    family = members.loc[members["category"] == "keluarga", "person_id"]
    assert not {names[p] for p in family} - expected & set(listed)
    roles = {row["Kategori/Jabatan"] for row in to_swab}
    for role in ("Pendamping", "Pamdal", "OB / kebersihan", "Sopir"):
        assert any(role in text for text in roles), role
    assert set(staff["role"].dropna()) == {"pendamping", "pamdal", "ob", "driver"}
    # The index case is listed apart, not as a contact.
    index = [row for row in apart if row["Catatan"] == "kasusnya"]
    assert len(index) == 1 and "Pendamping" in index[0]["Kategori/Jabatan"]
    # The letter's copy carries full NIKs for the health office.
    assert all(NIK.fullmatch(str(row["NIK"])) for row in to_swab if row["NIK"])


def test_the_units_copy_masks_niks_and_the_letter_is_confidential(swab: Path) -> None:
    for suffix in (".html", ".xlsx"):
        copy = _text(swab / f"daftar_swab_dinsos_kantor_2022-03-28{suffix}")
        assert not NIK.search(copy) and re.search(r"\d{4}\*{8}\d{4}", copy)
    letter = (swab / "surat_swab_dinsos_kantor_2022-03-28.html").read_text(encoding="utf-8")
    parts = ["RAHASIA", "PEMERINTAH PROVINSI JAWA TIMUR", "Surabaya, 28 Maret 2022", "Nomor",
             "443.1/........ /107.2/2022".replace(" ", ""), "Sifat", "Rahasia", "Lampiran",
             "1 (satu) berkas", "Perihal", "Permohonan swab massal COVID-19", "Yth.",
             "Kepala Dinas Kesehatan Kota Surabaya", "Menindaklanjuti",
             "paling lambat tanggal 31 Maret 2022", "Demikian atas perhatian",
             "KEPALA DINAS SOSIAL", "Dr. Sugeng Raharjo, M.Si", "NIP. 19680506 199203 1 004",
             "Tembusan", "Lampiran Surat"]
    body = letter[letter.index("<body"):]
    positions = [body.index(part) for part in parts]
    assert positions == sorted(positions)  # the parts of an official letter, in order
    assert NIK.search(letter)
    book = CalamineWorkbook.from_path(str(swab / "surat_swab_dinsos_kantor_2022-03-28.xlsx"))
    assert book.sheet_names == ["Surat", "Perlu di-swab", "Dicatat terpisah"]
    with zipfile.ZipFile(swab / "surat_swab_dinsos_kantor_2022-03-28.xlsx") as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        headers = [archive.read(n).decode("utf-8") for n in sheets]
    assert len(headers) == 3 and all("RAHASIA" in xml and "<oddHeader>" in xml for xml in headers)


def test_the_exposure_register_counts_the_banyuwangi_cluster(demo_run: tuple[Path, Any]) -> None:
    out, _ = demo_run
    found = json.loads((out / "kasus" / "ringkasan.json").read_text(encoding="utf-8"))
    unit = found["units"]["upt_pstw_banyuwangi"]
    # 18–26 March 2022: six clients and two carers; two clients still in the home's rooms, one
    # died in hospital; both staff isolating at home on the census date.
    assert unit["by_group"]["klien"] == {"ever": 6, "now": 2, "recovered": 3, "died": 1}
    assert unit["by_group"]["staff"] == {"ever": 2, "now": 2, "recovered": 0, "died": 0}
    assert unit["rooms_in_use"] == 2
    assert found["units"]["dinsos_kantor"]["total"]["now"] == 1  # the PKH coordinator
    assert found["months"][0] == "2021-07" and found["months"][-1] == "2022-03"
    totals = found["totals"]["total"]
    assert totals["ever"] == totals["now"] + totals["recovered"] + totals["died"]
    assert sum(found["totals"]["by_month"]["2022-03"].values()) == 9
    with zipfile.ZipFile(out / "kasus" / "ringkasan.xlsx") as archive:
        charts = [name for name in archive.namelist() if name.startswith("xl/charts/chart")]
        chart = archive.read(charts[0]).decode("utf-8")
    # A real Excel chart over time: stacked columns, a series per group, a month per column.
    assert len(charts) == 1 and '<c:grouping val="stacked"/>' in chart
    assert chart.count("<c:ser>") == 3


def test_unit_packs_show_only_their_own_cases_and_the_summary_counts_only(
    demo_run: tuple[Path, Any],
) -> None:
    out, result = demo_run
    cases = result.cases.rows
    packs = {path.stem: path.read_text(encoding="utf-8") for path in (out / "units").glob("*.html")}
    department = [_text(out / "kasus" / name) for name in ("ringkasan.html", "ringkasan.xlsx",
                                                           "ringkasan.json")]
    department.append(_text(out / "summary.html"))
    checked = 0
    for case in cases[cases["person_id"].notna()].to_dict("records"):
        name = f">{case['name']}<"
        assert name in packs[case["unit"]], (case["unit"], case["name"])
        assert [unit for unit, html in packs.items() if name in html] == [case["unit"]]
        assert not any(case["name"] in text for text in department)
        checked += 1
    assert checked >= 25
    assert not any(NIK.search(text) for text in department)
    assert not any(NIK.search(html) for html in packs.values())
    isolating = _text(out / "kasus" / "isolasi.html")
    assert "Ruang Isolasi 2" in isolating and "Wisma Melati" in isolating


def test_validate_reports_the_planted_case_mistakes_of_the_demo() -> None:
    books = sorted((INPUTS / "kasus").glob("*.xlsx"))
    result = CliRunner().invoke(main, ["validate", *map(str, books), "--as-of", "2022-03-31",
                                       "--format", "json"])
    assert result.exit_code == 1, result.output
    got = sorted((f["file"], f["sheet"], f["row"], f["column"], f["code"])
                 for f in json.loads(result.output)["findings"])
    lines = (ROOT / "tests" / "fixtures" / "demo_case_findings.csv").read_text("utf-8")
    rows = [line.split(",") for line in lines.splitlines()[1:] if not line.startswith("#")]
    # Those two need the rosters: only `census run` finds them.
    expected = sorted((r[0], r[1], int(r[2]), r[3], r[4]) for r in rows[1:]
                      if r[4] not in ("case-person-unknown", "case-person-died"))
    assert got == expected and len(expected) == 6
