"""A unit pack leaves the office: every name and masked NIK in it (html, xlsx, pdf) belongs to a
member of that unit — on the demo province and on a generated one whose people are also in a
second unit under another name, or look like someone of another unit."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from census.compute import CensusResult, compute_census
from census.config import load_config
from census.findings import message, unit_message
from census.pipeline import run_census
from census.report.mask import mask_digits
from census.report.write import unit_filename
from tests.reportkit import INPUTS, MASKED, demo_outputs, html_text, pdf_text, xlsx_text


@dataclass(frozen=True)
class Scope:
    """Who may appear in unit `code`'s pack: their names and masked NIKs; and everyone else."""

    names: set[str]
    masks: set[str]
    others: set[str]


def scopes(result: CensusResult) -> dict[str, Scope]:
    """Per unit: the names (as typed on any roster row, or in the unit's case records) and the
    masked NIKs / NIPs / long numbers of its members; the names of everyone else."""
    roster = pd.concat([b.rows for b in result.books if len(b.rows)], ignore_index=True)
    roster = roster.assign(person_id=result.register.row_person.to_numpy())
    members = result.register.memberships
    persons = result.persons.set_index("person_id")
    cases = result.cases.rows if result.cases is not None else pd.DataFrame(
        columns=["unit", "name", "nik"])
    config = result.config
    every_name = set(roster["name"].dropna().astype(str)) | set(
        cases["name"].dropna().astype(str))
    out = {}
    units = set(members["unit"].astype(str)) | set(config.units)
    for code in units:
        mine = set(members.loc[members["unit"].astype(str) == code, "person_id"])
        rows = roster[roster["person_id"].isin(mine) | (roster["unit"].astype(str) == code)]
        mine_cases = cases[cases["unit"].astype(str) == code]
        names = set(rows["name"].dropna().astype(str)) | set(
            persons.loc[list(mine), "name"].dropna().astype(str)) | set(
            mine_cases["name"].dropna().astype(str))
        unit = config.units.get(code)
        staff = {config.letter.signer_name, *([unit.head] if unit and unit.head else [])}
        numbers = [*rows["nik"].tolist(), *rows["nip"].tolist(), *rows["phone"].tolist(),
                   *persons.loc[list(mine), "nik"].tolist(), *mine_cases["nik"].tolist()]
        masks = {mask_digits(re.sub(r"\D", "", str(n))) for n in numbers
                 if n is not None and not pd.isna(n) and len(re.sub(r"\D", "", str(n))) >= 12}
        out[code] = Scope(names | staff, masks, every_name - names - staff)
    return out


#: The longest name, in words, looked for (longer ones are looked for by their first words).
LONGEST = 8


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", text.casefold()))


def _runs(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    """Every run of 1..LONGEST consecutive words."""
    return {words[i:j] for i in range(len(words))
            for j in range(i + 1, min(i + LONGEST, len(words)) + 1)}


def leaks(text: str, scope: Scope) -> list[str]:
    """Names of non-members and masked numbers of nobody in the unit, found in `text`.

    A name is found when its words stand one after the other in the text (case and punctuation
    aside: stricter than the exact spelling); it is not a leak when those words also stand one
    after the other in a member's name (a part of a member's name, or a homonym: they cannot be
    told apart). Word runs make the check linear in the size of the text and of the province."""
    in_text = _runs(_words(text))
    allowed: set[tuple[str, ...]] = set()
    for name in scope.names:
        allowed |= _runs(_words(name))
    found = []
    for name in scope.others:
        key = _words(name)[:LONGEST]
        if len(name) < 5 or not key:
            continue
        if key in in_text and key not in allowed:
            found.append(name)
    found += sorted(set(MASKED.findall(text)) - scope.masks)
    return found


def pack_leaks(units: Path, result: CensusResult, with_pdf: bool) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    taken: set[str] = set()
    for code, scope in sorted(scopes(result).items()):
        stem = units / unit_filename(code, taken)
        readers = [(".html", html_text), (".xlsx", xlsx_text)]
        if with_pdf:
            readers.append((".pdf", pdf_text))
        for suffix, read in readers:
            path = stem.with_suffix(suffix)
            assert path.exists(), path
            found = leaks(read(path), scope)
            if found:
                out[path.name] = found
    return out


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CensusResult]:
    return demo_outputs(tmp_path_factory), compute_census(INPUTS, load_config(INPUTS))


def test_the_demos_findings_name_people_of_other_units_but_no_pack_does(demo) -> None:
    """The census finds the same NIK under a head-office ASN's name in Malang, and a Sidoarjo
    PTT who looks like a Banyuwangi family member: the department reads both names, each unit's
    head reads neither."""
    _, result = demo
    crossing = [f for f in result.findings if f.code in ("name-mismatch", "possible-duplicate")]
    assert {f.unit for f in crossing} >= {"upt_psbn_malang", "upt_pstw_banyuwangi"}
    for finding in crossing:
        other = dict(finding.context)["other_name"]
        assert other in message(finding)
        assert other not in unit_message(finding) and ".xlsx" not in unit_message(finding)


def test_every_unit_pack_of_the_demo_holds_only_its_own_people(demo) -> None:
    out, result = demo
    assert pack_leaks(out / "units", result, with_pdf=True) == {}


def test_the_leak_check_finds_a_planted_name(demo, tmp_path: Path) -> None:
    """The check itself can fail: a name of another unit written into a copy of a pack is found."""
    out, result = demo
    scope = scopes(result)["upt_psbn_malang"]
    stranger = sorted(n for n in scope.others if len(n.split()) >= 2 and len(n) > 10)[0]
    page = (out / "units" / "upt_psbn_malang.html").read_text(encoding="utf-8")
    copy = tmp_path / "upt_psbn_malang.html"
    copy.write_text(page.replace("</main>", f"<p>{stranger}</p></main>"), encoding="utf-8")
    assert leaks(html_text(copy), scope) == [stranger]
    assert leaks("3578********9999", scope) == ["3578********9999"]


# ------------------------------------------------------------------ a generated province


def _province(folder: Path, people: int = 2400, units: int = 6) -> Path:
    """Benchmark-style rosters, then people of unit 1 also put on unit 2's Keluarga sheet: the
    same people under their own name (two units), under another name (one NIK, two names) and
    with another NIK (same name and birth date: a possible duplicate)."""
    from demo.bench import write_bench_inputs

    write_bench_inputs(folder, people, units=units, seed=5)
    first = openpyxl.load_workbook(folder / "upt_bench_001.xlsx")
    source = first["ASN"]
    header = next(r for r in range(1, 12) if source.cell(r, 2).value == "Nama")
    body = [list(row) for row in source.iter_rows(min_row=header + 2, values_only=True)
            if isinstance(row[1], str) and isinstance(row[2], str)]
    second_path = folder / "upt_bench_002.xlsx"
    second = openpyxl.load_workbook(second_path)
    target = second["Keluarga"]
    last = max(r for r in range(1, target.max_row + 1)
               if isinstance(target.cell(r, 3).value, str) and target.cell(r, 3).value.isdigit())
    rng = np.random.default_rng(3)
    picks = rng.choice(len(body), 30, replace=False)
    target.insert_rows(last + 1, len(picks))  # inside the table, above its signature block
    for k, i in enumerate(picks):
        row = list(body[i])
        if k % 3 == 1:
            row[1] = f"Renamed Person {k}"
        elif k % 3 == 2:
            row[2] = str(row[2])[:-4] + f"{9000 + k}"
        for c, value in enumerate(row, start=1):
            target.cell(last + 1 + k, c, value)
    second.save(second_path)
    return folder


#: People of the generated province: CENSUS_SCOPE_PEOPLE=100000 checks a 100,000-person one in
#: 40 units (HTML and workbooks; PDFs only up to 10,000 people, as `census run` prints them).
SCOPE_PEOPLE = int(os.environ.get("CENSUS_SCOPE_PEOPLE", "2400"))


def test_a_generated_province_with_people_in_two_units_leaks_nothing(tmp_path: Path) -> None:
    units = 6 if SCOPE_PEOPLE <= 10_000 else 40
    inputs = _province(tmp_path / "province", SCOPE_PEOPLE, units)
    config = load_config(inputs)
    result = compute_census(inputs, config)
    codes = {f.code for f in result.findings if f.unit == "upt_bench_002"}
    assert {"name-mismatch", "possible-duplicate"} <= codes
    with_pdf = SCOPE_PEOPLE <= 10_000
    run_census(inputs, tmp_path / "out", config=config, pdf=with_pdf, workers=2)
    assert pack_leaks(tmp_path / "out" / "units", result, with_pdf=with_pdf) == {}
