"""The order of the stages — read → validate → merge → reconcile → cases → status → report — and
nothing else."""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from census import findings as catalogue
from census.config import Config, load_config
from census.errors import CensusError, InputNotFound
from census.export import (
    write_doses_csv,
    write_findings_json,
    write_memberships_csv,
    write_persons_csv,
)
from census.findings import Finding
from census.model import ROSTER_COLUMNS
from census.output import atomic_folder, replace_folder
from census.progress import Progress, no_progress
from census.read import (
    RosterBook,
    find_case_inputs,
    find_inputs,
    is_case_workbook,
    read_registry,
    read_workbook,
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
    from census.rounds import Snapshot
    from census.rounds.explain import Explanation


@dataclass(frozen=True)
class CensusResult:
    """Everything the stages computed for one inputs folder (nothing written yet).

    `roster`: every roster row read (ROSTER_COLUMNS; indexed like register.row_person);
    `registry`: every health-office export row (REGISTRY_COLUMNS; like register.registry_match).
    """

    config: Config
    books: list[RosterBook]
    register: Register
    persons: pd.DataFrame
    findings: list[Finding]
    #: The case records tied to units and people (None: the inputs hold no case records).
    cases: CaseTable | None = None
    roster: pd.DataFrame = dataclasses.field(default_factory=pd.DataFrame)
    registry: pd.DataFrame = dataclasses.field(default_factory=pd.DataFrame)


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

    def summary_text(self) -> str:
        """A few lines for the terminal, statuses named in the run's language."""
        from census.report.labels import Labels

        t = Labels(self.lang)
        statuses = ", ".join(f"{t.status(status)} {count}" for status, count in self.by_status.items())
        if self.lang == "en":
            return (
                f"{self.persons} people: {statuses}\n"
                f"Findings: {self.errors} errors, {self.warnings} warnings\n"
                f"Outputs: {self.out} — {len(self.files)} files"
            )
        return (
            f"{self.persons} orang: {statuses}\n"
            f"Temuan: {self.errors} error, {self.warnings} peringatan\n"
            f"Hasil: {self.out} — {len(self.files)} berkas"
        )


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
    for path in roster_paths:
        try:
            books.append(read_workbook(path))
        except CensusError as exc:
            # One unreadable workbook must not stop the department's census: say so and go on.
            unreadable.append(catalogue.make("file-unreadable", path.name, reason=str(exc)))
    registry_tables = []
    for path in registry_paths:
        try:
            registry_tables.append(read_registry(path))
        except CensusError as exc:
            unreadable.append(catalogue.make("file-unreadable", path.name, reason=str(exc)))

    from census.cases import check_cases, link_cases, read_cases, with_units

    case_books, unreadable_cases = read_cases(case_paths, _sheet_names(books), rules)

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
                        cases, roster, registry)


def _sheet_names(books: list[RosterBook]) -> list[tuple[Path, list[str]]]:
    return [(book.path, [info.sheet for info in book.sheets]) for book in books]


def run_census(
    inputs: Path,
    out: Path,
    as_of: date | None = None,
    lang: str | None = None,
    progress: Progress = no_progress,
    workers: int | None = None,
    previous: list[Path] | None = None,
) -> RunResult:
    """The main job: compute the census of `inputs` and write every output into `out` atomically.

    `workers`: processes writing the unit packs; None chooses (one per core, up to four, for a
    census of 20,000 people or more, where the per-cell cost of the workbooks dominates).
    `previous`: output folders of earlier runs (or folders of them): the reports then show the
    change since the latest, and history.json holds every round.
    """
    from census.allocate import load_plan, write_allocation_report
    from census.cases import case_sections, write_case_reports
    from census.report import write_reports
    from census.rounds import follow_rounds, load_rounds, write_history

    config = load_config(inputs, as_of=as_of, lang=lang)
    plan = load_plan(inputs, config.as_of)  # a bad plan stops the run before anything is written
    earlier = load_rounds(previous) if previous else []  # so does a bad previous folder
    result = compute_census(inputs, config, progress)
    rules = config.rules()
    with atomic_folder(out) as staging:
        progress("Menulis laporan (writing reports)")
        doses = _counted(result)
        write_persons_csv(result.persons, staging / "persons.csv")
        write_doses_csv(doses, staging / "doses.csv")
        write_memberships_csv(result.register.memberships, staging / "memberships.csv")
        write_findings_json(result.findings, config.as_of, config.lang, staging / "findings.json")
        found, sections = case_sections(result.cases, config, rules) if result.cases else (None, {})
        rounds = follow_rounds(earlier, _this_round(result, doses, out), config.lang)
        write_history(rounds.history, staging / "history.json")
        write_reports(
            result.persons,
            result.register.memberships,
            result.findings,
            config,
            staging,
            lang=config.lang,
            workers=workers if workers is not None else _report_workers(len(result.persons)),
            case_sections=sections,
            since=rounds.since,
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


def explain_census(
    inputs: Path,
    query: str,
    unit: str | None = None,
    as_of: date | None = None,
    lang: str | None = None,
    progress: Progress = no_progress,
) -> Explanation:
    """`census explain`: the census of `inputs`, then why the person `query` names has their
    status (census.rounds.explain; `unit` narrows a masked NIK or a name)."""
    from census.rounds.explain import explain

    config = load_config(inputs, as_of=as_of, lang=lang)
    result = compute_census(inputs, config, progress)
    return explain(query, result.books, result.roster, result.registry, result.register,
                   result.persons, config.rules(), config.as_of, unit=unit,
                   cases=result.cases.rows if result.cases is not None else None,
                   lang=config.lang)


def run_allocation(
    inputs: Path,
    out: Path,
    as_of: date | None = None,
    lang: str | None = None,
    progress: Progress = no_progress,
) -> RunResult:
    """`census allocate`: the census, then only the Tagana report, written to `out/tagana/`."""
    from census.allocate import load_plan, write_allocation_report

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
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".tagana-new-", dir=out) as staging:
        write_allocation_report(allocation, Path(staging), config, lang=config.lang)
        replace_folder(Path(staging) / "tagana", out / "tagana")
    written = sorted(f"tagana/{p.name}" for p in (out / "tagana").iterdir())
    return _run_result(out, written, result)


def _this_round(result: CensusResult, doses: pd.DataFrame, out: Path) -> Snapshot:
    """The round being written (into `out`), as census.rounds compares rounds."""
    from census.report.summary import summarise
    from census.rounds import Snapshot

    register = result.register.persons
    typed = register["nik"].where(register["nik"].notna(), register["nik_raw"])
    return Snapshot.of_run(
        result.persons, result.register.memberships, doses,
        summarise(result.persons, result.register.memberships, result.config),
        [finding.to_dict(result.config.lang) for finding in result.findings],
        nik_typed=pd.Series(typed.to_numpy(), index=register["person_id"]),
        label=out.resolve().name,
    )


def _counted(result: CensusResult) -> pd.DataFrame:
    """The doses the status counts: none dated after the census date."""
    doses = result.register.doses
    return doses[doses["date"] <= pd.Timestamp(result.config.as_of)]


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
    report.failures += [(f.file, dict(f.context).get("reason", "")) for f in unreadable]
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
