"""Entry point: `python -m demo.generate --out inputs --seed 2021` (and `--bench` for benchmarks)."""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from demo.bench import write_bench_inputs, write_bench_roster
from demo.build import Builder
from demo.cases import Case, CaseMaker, write_cases
from demo.explain_cases import explain_cases
from demo.layouts import Num, Row, SheetSpec, write_book
from demo.mistakes import Planted, Planter
from demo.people import AS_OF, Dose, Person
from demo.registry import district_people, dose_rows, write_registry
from demo.tagana import PLAN_TOML, UPTAKE_COLUMNS, Coordinator
from demo.truth import TRUTH_COLUMNS, decide
from demo.units import TAGANA_KABKOTA

__all__ = ["generate", "main", "write_bench_inputs", "write_bench_roster"]

FINDING_COLUMNS = ["file", "sheet", "row", "column", "code"]
DISTRICT_PEOPLE = 2300


@dataclass
class Generated:
    """What one run of the generator wrote, with the counts worth printing."""

    workbooks: list[Path]
    registry: Path
    roster_rows: int
    people: int
    registry_rows: int
    validate_findings: int
    run_findings: int


@dataclass
class Province:
    """The demo province in memory: people, rows, planted mistakes, Tagana phases, the district."""

    b: Builder
    planter: Planter
    planted: list[Planted]
    uptake: list[dict[str, object]]
    heads: dict[str, tuple[str, str]]
    district: list[Person]
    cases: list[Case]


@dataclass
class Written:
    """What write_inputs wrote: the workbooks, the findings each must give, the roster rows."""

    workbooks: list[Path]
    registry: Path
    found: list[tuple[str, str, int, str, str]]
    found_run: list[tuple[str, str, int, str, str]]
    places: list[tuple[str, SheetSpec, Row]]
    registry_rows: int
    found_cases: list[tuple[str, str, int, str, str]]


def build_province(seed: int = 2021) -> Province:
    """The demo province of `seed` in memory, as it stands on the census date AS_OF."""
    b = Builder(seed)
    b.fill()
    b.overlaps()
    planter = Planter(b)
    planted = planter.plant_all()
    tagana = Coordinator(b, seed)
    tagana.run()
    uptake = tagana.uptake()
    maker = CaseMaker(b, seed)
    maker.roles()
    cases = maker.make()
    heads = _heads(b)
    district = district_people(b, DISTRICT_PEOPLE)
    return Province(b, planter, planted, uptake, heads, district, cases)


def write_inputs(province: Province, out: Path, as_of: date = AS_OF) -> Written:
    """The workbooks, the health-office export and census.toml of `province` on `as_of`."""
    b = province.b
    out.mkdir(parents=True, exist_ok=True)
    found: list[tuple[str, str, int, str, str]] = []
    found_run: list[tuple[str, str, int, str, str]] = []
    books = []
    for unit in sorted(b.units, key=lambda u: u.code):
        path = out / f"{unit.code}.xlsx"
        f, fr = write_book(path, unit.specs, b.rng, as_of)
        found += f
        found_run += fr
        books.append(path)

    found_cases = write_cases(out, province.cases)

    places = [(u.code, s, r) for u in sorted(b.units, key=lambda u: u.code)
              for s in u.specs for r in s.rows]
    roster_people = _distinct([r.person for _c, _s, r in places])
    rows = dose_rows(roster_people + province.district, b.rng)
    registry = out / "registry" / "pcare_jatim_2022.csv"
    write_registry(registry, rows, b.rng)
    (out / "census.toml").write_text(_census_toml(b, province.heads, as_of), encoding="utf-8")
    return Written(books, registry, found, found_run, places, len(rows) + 3, found_cases)


def generate(out: Path, seed: int = 2021, fixtures: Path | None = None) -> Generated:
    """Write the demo province into `out` and its fixtures into `fixtures` (default: none)."""
    province = build_province(seed)
    b = province.b
    written = write_inputs(province, out)
    found, found_run, places = written.found, written.found_run, written.places
    (out / "tagana_plan.toml").write_text(PLAN_TOML, encoding="utf-8")
    (out / "PLANTED_MISTAKES.md").write_text(
        _planted_md(b, province.planter, found, found_run, province.uptake, province.cases,
                    written.found_cases), encoding="utf-8")
    truth = truth_rows(b, places)
    if fixtures is not None:
        fixtures.mkdir(parents=True, exist_ok=True)
        _write_findings(fixtures / "demo_validate_findings.csv", found, VALIDATE_HEADER)
        _write_findings(fixtures / "demo_run_findings.csv", found_run, RUN_HEADER)
        _write_sheets(fixtures / "demo_sheets.csv", b)
        _write_uptake(fixtures / "demo_tagana.csv", province.uptake)
        _write_findings(fixtures / "demo_case_findings.csv", written.found_cases, CASES_HEADER)
        write_truth(fixtures / "demo_truth.csv", truth)
        cases = explain_cases(b, province.planted, places, written.registry)
        (fixtures / "demo_explain.json").write_text(
            json.dumps(cases, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return Generated(written.workbooks, written.registry, len(places), len(truth),
                     written.registry_rows, len(found), len(found_run))


def write_truth(path: Path, truth: list[dict[str, str]]) -> None:
    """A truth table (TRUTH_COLUMNS) as CSV."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, TRUTH_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(truth)


def _distinct(people: list[Person]) -> list[Person]:
    seen: dict[int, Person] = {}
    for person in people:
        seen.setdefault(id(person), person)
    return list(seen.values())


def _heads(b: Builder) -> dict[str, tuple[str, str]]:
    """A (fictional) head for every unit, printed in its signature block and census.toml."""
    heads = {}
    for unit in b.units:
        person = b.pop.make(57, 45, unit.regency, staff="pns")
        b.pop.people.remove(person)
        title = b.rng.choice(["Drs. ", "", "Dra. " if person.sex == "P" else "Ir. "])
        name = f"{title}{person.name}, {b.rng.choice(['M.Si', 'M.M.', 'S.Sos., M.Si'])}"
        nip = person.nip or ""
        heads[unit.code] = (name, f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}")
        for spec in unit.specs:
            if spec.signature:
                place, role, _ = spec.signature
                spec.signature = (place, role, f"{name}|{nip}")
    return heads


def _nik(person: Person) -> str:
    return person.nik or ""


def visible_doses(person: Person, rows: list[tuple[SheetSpec, Row]]) -> list[Dose]:
    """The doses the census can see: on a roster row that has the column, or in the export."""
    seen = []
    for dose in person.doses:
        in_export = person.in_registry and person.nik and dose.slot not in person.registry_drop
        on_roster = any(dose.slot in row.shown and spec.has(f"{dose.slot}_date")
                        for spec, row in rows)
        if in_export or on_roster:
            seen.append(dose)
    return seen


def truth_rows(b: Builder, places: list[tuple[str, SheetSpec, Row]],
               as_of: date = AS_OF) -> list[dict[str, str]]:
    """demo_truth.csv's rows: each census person as the generator knows them on `as_of`."""
    by_person: dict[int, list[tuple[str, SheetSpec, Row]]] = {}
    for place in places:
        by_person.setdefault(id(place[2].person), []).append(place)
    out = []
    for entries in by_person.values():
        unit, _spec, first = entries[0]
        person = first.person
        usable = any("nik" not in row.overrides for _u, _s, row in entries) and bool(person.nik)
        # A NIK typed into a number cell is found again in the export by its first 15 digits,
        # birth date and name, when the export has the person's doses (DOMAIN §2).
        completed = (not usable and bool(person.nik) and person.in_registry
                     and any(isinstance(row.overrides.get("nik"), Num) for _u, _s, row in entries)
                     and any(d.slot not in person.registry_drop for d in person.doses))
        known = usable or completed
        key = _nik(person) if known else f"{unit}|{person.name.lower()}|{person.birth.isoformat()}"
        doses = visible_doses(person, [(s, r) for _u, s, r in entries])
        row: dict[str, str] = {"key": key, "nik": _nik(person) if known else "", "name": first.name_text,
               "units": ";".join(sorted({u for u, _s, _r in entries})),
               "categories": ";".join(sorted({r.category for _u, _s, r in entries})),
               "note": person.note}
        row.update(decide(person, doses, b.rules, as_of))
        out.append(row)
    return sorted(out, key=lambda r: r["key"])


VALIDATE_HEADER = (
    "# What `census validate inputs/*.xlsx --as-of 2022-03-31` must report on the demo province,\n"
    "# and nothing else: row = worksheet row as Excel shows it, column = column letter.\n"
    "# Written by demo/generate.py (see inputs/PLANTED_MISTAKES.md). Read with comment='#'.\n"
)
CASES_HEADER = (
    "# The findings of the demo's case records (inputs/kasus/kasus_covid_dinsos.xlsx) that\n"
    "# `census run inputs` adds, and `census validate` reports for that workbook (all but\n"
    "# case-person-unknown and case-person-died, which need the rosters). Written by\n"
    "# demo/generate.py (demo/cases.py). Read with comment='#'.\n"
)
RUN_HEADER = (
    "# The cross-roster / registry findings a full `census run inputs` adds on top of\n"
    "# demo_validate_findings.csv. Cell convention: status-unverified -> the remark cell;\n"
    "# registry-conflict -> the roster cell of the disagreeing dose date; name-mismatch -> the\n"
    "# name cell and possible-duplicate -> the NIK cell of the LATER row of the pair (file name,\n"
    "# then sheet order, then row). Written by demo/generate.py. Read with comment='#'.\n"
)


def _write_findings(path: Path, found: list[tuple[str, str, int, str, str]], header: str) -> None:
    def order(f: tuple[str, str, int, str, str]) -> tuple[str, str, int, int, str, str]:
        return (f[0], f[1], f[2], len(f[3]), f[3], f[4])

    ordered: list[tuple[str, str, int, str, str]] = sorted(found, key=order)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(header)
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(FINDING_COLUMNS)
        writer.writerows(ordered)


def _write_sheets(path: Path, b: Builder) -> None:
    """What `census read` must say of each demo sheet: category, header row, data rows."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("# Every sheet of the demo workbooks as `census read --format json` must report\n"
                     "# it (category empty: a category column). header_row = the LAST header row.\n")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["file", "sheet", "category", "header_row", "first_data_row", "rows"])
        for unit in sorted(b.units, key=lambda u: u.code):
            for spec in unit.specs:
                categories = {row.category for row in spec.rows}
                category = categories.pop() if len(categories) == 1 and not spec.has(
                    "category") else ""
                header_row = spec.first_data_row - 1 - int(spec.number_row)
                writer.writerow([f"{unit.code}.xlsx", spec.title, category, header_row,
                                 spec.first_data_row, len(spec.rows)])


def _write_uptake(path: Path, uptake: list[dict[str, object]]) -> None:
    """What `census allocate inputs --as-of 2022-03-31` must count (its sheet 'Tahap')."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("# The Tagana allocation of the demo province as `census allocate` must count it\n"
                     "# (one row per phase of inputs/tagana_plan.toml; the last row: the doses\n"
                     "# given outside any phase). Written by demo/generate.py (demo/tagana.py).\n")
        writer = csv.DictWriter(handle, UPTAKE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(uptake)


def _census_toml(b: Builder, heads: dict[str, tuple[str, str]], as_of: date = AS_OF) -> str:
    lines = [
        "# Census configuration of the demo province (written by demo/generate.py).",
        f"as_of = {as_of.isoformat()}",
        'department = "Dinas Sosial Provinsi Jawa Timur"',
        'lang = "id"',
        "",
        "[targets]",
        "asn = 1.0", "ptt = 1.0", "klien = 0.6", "keluarga = 0.7", "tagana = 1.0",
    ]
    for unit in sorted(b.units, key=lambda u: u.code):
        name, nip = heads[unit.code]
        region = "Kota" if unit.regency == "3578" else "Kabupaten"
        lines += ["", f"[units.{unit.code}]", f'name = "{unit.name}"', f'head = "{name}"',
                  f'head_nip = "{nip}"', f'head_phone = "{_head_phone(unit.code)}"',
                  f'place = "{unit.place}"',
                  f'health_office = "Kepala Dinas Kesehatan {region} {unit.place}"']
        if unit.code in HEAD_TITLES:
            lines.append(f'head_title = "{HEAD_TITLES[unit.code]}"')
    return "\n".join(lines) + "\n" + LETTER_TOML


#: Who heads the units that are not a UPT (a cover letter is addressed to them by position).
HEAD_TITLES = {
    "dinsos_kantor": "Sekretaris Dinas Sosial Provinsi Jawa Timur",
    "tagana": "Koordinator Tagana Provinsi Jawa Timur",
}


#: The department's official letters (census.toml [letter]; the signer is fictional).
LETTER_TOML = """
[letter]
government = "Pemerintah Provinsi Jawa Timur"
agency = "Dinas Sosial"
address = "Jalan Gayung Kebonsari No. 56B, Surabaya 60235"
phone = "(031) 8290794"
email = "dinsos@jatimprov.go.id"
website = "dinsos.jatimprov.go.id"
number = "443.1/{serial}/107.2/{year}"
place = "Surabaya"
signer_position = "KEPALA DINAS SOSIAL\\nPROVINSI JAWA TIMUR"
signer_name = "Dr. Sugeng Raharjo, M.Si"
signer_rank = "Pembina Utama Madya"
signer_nip = "19680506 199203 1 004"
copies = ["Gubernur Jawa Timur (sebagai laporan)", "Kepala Dinas Kesehatan Provinsi Jawa Timur"]
"""


def _head_phone(code: str) -> str:
    """A fictional mobile number for a unit's head (derived from the code: the random
    stream, and so every other file of the demo, stays as it was)."""
    digits = str(int(hashlib.sha256(code.encode()).hexdigest(), 16))[:8]
    return f"0812{digits}"


def _planted_md(b: Builder, planter: Planter, found: list, found_run: list,
                uptake: list[dict[str, object]], cases: list, found_cases: list) -> str:
    from demo.planted_doc import render

    return render(b, planter, found, found_run, sorted(TAGANA_KABKOTA), uptake, cases,
                  found_cases)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demo.generate", description=__doc__)
    parser.add_argument("--out", type=Path, default=None,
                        help="where to write (default: inputs/, demo/round2/ with --round 2)")
    parser.add_argument("--round", type=int, choices=(1, 2), default=1,
                        help="2: the next census three months later (demo/round2.py)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--fixtures", type=Path, default=Path("tests/fixtures"),
                        help="where the demo's test fixtures go (demo mode only)")
    parser.add_argument("--bench", action="store_true", help="write benchmark inputs instead")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--roster-rows", type=int, default=None,
                        help="with --bench: write ONE roster workbook of this many rows to --out")
    args = parser.parse_args(argv)
    if args.bench:
        seed = 1 if args.seed is None else args.seed
        if args.roster_rows:
            write_bench_roster(args.out or Path("inputs"), args.roster_rows, seed=seed)
        else:
            write_bench_inputs(args.out or Path("inputs"), args.people, units=args.units, seed=seed)
        print(f"benchmark inputs written to {args.out}")
        return 0
    seed = 2021 if args.seed is None else args.seed
    if args.round == 2:
        from demo.round2 import generate_round2

        second = generate_round2(args.out or Path("demo/round2"), seed, args.fixtures)
        department = second.changes["department"]
        assert isinstance(department, dict)
        print(f"round 2: {len(second.workbooks)} workbooks, {second.people} people; "
              + ", ".join(f"{k} {v}" for k, v in department.items()))
        return 0
    result = generate(args.out or Path("inputs"), seed, args.fixtures)
    print(f"{len(result.workbooks)} workbooks, {result.roster_rows} roster rows, "
          f"{result.people} people, {result.registry_rows} export rows; planted findings: "
          f"{result.validate_findings} validate + {result.run_findings} run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
