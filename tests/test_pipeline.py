"""End to end: `census run` on the demo province, atomic outputs, and clear errors."""

from __future__ import annotations

import csv
import json
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from census.cli import main
from census.errors import CensusError
from census.pipeline import run_census
from tests.test_workers import descendant_pids

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run") / "outputs"
    run_census(INPUTS, out, pdf=False)
    return out


def test_run_writes_every_output(demo_run: Path) -> None:
    for name in ("persons.csv", "doses.csv", "memberships.csv", "history.json", "findings.json",
                 "summary.json", "summary.xlsx", "summary.html"):
        assert (demo_run / name).is_file(), name
    units = {path.stem for path in (demo_run / "units").glob("*.xlsx")}
    assert units == {path.stem for path in (demo_run / "units").glob("*.html")}
    summary = json.loads((demo_run / "summary.json").read_text(encoding="utf-8"))
    assert set(summary["units"]) == units
    assert (demo_run / "tagana" / "allocation.xlsx").is_file()
    assert (demo_run / "tagana" / "allocation.html").is_file()


def test_run_findings_are_exactly_the_planted_mistakes(demo_run: Path) -> None:
    found = json.loads((demo_run / "findings.json").read_text(encoding="utf-8"))["findings"]
    got = sorted((f["file"], f["sheet"], f["row"], f["column"], f["code"]) for f in found)
    expected = []
    for name in ("demo_validate_findings.csv", "demo_run_findings.csv", "demo_case_findings.csv"):
        with open(FIXTURES / name, encoding="utf-8") as stream:
            rows = csv.DictReader(line for line in stream if not line.startswith("#"))
            expected += [
                (r["file"], r["sheet"], int(r["row"]), r["column"] or None, r["code"]) for r in rows
            ]
    assert got == sorted(expected)


def test_persons_csv_has_one_row_per_person(demo_run: Path) -> None:
    with open(demo_run / "persons.csv", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert rows and len({row["person_id"] for row in rows}) == len(rows)
    assert list(rows[0])[:3] == ["person_id", "nik", "name"]


def _previous_good_run(tmp_path: Path) -> Path:
    """An output folder holding an earlier run's persons.csv."""
    out = tmp_path / "outputs"
    out.mkdir()
    (out / "persons.csv").write_text("the previous good run\n", encoding="utf-8")
    return out


def _disk_full(*args: object, **kwargs: object) -> None:
    raise CensusError("disk full halfway")


def test_failed_run_leaves_previous_outputs_untouched(tmp_path: Path, monkeypatch) -> None:
    out = _previous_good_run(tmp_path)
    monkeypatch.setattr("census.report.write_reports", _disk_full)
    with pytest.raises(CensusError):
        run_census(INPUTS, out, pdf=False)
    assert (out / "persons.csv").read_text(encoding="utf-8") == "the previous good run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outputs"]


def test_a_run_failing_beside_its_workers_leaves_no_process_and_no_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # findings.json fails while the workers write the unit packs (and the CSV files): the
    # error is the run's, the packs stop, the previous outputs stay, and the pool's processes
    # end with the run.
    out = _previous_good_run(tmp_path)
    monkeypatch.setattr("census.export.write_findings_json", _disk_full)
    before = descendant_pids()
    with pytest.raises(CensusError, match="disk full halfway"):
        run_census(INPUTS, out, pdf=False, workers=2)
    assert descendant_pids() == before
    assert (out / "persons.csv").read_text(encoding="utf-8") == "the previous good run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outputs"]


def test_bad_config_is_one_line_and_exit_2(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "census.toml").write_text("as_of = 'kemarin'\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(inputs), "--out", str(tmp_path / "out"), "--no-pdf"])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "census.toml" in result.output
    assert not (tmp_path / "out").exists()


def test_missing_inputs_folder_is_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["run", str(tmp_path / "nope"), "--quiet"])
    assert result.exit_code == 2
    assert "tidak ditemukan" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("workers", [1, 2])
def test_one_unreadable_workbook_does_not_stop_the_census(tmp_path: Path, workers: int) -> None:
    """A unit that sent a broken file is a finding for the secretary; every other unit is counted
    (also when worker processes read the workbooks, as they do for a big census)."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    good = INPUTS / "upt_pstw_jombang.xlsx"
    (inputs / good.name).write_bytes(good.read_bytes())
    (inputs / "upt_rusak.xlsx").write_bytes(b"this is not a workbook, it was a photo")
    result = run_census(inputs, tmp_path / "out", as_of=date(2022, 3, 31), pdf=False,
                        workers=workers)
    assert result.persons > 100
    found = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))
    unreadable = [(f["file"], f["code"], f["severity"]) for f in found["findings"]
                  if f["code"] == "file-unreadable"]
    assert unreadable == [("upt_rusak.xlsx", "file-unreadable", "error")]
    assert [name for name, _ in result.skipped] == ["upt_rusak.xlsx"]
    # Why, in the run's words, as the terminal prints it (the reason crosses from the worker).
    assert result.skipped_lines() == ["Bukan workbook Excel .xlsx: upt_rusak.xlsx"]
    assert result.exit_code == 1
    assert (tmp_path / "out" / "units" / "upt_pstw_jombang.html").is_file()


def test_run_ends_with_counts_in_the_chosen_language(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["run", str(INPUTS), "--out", str(tmp_path / "out"), "--lang", "en", "--no-pdf",
               "--no-persons-xlsx"]
    )
    assert result.exit_code == 0, result.output
    with open(FIXTURES / "demo_truth.csv", encoding="utf-8") as stream:
        people = sum(1 for line in stream if line.strip() and not line.startswith("#")) - 1
    lines = result.stdout.strip().splitlines()[-3:]
    assert lines[0].startswith(f"{people:,} people: Complete ")
    # Without persons.xlsx (written by default up to PERSONS_XLSX_UP_TO people): 30 files.
    assert lines[1].startswith("Findings: ") and lines[2].endswith("30 files")
    assert not (tmp_path / "out" / "persons.xlsx").exists()
    assert (tmp_path / "out" / "persons.csv").is_file()


#: The demo census's machine-readable outputs as committed (`make expected` rewrites them).
EXPECTED = FIXTURES / "expected" / "demo"


def _group_members(group: int) -> list[str]:
    """The processes (pid and command) still in process group `group`."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # ended while we looked
        fields = text[text.rindex(")") + 2 :].split()
        if int(fields[2]) == group:
            found.append(f"{stat.parent.name} {text[: text.rindex(')') + 1]}")
    return found


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], str]:
    """`census run --timings` of the demo as a user starts it, its workbooks read and its unit
    packs written by two worker processes, in a session of its own: (outputs, processes left in its group at its
    end, its stderr)."""
    out = tmp_path_factory.mktemp("cli") / "outputs"
    command = [sys.executable, "-m", "census.cli", "run", str(INPUTS), "--out", str(out),
               "--quiet", "--workers", "2", "--timings"]
    child = subprocess.Popen(command, start_new_session=True, cwd=ROOT, stderr=subprocess.PIPE,
                             text=True)
    _, stderr = child.communicate()
    assert child.returncode == 0, stderr
    return out, _group_members(child.pid), stderr


def test_run_leaves_no_process_behind(cli_run: tuple[Path, list[str], str]) -> None:
    # The worker pool's fork server and resource tracker end with the run, not after it.
    assert cli_run[1] == []


def test_sigterm_ends_the_run_with_its_workers_and_writes_nothing(tmp_path: Path) -> None:
    # A service manager stopping census (SIGTERM) mid-run: the run ends as on Ctrl-C, with its
    # worker processes, and the output folder is neither half-written nor left behind.
    out = tmp_path / "outputs"
    command = [sys.executable, "-m", "census.cli", "run", str(INPUTS), "--out", str(out),
               "--quiet", "--workers", "2"]
    child = subprocess.Popen(command, start_new_session=True, cwd=ROOT, stderr=subprocess.PIPE,
                             text=True)
    deadline = time.monotonic() + 120
    while len(_group_members(child.pid)) < 2 and child.poll() is None:  # the pool is up
        assert time.monotonic() < deadline, "no worker process started"
        time.sleep(0.05)
    child.send_signal(signal.SIGTERM)
    _, stderr = child.communicate(timeout=120)
    left = _group_members(child.pid)
    for _ in range(100):  # the fork server may take a moment to notice
        if not left:
            break
        time.sleep(0.1)
        left = _group_members(child.pid)
    assert (child.returncode, stderr.strip().splitlines()[-1:], left) == (
        130, ["census: dibatalkan"], [])
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name != "outputs"]


def test_timings_name_every_stage_of_the_run(cli_run: tuple[Path, list[str], str]) -> None:
    # Where the time goes, stage by stage: each output file and each part of the unit packs
    # (their CPU summed over the worker processes) has its line, then the total.
    table = [line.rsplit(None, 3) for line in cli_run[2].strip().splitlines()]
    stages = [row[0].strip() for row in table[1:-1]]
    for stage in ("rounds: earlier rounds read", "read rosters", "validate", "read exports", "register", "status",
                  "persons.csv", "persons.xlsx", "doses.csv", "memberships.csv",
                  "rounds: this round", "rounds: history, diff", "history.json", "summary",
                  "unit packs", "unit packs: outstanding list, reminders",
                  "unit packs: cover letter", "unit packs: xlsx", "unit packs: html",
                  "tagana allocation", "pdf"):
        assert stage in stages, stage
    assert table[-1][0] == "total (this process)"
    seconds = [float(row[1]) for row in table[1:]]
    assert all(value >= 0 for value in seconds) and seconds[-1] > 0


@pytest.mark.parametrize("name", ["persons.csv", "findings.json", "summary.json"])
@pytest.mark.parametrize("how", ["in-process", "cli-workers"])
def test_demo_outputs_are_exactly_the_committed_ones(
    demo_run: Path, cli_run: tuple[Path, list[str], str], how: str, name: str
) -> None:
    # Speed never changes a number: every optimisation keeps these files byte for byte, in one
    # process or with workers. When a feature changes them on purpose, `make expected` rewrites
    # them and the diff is reviewed.
    folder = demo_run if how == "in-process" else cli_run[0]
    got = (folder / name).read_text(encoding="utf-8").splitlines()
    want = (EXPECTED / name).read_text(encoding="utf-8").splitlines()
    differing = [(i + 1, a, b) for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b]
    assert (len(got), differing[:3]) == (len(want), [])
