"""The order of the stages — read → validate → merge → reconcile → cases → status → report — and
nothing else."""

from __future__ import annotations

import dataclasses
import os
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from census import findings as catalogue
from census.config import Config, load_config
from census.errors import CensusError, InputNotFound, NoRoster, UnreadableWorkbook
from census.export import write_findings_json, write_persons_csv
from census.findings import Finding
from census.i18n import N_, translator
from census.model import ROSTER_COLUMNS
from census.output import atomic_folder, prepare_output
from census.progress import Progress, no_progress
from census.read import (
    RosterBook,
    find_case_inputs,
    find_inputs,
    is_case_workbook,
    no_roster,
    read_registry,
    read_workbook,
    sheets_looked_at,
)
from census.read.book import SheetInfo
from census.read.roster import empty_roster
from census.register import Register, build_register
from census.status.decide import decide_status
from census.validate import ValidationReport, validate_books
from census.validate.core import finding_order
from census.validate.files import annotate_books, validate_files

if TYPE_CHECKING:
    from census.allocate import Allocation, Plan
    from census.cases import CaseTable


@dataclass(frozen=True)
class CensusResult:
    """Everything the stages computed for one inputs folder (nothing written yet).

    `skipped`: each input file left out, with why (unreadable, over a limit, no roster in it).
    """

    config: Config
    books: list[RosterBook]
    register: Register
    persons: pd.DataFrame
    findings: list[Finding]
    skipped: list[tuple[str, CensusError]] = dataclasses.field(default_factory=list)
    #: The case records tied to units and people (None: the inputs hold no case records).
    cases: CaseTable | None = None


@dataclass(frozen=True)
class RunResult:
    """What `run_census` wrote, with the counts a secretary wants to see at the end of a run."""

    out: Path
    files: list[str]
    persons: int
    by_status: dict[str, int]
    errors: int
    warnings: int
    lang: str = "id"
    skipped: list[tuple[str, CensusError]] = dataclasses.field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0: written; 1: written, but an input file was skipped (README, exit codes)."""
        return 1 if self.skipped else 0

    def skipped_lines(self) -> list[str]:
        """'file: why' for each skipped input file, in the run's language."""
        return skipped_lines(self.skipped, self.lang)

    def summary_text(self) -> str:
        """A few lines for the terminal, statuses named in the run's language."""
        from census.report.labels import Labels

        t = Labels(self.lang)
        statuses = ", ".join(f"{t.status(status)} {count}" for status, count in self.by_status.items())
        if self.lang == "en":
            text = (
                f"{self.persons} people: {statuses}\n"
                f"Findings: {self.errors} errors, {self.warnings} warnings\n"
                f"Outputs: {self.out} — {len(self.files)} files"
            )
        else:
            text = (
                f"{self.persons} orang: {statuses}\n"
                f"Temuan: {self.errors} error, {self.warnings} peringatan\n"
                f"Hasil: {self.out} — {len(self.files)} berkas"
            )
        if self.skipped:
            text += "\n" + _files_not_read(self.lang, len(self.skipped))
            text += "".join(f"\n  {line}" for line in self.skipped_lines())
        return text


def _files_not_read(lang: str, count: int) -> str:
    t = translator(lang)
    return t("Files not read ({count}):", count=count)


def skipped_lines(skipped: list[tuple[str, CensusError]], lang: str) -> list[str]:
    """'file: why' for each skipped file, in `lang` (the why names the file too, as errors do)."""
    t = translator(lang)
    return [t(error.msgid, **error.values) if error.values else str(error)
            for _, error in skipped]


def compute_census(inputs: Path, config: Config, progress: Progress = no_progress) -> CensusResult:
    """Read, validate, merge, reconcile and decide the status of everyone under `inputs`."""
    if not inputs.is_dir():
        raise InputNotFound(f"folder input tidak ditemukan (inputs folder not found): {inputs}")
    roster_paths, registry_paths = find_inputs(inputs)
    case_paths = find_case_inputs(inputs)
    if not roster_paths:
        raise InputNotFound(f"tidak ada workbook daftar di {inputs} (no roster workbooks found)")
    rules = config.rules()

    progress(f"Membaca {len(roster_paths)} workbook (reading)")
    books: list[RosterBook] = []
    unreadable: list[Finding] = []
    skipped: list[tuple[str, CensusError]] = []
    for path in roster_paths:
        try:
            book = read_workbook(path, config.limits)
        except CensusError as exc:
            # One unreadable workbook must not stop the department's census: say so and go on.
            unreadable.append(catalogue.make("file-unreadable", path.name, reason=str(exc)))
            skipped.append((path.name, exc))
            continue
        books.append(book)  # its sheets' findings count even when it holds no roster
        if not book.has_roster:
            unreadable.append(catalogue.make("roster-not-found", book.file,
                                             sheets=sheets_looked_at(book), unit=book.unit))
            skipped.append((book.file, no_roster(book)))
    if not any(book.has_roster for book in books):
        error = NoRoster(N_("No roster found in any file of {path}: nothing was written"),
                         path=inputs)
        error.skipped = skipped  # named by whoever prints the error
        raise error
    registry_tables = []
    for path in registry_paths:
        try:
            registry_tables.append(read_registry(path, config.limits))
        except CensusError as exc:
            unreadable.append(catalogue.make("file-unreadable", path.name, reason=str(exc)))
            skipped.append((path.name, exc))

    from census.cases import check_cases, link_cases, read_cases, with_units

    case_books, unreadable_cases = read_cases(case_paths, _sheet_names(books), rules)
    skipped += [(f.file, UnreadableWorkbook(dict(f.context).get("reason") or f.file))
                for f in unreadable_cases]

    progress("Memeriksa data (validating)")
    findings = unreadable + unreadable_cases + validate_books(books, config.as_of, rules)
    case_checks = check_cases(case_books, config.as_of, rules)

    progress("Menggabungkan daftar (merging and reconciling)")
    roster = _concat([book.rows for book in books], list(ROSTER_COLUMNS))
    registry = _concat(registry_tables, None)
    register = build_register(roster, registry, rules)
    cases = None
    if case_books or unreadable_cases:
        cases, case_findings = link_cases(case_books, register, config, rules)
        findings += with_units(case_checks, cases) + case_findings

    progress("Menentukan status (deciding status)")
    persons, status_findings = decide_status(
        register, rules, config.as_of, cases.rows if cases is not None else None, config.lang
    )
    findings += _locate(register.findings + status_findings, books)
    return CensusResult(config, books, register, persons, sorted(findings, key=_finding_order),
                        cases=cases, skipped=skipped)


def _sheet_names(books: list[RosterBook]) -> list[tuple[Path, list[str]]]:
    return [(book.path, [info.sheet for info in book.sheets]) for book in books]


def run_census(
    inputs: Path,
    out: Path,
    as_of: date | None = None,
    lang: str | None = None,
    progress: Progress = no_progress,
    workers: int | None = None,
) -> RunResult:
    """The main job: compute the census of `inputs` and write every output into `out` atomically.

    `workers`: processes writing the unit packs; None chooses (one per core, up to four, for a
    census of 20,000 people or more, where the per-cell cost of the workbooks dominates).
    """
    from census.allocate import load_plan, write_allocation_report
    from census.cases import case_sections, write_case_reports
    from census.report import write_reports

    prepare_output(out)  # an output folder that cannot be written stops the run before the work
    config = load_config(inputs, as_of=as_of, lang=lang)
    plan = load_plan(inputs, config.as_of)  # a bad plan stops the run before anything is written
    result = compute_census(inputs, config, progress)
    rules = config.rules()
    with atomic_folder(out) as staging:
        progress("Menulis laporan (writing reports)")
        write_persons_csv(result.persons, staging / "persons.csv")
        write_findings_json(result.findings, config.as_of, config.lang, staging / "findings.json")
        found, sections = case_sections(result.cases, config, rules) if result.cases else (None, {})
        write_reports(
            result.persons,
            result.register.memberships,
            result.findings,
            config,
            staging,
            lang=config.lang,
            workers=workers if workers is not None else _report_workers(len(result.persons)),
            case_sections=sections,
        )
        if result.cases is not None and found is not None:
            progress("Register paparan COVID-19 (exposure register)")
            write_case_reports(result.cases, found, config, rules, staging)
        if plan is not None:
            progress("Alokasi Tagana (Tagana allocation)")
            allocation = _allocate(plan, result)
            write_allocation_report(allocation, staging, config, lang=config.lang)
        written = sorted(str(p.relative_to(staging)) for p in staging.rglob("*") if p.is_file())
    return _run_result(out, written, result)


def run_allocation(
    inputs: Path,
    out: Path,
    as_of: date | None = None,
    lang: str | None = None,
    progress: Progress = no_progress,
) -> RunResult:
    """`census allocate`: the census, then only the Tagana report, written to `out/tagana/`."""
    from census.allocate import load_plan, write_allocation_report

    prepare_output(out)
    config = load_config(inputs, as_of=as_of, lang=lang)
    plan = load_plan(inputs, config.as_of)
    if plan is None:
        raise InputNotFound(
            f"rencana alokasi tidak ditemukan: {inputs}/tagana_plan.toml atau .xlsx "
            "(no allocation plan found)"
        )
    result = compute_census(inputs, config, progress)
    progress("Alokasi Tagana (Tagana allocation)")
    allocation = _allocate(plan, result)
    with atomic_folder(out, scope="tagana") as staging:
        write_allocation_report(allocation, staging, config, lang=config.lang)
        written = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
    return _run_result(out, written, result)


def run_swab(
    inputs: Path,
    unit: str,
    on: date,
    days: int | None = None,
    out: Path = Path("outputs/swab"),
    lang: str | None = None,
    serial: str | None = None,
    progress: Progress = no_progress,
) -> list[Path]:
    """`census swab`: the census of `inputs` on the day of a case `on` (vaccination status and
    isolation as of that day), then the swab list of `unit` — its copy and the health office's
    letter — written into `out`. `days`: the window before `on` (default: the rule table's)."""
    from census.cases import empty_cases, resolve_unit, swab_list, write_swab

    config = load_config(inputs, as_of=on, lang=lang)
    rules = config.rules()
    result = compute_census(inputs, config, progress)
    memberships = result.register.memberships
    code = resolve_unit(unit, sorted(set(memberships["unit"].astype(str)) | set(config.units)),
                        config)
    cases = result.cases.rows if result.cases is not None else _linked(empty_cases())
    progress("Daftar swab (swab list)")
    swab = swab_list(code, on, days if days is not None else rules.cases.swab_window_days,
                     result.persons, memberships, result.register.persons, cases, config, rules)
    return write_swab(swab, config, rules, out, signed_on=on, serial=serial)


def _linked(cases: pd.DataFrame) -> pd.DataFrame:
    from census.model import CASE_LINK_COLUMNS

    return cases.assign(**{column: pd.Series(dtype=object) for column in CASE_LINK_COLUMNS})


def validate_inputs(
    paths: list[Path], as_of: date | None = None, annotate_dir: Path | None = None,
    lang: str = "id",
) -> ValidationReport:
    """`census validate`: the findings of roster workbooks, of their Kasus / Terpapar sheets and
    of case workbooks (under a `kasus` folder, or named kasus_…); marked-up copies on request."""
    from census.cases import check_cases, read_cases
    from census.rules import default_rules

    day = as_of or date.today()
    rules = default_rules()
    rosters = [path for path in paths if not is_case_workbook(path)]
    report = validate_files(rosters, day, rules=rules, lang=lang)
    case_paths = [path for path in paths if is_case_workbook(path)]
    case_books, unreadable = read_cases(case_paths, _sheet_names(report.books), rules)
    report.failures += [(f.file, UnreadableWorkbook(dict(f.context).get("reason") or f.file))
                        for f in unreadable]
    report.findings = sorted(report.findings + check_cases(case_books, day, rules),
                             key=finding_order)
    report.case_rows = sum(len(book.rows) for book in case_books)
    report.books += [
        RosterBook(book.path, book.unit, [SheetInfo(i.sheet, None, i.header_row, i.columns,
                                                    i.headers, i.rows) for i in book.sheets],
                   empty_roster())
        for book in case_books if book.whole
    ]
    if annotate_dir is not None:
        annotate_books(report.books, report.findings, annotate_dir, lang)
    return report


def _report_workers(people: int) -> int:
    # Starting worker processes costs about a second: worth it only for big censuses.
    return max(1, min(os.cpu_count() or 1, 4)) if people >= 20_000 else 1


def _allocate(plan: Plan, result: CensusResult) -> Allocation:
    from census.allocate import allocate

    register = result.register
    config = result.config
    return allocate(
        plan, result.persons, register.memberships, register.doses, config.as_of, config.rules()
    )


def _run_result(out: Path, written: list[str], result: CensusResult) -> RunResult:
    severities = Counter(str(f.severity) for f in result.findings)
    return RunResult(
        out=out,
        files=written,
        persons=len(result.persons),
        by_status=dict(Counter(result.persons["status"].astype(str)).most_common()),
        errors=severities.get("error", 0),
        warnings=severities.get("warning", 0),
        lang=result.config.lang,
        skipped=result.skipped,
    )


def _concat(tables: list[pd.DataFrame], columns: list[str] | None) -> pd.DataFrame:
    tables = [table for table in tables if len(table)]
    if not tables:
        return pd.DataFrame(columns=columns) if columns else pd.DataFrame()
    return pd.concat(tables, ignore_index=True)


def _locate(findings: list[Finding], books: list[RosterBook]) -> list[Finding]:
    """Give register findings the column letter and header of the field they name."""
    sheets = {(book.file, info.sheet): info for book in books for info in book.sheets}
    located = []
    for finding in findings:
        info = sheets.get((finding.file, finding.sheet or ""))
        if info is not None and finding.column in info.columns:
            finding = dataclasses.replace(
                finding,
                column=info.columns[finding.column],
                header=finding.header or info.headers.get(finding.column),
            )
        located.append(finding)
    return located


def _finding_order(finding: Finding) -> tuple[str, str, int, str, str]:
    column = finding.column or ""
    return (
        finding.file,
        finding.sheet or "",
        finding.row or 0,
        f"{len(column):02d}{column}",
        finding.code,
    )
