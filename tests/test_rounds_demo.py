"""Two rounds of the demo province: `census diff` counts exactly what the generator changed."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from census.cli import main
from census.compute import compute_census
from census.config import load_config
from census.pipeline import run_census
from census.rounds import diff_folders, diff_rounds, load_rounds, load_snapshot, since_report
from census.rounds.diff import UNIT_COUNTS
from census.rounds.history import History, build_history
from demo.round2 import generate_round2
from tests.test_demo import cells, fixture_rows

#: One worker runs this module (`make test` runs pytest with `--dist loadfile`).
ROOT = Path(__file__).resolve().parent.parent
ROUND1, ROUND2 = ROOT / "inputs", ROOT / "demo" / "round2"
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Round 1, and round 2 given round 1."""
    base = tmp_path_factory.mktemp("rounds")
    r1, r2 = base / "outputs_2022-03", base / "outputs_2022-06"
    run_census(ROUND1, r1)
    run_census(ROUND2, r2, previous=[r1])
    return {"r1": r1, "r2": r2, "base": base}


def expected() -> dict:
    return json.loads((FIXTURES / "demo_round2_changes.json").read_text("utf-8"))


def test_diff_counts_exactly_what_the_generator_changed(runs: dict[str, Path]) -> None:
    diff = diff_folders(runs["r1"], runs["r2"])
    truth = expected()
    assert (diff.old.as_of, diff.new.as_of) == (date(2022, 3, 31), date(2022, 6, 30))
    assert diff.department.counts == truth["department"]
    assert {code: unit.counts for code, unit in diff.units.items()} == truth["units"]
    # Every count is what its list holds, and the department counts each person once.
    for changes in [diff.department, *diff.units.values()]:
        for key, count in changes.counts.items():
            assert len(getattr(changes, key)) == count, key
    assert truth["department"]["newly_complete"] > 100 and truth["department"]["new_doses"] > 250


def test_every_list_is_in_the_order_of_names_then_ids(runs: dict[str, Path]) -> None:
    # The lists are filled in this order (no sort per list): each one, of every scope.
    diff = diff_folders(runs["r1"], runs["r2"])
    filled = 0
    for changes in [diff.department, *diff.units.values()]:
        for key in UNIT_COUNTS + ["moves"]:
            if key.startswith("findings"):
                continue
            keys = [(item.name.casefold(), item.person_id, str(getattr(item, "date", "")))
                    for item in getattr(changes, key)]
            assert keys == sorted(keys), key
            filled += len(keys) > 1
    assert filled > 20


def test_the_planted_changes_are_named(runs: dict[str, Path]) -> None:
    diff = diff_folders(runs["r1"], runs["r2"])
    d = diff.department
    [regression] = d.regressions
    assert (regression.units, regression.old_status, regression.status,
            [m.slot for m in regression.missing]) == (
        ["upt_pstw_banyuwangi"], "complete", "partial", ["dose2"])
    [identity] = d.identity_changes
    assert (identity.units, identity.kind, identity.old_nik, identity.nik) == (
        ["upt_pstw_jombang"], "nik-corrected", "3517*******2243", "3517********2243")
    [move] = d.moves
    assert (move.from_units, move.to_units) == (["upt_pstw_jombang"], ["dinsos_kantor"])
    [category] = d.category_changes
    assert (category.before, category.after) == (["ptt"], ["asn"])
    assert [(f.file, f.code) for f in d.findings_new] == [
        ("dinsos_kantor.xlsx", "nip-format"), ("upt_pstw_jombang.xlsx", "nik-missing")]
    assert sorted(f.code for f in d.findings_fixed) == [
        "brand-missing", "date-in-future", "date-invalid", "nik-length", "sex-invalid"]
    # The dose typed 12-8-2022 in round 1 is 12-8-2021 now: a new dose, and complete.
    fixed = [n for n in d.new_doses if n.date == date(2021, 8, 12)]
    assert [(n.slot, n.units) for n in fixed] == [("dose2", ["upt_psbr_kediri"])]
    # A unit's lists hold its own people; NIKs are masked everywhere.
    for code, unit in diff.units.items():
        for person in [*unit.newly_complete, *unit.newly_overdue, *unit.new_people]:
            assert code in person.units
    assert not re.search(r"\d{16}", diff.model_dump_json())


def test_round2_persons_and_findings_are_the_generator_truth(runs: dict[str, Path]) -> None:
    config = load_config(ROUND2)
    result = compute_census(ROUND2, config)
    persons = result.persons.set_index("person_id")
    first = result.register.persons.set_index("person_id")
    mine = {}
    for pid, person in persons.iterrows():
        origin = first.loc[pid]
        born = "" if pd.isna(person["birth_date"]) else person["birth_date"].date().isoformat()
        key = person["nik"] or f"{origin['unit']}|{origin['name_key']}|{born}"
        mine[key] = (person["status"], int(person["primary_doses"]), bool(person["overdue"]))
    truth = {row["key"]: (row["status"], int(row["primary_doses"]), row["overdue"] == "True")
             for row in fixture_rows("demo_round2_truth.csv")}
    assert mine == truth
    found = sorted((f.file, f.sheet, f.row, f.column, f.code) for f in result.findings)
    planted = sorted((r["file"], r["sheet"], int(r["row"]), r["column"], r["code"])
                     for r in fixture_rows("demo_round2_findings.csv"))
    assert found == planted


def test_person_ids_are_the_same_for_the_same_people(runs: dict[str, Path],
                                                     tmp_path: Path) -> None:
    one = pd.read_csv(runs["r1"] / "persons.csv", dtype=str, keep_default_na=False)
    two = pd.read_csv(runs["r2"] / "persons.csv", dtype=str, keep_default_na=False)
    assert all(re.fullmatch(r"P[0-9A-HJKMNP-TV-Z]{12}", pid) for pid in one["person_id"])
    by_nik_one = dict(zip(one["nik"], one["person_id"], strict=True))
    by_nik_two = dict(zip(two["nik"], two["person_id"], strict=True))
    shared = {nik for nik in by_nik_one if nik and nik in by_nik_two}
    assert len(shared) > 2000
    assert all(by_nik_one[nik] == by_nik_two[nik] for nik in shared)
    # People without NIK keep their id too (name + birth date): the elderly clients.
    no_nik = lambda t: set(t.loc[t["nik"] == "", "person_id"])  # noqa: E731
    assert len(no_nik(one) & no_nik(two)) >= 54
    # A run without one of the workbooks: everybody else keeps their id.
    partial = tmp_path / "inputs"
    shutil.copytree(ROUND1, partial, ignore=shutil.ignore_patterns("upt_psaa_sidoarjo.xlsx"))
    result = compute_census(partial, load_config(partial))
    ids = dict(zip(result.persons["person_id"], result.persons["units"], strict=True))
    full = dict(zip(one["person_id"], one["units"], strict=True))
    kept = {pid for pid, units in full.items() if units and "upt_psaa_sidoarjo" not in units}
    assert kept and kept <= set(ids)


def test_run_with_previous_shows_the_change(runs: dict[str, Path]) -> None:
    out = runs["r2"]
    html = (out / "summary.html").read_text("utf-8")
    assert "Changes since 31 Maret 2022" in html or "Perubahan sejak 31 Maret 2022" in html
    section = html[html.index('<section class="since">'):html.index("</section>")]
    assert section.count("<tr class=") == 8  # seven units and the department
    assert "<svg" in section and "polyline" in section
    # The Jombang pack lists its newly complete people, masked, and nobody else's.
    diff = diff_folders(runs["r1"], out)
    jombang = diff.units["upt_pstw_jombang"]
    pack = (out / "units" / "upt_pstw_jombang.html").read_text("utf-8")
    part = pack[pack.index('<section class="since">'):pack.index("</section>")]
    for person in jombang.newly_complete:
        assert person.name in part and person.nik in part
    others = {p.name for p in diff.department.newly_complete} - {
        p.name for p in jombang.newly_complete}
    assert not [name for name in others if re.search(rf">{re.escape(name)}<", part)]
    assert not re.search(r"\d{16}", part)
    # The workbooks: a change sheet; the summary's with a real line chart.
    book = openpyxl.load_workbook(out / "summary.xlsx", read_only=True)
    assert book.sheetnames[-1] in ("Changes", "Perubahan")
    with zipfile.ZipFile(out / "summary.xlsx") as archive:
        charts = [archive.read(n).decode() for n in archive.namelist() if "charts/chart" in n]
    assert any("<c:lineChart>" in chart and chart.count("<c:ser>") == 7 for chart in charts)
    unit_book = openpyxl.load_workbook(out / "units" / "upt_pstw_jombang.xlsx", read_only=True)
    # The change sheet comes right after the coverage (the cover letter's sheet is first).
    names = unit_book.sheetnames
    assert names[names.index("Cakupan") + 1] == "Perubahan"
    # Without --previous: no section.
    assert '<section class="since">' not in (runs["r1"] / "summary.html").read_text("utf-8")


def test_history_holds_every_round_and_follows_a_corrected_nik(runs: dict[str, Path]) -> None:
    one, two = load_snapshot(runs["r1"]), load_snapshot(runs["r2"])
    kept = History.model_validate_json((runs["r2"] / "history.json").read_text("utf-8"))
    assert [(r.as_of, r.folder) for r in kept.rounds] == [
        (date(2022, 3, 31), "outputs_2022-03"), (date(2022, 6, 30), "outputs_2022-06")]
    # A third round given only the second: the second's history.json brings the first.
    third = dataclasses.replace(two, as_of=date(2022, 7, 31), label="outputs_2022-07")
    history = build_history([two], third)
    assert [r.as_of for r in history.rounds] == [date(2022, 3, 31), date(2022, 6, 30),
                                                date(2022, 7, 31)]
    corrected = [p for p in history.persons if len({i for i in p["ids"] if i}) > 1]
    assert [(p["name"], p["status"]) for p in corrected] == [
        ("Karimah Vera Nasyidah", ["complete", "complete", "complete"])]
    gone = [p for p in history.persons if p["ids"][0] and not p["ids"][1]]
    assert len(gone) == expected()["department"]["gone_people"]
    assert all(len(p["status"]) == 3 for p in history.persons)
    # The summary of the third round draws three points per unit.
    since = since_report(diff_rounds(two, third), history)
    assert str(since.summary.chart).count("<circle") == 3 * 7
    assert since.summary.rounds == ["31 Maret 2022", "30 Juni 2022", "31 Juli 2022"]
    # The same rounds from a folder of outputs, given at once: the same people.
    parent = runs["base"] / "past"
    parent.mkdir(exist_ok=True)
    for name in ("r1", "r2"):
        target = parent / runs[name].name
        if not target.exists():
            shutil.copytree(runs[name], target)
    rounds = load_rounds([parent])
    assert [r.as_of for r in rounds] == [date(2022, 3, 31), date(2022, 6, 30)]
    again = build_history(rounds[:1], two)
    assert again.persons == kept.persons
    assert len(one.persons) == len(kept.persons) - expected()["department"]["new_people"]


def test_cli_diff_text_json_and_reports(runs: dict[str, Path], tmp_path: Path) -> None:
    runner = CliRunner()
    text = runner.invoke(main, ["diff", str(runs["r1"]), str(runs["r2"]), "--lang", "en"])
    assert text.exit_code == 0, text.output
    complete = expected()["department"]["newly_complete"]
    assert re.search(rf"Newly complete +{complete}\n", text.output)
    assert "Karimah Vera Nasyidah: NIK corrected" in text.output
    out = tmp_path / "changes"
    result = runner.invoke(main, ["diff", str(runs["r1"]), str(runs["r2"]), "--format", "json",
                                  "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["format"], data["version"]) == ("census-diff", 1)
    assert data["department"]["counts"] == expected()["department"]
    assert set(data["units"]) == set(expected()["units"])
    assert sorted(p.name for p in out.iterdir()) == ["changes.html", "changes.xlsx"]
    html = (out / "changes.html").read_text("utf-8")
    assert "Patricia Astuti" in html and not re.search(r"(src|href)=\"https?:", html)
    book = openpyxl.load_workbook(out / "changes.xlsx", read_only=True)
    assert len(book.sheetnames) == 14
    sheet = book.worksheets[0]
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[0]]
    assert any(r[0] == "Seluruh dinas" for r in rows)


def test_change_section_and_report_render_offline_in_chromium(runs: dict[str, Path],
                                                             tmp_path: Path) -> None:
    from tests.test_browser import ARGS, CHROMIUM

    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (make test installs Debian's package)")
    sync_api = pytest.importorskip("playwright.sync_api")
    runner = CliRunner()
    assert runner.invoke(main, ["diff", str(runs["r1"]), str(runs["r2"]), "--out",
                                str(tmp_path)]).exit_code == 0
    pages = [runs["r2"] / "summary.html", tmp_path / "changes.html",
             runs["r2"] / "units" / "upt_pstw_jombang.html"]
    requests: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("request", lambda request: requests.append(request.url))
            for html in pages:
                page.goto(html.as_uri(), wait_until="load")
                assert page.locator("table").count() >= 2
            page.goto(pages[0].as_uri(), wait_until="load")
            section = page.locator("section.since")
            box = section.locator("svg.chart").bounding_box()
            assert box is not None and box["width"] > 600 and box["height"] > 250
            assert section.locator("svg.chart circle").count() == 14  # 7 units, 2 rounds
            keep = os.environ.get("CENSUS_SCREENSHOTS")  # the README's picture of the section
            if keep:
                Path(keep).mkdir(parents=True, exist_ok=True)
                section.screenshot(path=str(Path(keep) / "changes.png"))
        finally:
            browser.close()
    allowed = {html.as_uri() for html in pages}
    assert [u for u in requests if u not in allowed and not u.startswith(("data:", "about:"))] \
        == []


def test_a_folder_that_is_no_run_is_one_clear_line(runs: dict[str, Path],
                                                   tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["diff", str(ROUND1), str(runs["r2"])])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "persons.csv" in result.output
    out = tmp_path / "out"
    result = runner.invoke(main, ["run", str(ROUND2), "--out", str(out), "--quiet",
                                  "--previous", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and not out.exists()


def test_committed_round2_is_what_the_generator_writes(tmp_path: Path) -> None:
    generate_round2(tmp_path / "round2", seed=2021, fixtures=tmp_path / "fixtures")
    books = sorted(p.name for p in ROUND2.glob("*.xlsx"))
    assert books == sorted(p.name for p in (tmp_path / "round2").glob("*.xlsx"))
    for name in books:
        assert cells(ROUND2 / name) == cells(tmp_path / "round2" / name), name
    for name in ["registry/pcare_jatim_2022.csv", "census.toml", "CHANGES.md",
                 "tagana_plan.toml"]:
        assert (ROUND2 / name).read_text("utf-8") == (tmp_path / "round2" / name).read_text(
            "utf-8"), name
    for path in sorted((tmp_path / "fixtures").iterdir()):
        assert (FIXTURES / path.name).read_text("utf-8") == path.read_text("utf-8"), path.name
    assert "as_of = 2022-06-30" in (ROUND2 / "census.toml").read_text("utf-8")
    assert cells(ROUND2 / "tagana.xlsx")["Tagana"][2] == ["KEADAAN PER 30 JUNI 2022"] + [""] * (
        len(cells(ROUND2 / "tagana.xlsx")["Tagana"][2]) - 1)
