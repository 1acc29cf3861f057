"""inputs/PLANTED_MISTAKES.md: the human list of what the demo province gets wrong on purpose."""

from __future__ import annotations

from collections import Counter
from typing import Any

from demo.doses import COVID_WORDINGS
from demo.mistakes import Planter


def render(b: Any, planter: Planter, found: list, found_run: list,
           kabkota: list[str], uptake: list[dict[str, Any]], cases: list[Any] | None = None,
           found_cases: list | None = None) -> str:
    """The Markdown text (every location resolved after the workbooks were written)."""
    planted = planter.planted
    spec_of = {(f"{code}.xlsx", sheet): spec for (code, sheet), spec in b.specs.items()}
    lines = [
        "# Planted mistakes of the demo province",
        "",
        "Written by `python -m demo.generate --out inputs --seed 2021`; do not edit by hand.",
        "Census date (as_of): 2022-03-31. Machine-readable lists:",
        "`tests/fixtures/demo_validate_findings.csv` (exactly what `census validate` must report)",
        "and `tests/fixtures/demo_run_findings.csv` (what `census run` adds: cross-roster and",
        "health-office findings). Everything not listed here is clean.",
        "",
        "## The planted mistakes",
        "",
        "| # | file | cell(s) | finding(s) | what is wrong |",
        "|---|---|---|---|---|",
    ]
    for number, item in enumerate(planted, start=1):
        spec = spec_of[(item.file, item.sheet)]
        row = spec.excel_row(item.row)
        cells = [f"{item.sheet}!{spec.letter(kind)}{row}"
                 for kind, _c in [*item.row.expect, *item.row.expect_run]
                 if not (kind == "nik" and _c == "nik-missing" and item.label != "staff-nik-empty")]
        cells = cells or [f"{item.sheet}!{row}"]
        codes = ", ".join(f"`{c}`" for c in item.codes) or "(none: the first row of a pair)"
        lines.append(f"| {number} | {item.file} | {', '.join(cells)} | {codes} | "
                     f"{item.description} |")
    missing = [f for f in found if f[4] == "nik-missing" and not any(
        p.label == "staff-nik-empty" and p.file == f[0] and p.sheet == f[1]
        and spec_of[(p.file, p.sheet)].excel_row(p.row) == f[2] for p in planted)]
    per_sheet = Counter(f"{f[0]} / {f[1]}" for f in missing)
    lines += [
        "",
        "## Findings by design (not mistakes)",
        "",
        "Elderly clients without a NIK (no KTP) are real people of the census; each gets a",
        "`nik-missing` **warning** (not an error: they are clients). They are identified by name",
        "and birth date within their unit:",
        "",
        *[f"- {where}: {count} clients" for where, count in sorted(per_sheet.items())],
        "",
        *_remarks(b, planter, spec_of, found),
        "## Other things worth knowing",
        "",
        "- Overlaps: three head-office ASN are also Tagana volunteers (same NIK; one is",
        "  'Muhammad …' at the office and 'Moch. …' at Tagana — the same name after",
        "  normalisation, so no finding). A married couple: he is ASN at the head office, she",
        "  PNS in Jombang; each is also in the other's Keluarga sheet, with and without titles.",
        "- Roster not updated: some people's last dose is only in the health-office export; some",
        "  vaccinated people are on no export (their doses are unverified, which is no finding).",
        "- The export lists about as many people again who are on no roster (the rest of the",
        "  district), and three rows twice.",
        f"- Tagana Kab/Kota values: {', '.join(kabkota)}.",
        "- Tagana allocation (`tagana_plan.toml`, 350 doses in three phases): most volunteers",
        "  assigned to a phase came in its window, some did not (no-shows); Tahap 3 runs past",
        "  the census date (pending). Who came for a first dose was assigned again, for the",
        "  second, to the phase where it fell due; a few volunteers came to a phase without",
        "  being assigned to it (counted by it all the same), and a few doses, boosters among",
        "  them, were given outside any phase. As `census allocate` counts them",
        "  (`tests/fixtures/demo_tagana.csv`):",
        "",
        "  | phase | quota | assigned | administered (not assigned) | no-shows | pending |",
        "  |---|---|---|---|---|---|",
        *[f"  | {u['phase']} | {u['quota']} | {u['assigned']} | {u['administered']}"
          f" ({u['administered_unassigned']}) | {u['no_shows']} | {u['pending']} |"
          for u in uptake[:-1]],
        f"  | outside any phase | | | {uptake[-1]['administered']} | | |",
        "",
        f"Totals: {len(found)} validate findings ({Counter(f[4] for f in found)['nik-missing']}"
        f" of them nik-missing), {len(found_run)} run findings.",
        "",
    ]
    return "\n".join(lines + _cases(cases or [], found_cases or []))


def _remarks(b: Any, planter: Planter, spec_of: dict[tuple[str, str], Any],
             found: list) -> list[str]:
    """The section on remarks: deferral wordings, the head's own words, what nobody understands."""
    people = {id(r.person): r.person for spec in b.specs.values() for r in spec.rows}.values()
    covid = [p for p in people if p.event is not None and p.event[0] == "covid"]
    deferred = [p for p in covid if p.intent == "deferred"]
    undated = [p for p in deferred if p.remark in COVID_WORDINGS]
    unclear = Counter(row.remark for p in planter.planted for row in [p.row]
                      if "remark-not-understood" in p.codes)
    lines = [
        "## Remarks as secretaries write them",
        "",
        f"{len(deferred)} people could not be vaccinated yet because of COVID; their remarks use",
        "the wordings offices use ('penyintas', 'isoman', 'terkonfirmasi covid-19', 'sembuh dari",
        "covid', 'pasca covid', 'belum bisa divaksin karena covid' …) with the date of the",
        "positive test or recovery in several forms (05/03/2022, 2022-03-05, 5 Mrt 2022,",
        f"5 Maret 2022, 5-3-22) — or, for {len(undated)} of them, no date at all (the census",
        "counts those from the census date: eligible from 2022-04-30). All are `deferred`;",
        f"{len(covid) - len(deferred)} more had COVID long enough ago that their deferral has",
        "ended (`unvaccinated`).",
        "The department head's own words (DOMAIN §3), with no finding:",
        "",
    ]
    for file, sheet, row in planter.shown:
        spec = spec_of[(file, sheet)]
        lines.append(f"- {file} {sheet}!{spec.letter('remark')}{spec.excel_row(row)}: "
                     f"'{row.remark}' → deferred")
    lines += [
        "",
        "Remarks nobody can interpret are `remark-not-understood` warnings, and the department",
        "summary lists them with their counts (so the secretary can add the office's wording to",
        "`census.toml` `[rules.remarks]`):",
        "",
        *[f"- '{text}': {count}" for text, count in sorted(unclear.items())],
        "",
    ]
    return lines


def _cases(cases: list[Any], found: list) -> list[str]:
    """The case records (inputs/kasus/, and the Kasus sheet of UPT PSTW Jombang)."""
    by_code = {f[4]: f for f in found}
    planted = [case for case in cases if case.expect]
    units = Counter(case.unit for case in cases if case.counted)
    return [
        "## COVID-19 case records",
        "",
        "`inputs/kasus/kasus_covid_dinsos.xlsx` lists the cases of every unit but UPT PSTW",
        "Jombang, which keeps its own on a `Kasus` sheet of its workbook (read as case records,",
        "never as a roster). Cases per unit: "
        + ", ".join(f"{unit} {n}" for unit, n in sorted(units.items())) + ".",
        "A cluster in UPT PSTW Banyuwangi (18–26 March 2022: clients in the home's isolation",
        "rooms, one taken to hospital who died) and a PKH coordinator of the head office tested",
        "positive on 28 March 2022, still isolating on the census date; a positive test defers",
        "vaccination (1 month after recovery, 3 after severe illness). Machine-readable list:",
        "`tests/fixtures/demo_case_findings.csv`.",
        "",
        "| file | cell | finding | what is wrong |",
        "|---|---|---|---|",
        *[f"| {by_code[code][0]} | {by_code[code][1]}!{by_code[code][3]}{by_code[code][2]} | "
          f"`{code}` | {case.description} |"
          for case in planted for _header, code in case.expect if code in by_code],
        "",
        "The staff rosters name roles in a Jabatan / Tugas column: the head office's Non ASN",
        "are mostly PKH field workers (pendamping), with guards (Pamdal), office boys (OB) and",
        "drivers; every UPT's PTT sheet has carers, guards, cleaners and drivers.",
        "",
    ]
