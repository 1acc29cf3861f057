"""End to end: the demo province's plan through `census allocate`, and a bad plan stopping it."""

from __future__ import annotations

import csv
import re
from datetime import date, datetime
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from census.cli import main
from census.pipeline import run_allocation

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
TAHAP = ["phase", "start", "end", "kabkota", "quota", "assigned", "administered",
         "administered_unassigned", "remaining", "no_shows", "pending"]


def uptake_fixture() -> list[dict[str, str]]:
    lines = (FIXTURES / "demo_tagana.csv").read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader(line for line in lines if not line.startswith("#")))


def test_demo_allocation_report(tmp_path: Path) -> None:
    result = run_allocation(ROOT / "inputs", tmp_path, as_of=date(2022, 3, 31), pdf=False)
    assert result.files == ["tagana/allocation.html", "tagana/allocation.xlsx",
                            "tagana/assignments.json"]
    book = openpyxl.load_workbook(tmp_path / "tagana" / "allocation.xlsx")
    phases = list(book["Tahap"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in phases] == ["Tahap 1", "Tahap 2", "Tahap 3"]
    assert sum(row[4] for row in phases) == 350
    for row in phases:
        assert 0 < row[5] <= row[4]  # someone assigned, never over the quota
    regions = [row[0] for row in book["Kab-Kota"].iter_rows(min_row=2, values_only=True)]
    assert len(regions) >= 5
    assert all(name.startswith(("Kabupaten ", "Kota ")) for name in regions)
    people = list(book["Relawan per Tahap"].iter_rows(min_row=2, values_only=True))
    # once per dose: who came for dose 1 is assigned again for dose 2 where it falls due
    assert len({(row[1], row[7]) for row in people}) == len(people)
    came_first = {row[1]: row[0] for row in people if row[7] == "Dosis 1"
                  and row[12] == "sudah divaksin"}
    again = [row for row in people if row[7] == "Dosis 2" and row[1] in came_first]
    assert {row[0] for row in again} == {"Tahap 2", "Tahap 3"}
    assert all(came_first[row[1]] < row[0] and row[6] == "dosis berikutnya" for row in again)
    assert all(re.fullmatch(r"\d{4}\*{8}\d{4}|-", row[2]) for row in people)
    # The volunteers' phone numbers, from their roster, to call them for their phase.
    assert sum(bool(row[5]) for row in people) > len(people) // 2
    # The waiting list by Kab/Kota, then by due date.
    waiting = list(book["Belum Dapat Tahap"].iter_rows(min_row=2, values_only=True))
    keys = [(row[3] or "~", row[7] or datetime.max) for row in waiting]
    assert len(waiting) > 20 and keys == sorted(keys)
    html = (tmp_path / "tagana" / "allocation.html").read_text(encoding="utf-8")
    assert not re.search(r"\d{16}", html)


def test_demo_uptake_is_what_the_generator_simulated_and_realistic(tmp_path: Path) -> None:
    run_allocation(ROOT / "inputs", tmp_path, as_of=date(2022, 3, 31), pdf=False)
    book = openpyxl.load_workbook(tmp_path / "tagana" / "allocation.xlsx")
    phases = [dict(zip(TAHAP, row, strict=True))
              for row in book["Tahap"].iter_rows(min_row=2, values_only=True)]
    outside = len(list(book["Dosis di Luar Tahap"].iter_rows(min_row=2, values_only=True)))
    expected = uptake_fixture()
    counts = [key for key in expected[0] if key != "phase"]
    assert [{"phase": p["phase"], **{k: str(p[k]) for k in counts}} for p in phases] \
        == expected[:-1]
    assert outside == int(expected[-1]["administered"])

    # Most assigned volunteers came (the field example), a few did not.
    first, second, third = phases
    assert first["assigned"] == first["quota"]  # more volunteers needed a dose than it had
    for ended in (first, second):
        came = ended["administered"] - ended["administered_unassigned"]
        assert came + ended["no_shows"] == ended["assigned"]
        assert came >= 0.6 * ended["assigned"]
        assert 0 < ended["no_shows"] <= 0.4 * ended["assigned"]
        assert ended["pending"] == 0
    # Tahap 3 runs past the census date: some came, the others are pending, none a no-show.
    assert third["no_shows"] == 0 and third["pending"] > 0
    assert third["administered"] > third["administered_unassigned"]
    assert third["administered"] - third["administered_unassigned"] + third["pending"] \
        == third["assigned"]
    # Second doses are assigned (once per dose), so only a few came to a phase without being
    # assigned to it; a few doses fall outside every phase.
    assert all(p["administered"] <= p["quota"] for p in phases)
    given = sum(p["administered"] for p in phases)
    unassigned = sum(p["administered_unassigned"] for p in phases)
    assert 0 < unassigned <= 0.05 * given
    assert 0 < outside <= 0.15 * (given + outside)


def test_bad_plan_stops_with_a_message_and_no_report(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "tagana_plan.toml").write_text(
        'total_doses = 100\n\n[[phases]]\nname = "Tahap 1"\nstart = 2022-01-10\n'
        'end = 2022-01-31\nquota = 150\nkabkota = ["Atlantis"]\n', encoding="utf-8")
    out = tmp_path / "out"
    run = CliRunner().invoke(main, ["allocate", str(inputs), "--out", str(out),
                                    "--as-of", "2022-03-31", "--quiet"])
    assert run.exit_code == 2
    assert run.output.splitlines() == [
        "census: tagana_plan.toml: rencana alokasi tidak dapat dipakai (2 masalah):",
        "  baris 1: jumlah kuota tahap (150) melebihi total dosis (100)",
        "  baris 8, tahap ke-1 'Tahap 1': Kab/Kota 'Atlantis' tidak dikenal",
    ]
    assert not (out / "tagana").exists()
