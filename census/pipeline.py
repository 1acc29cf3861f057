"""The order of the stages — read → validate → merge → reconcile → status → report — and nothing else."""

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
from census.export import write_findings_json, write_persons_csv
from census.findings import Finding
from census.i18n import N_, Message, translator
from census.model import ROSTER_COLUMNS
from census.output import atomic_folder, replace_folder
from census.progress import Progress, no_progress
from census.read import RosterBook, find_inputs, read_registry, read_workbook
from census.register import Register, build_register
from census.rules import Rules
from census.status.decide import decide_status
from census.validate import ValidationReport, validate_books, validate_files, write_annotated

if TYPE_CHECKING:
    from census.allocate import Allocation, Plan


@dataclass(frozen=True)
class CensusResult:
    """Everything the stages computed for one inputs folder (nothing written yet).

    `rules`: the rule table the run used (the config's, built once), for later steps.
    """

    config: Config
    rules: Rules
    books: list[RosterBook]
    register: Register
    persons: pd.DataFrame
    findings: list[Finding]


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
        """A few lines for the terminal, in the run's language."""
        t = translator(self.lang)
        statuses = ", ".join(
            f"{t.status(status)} {t.number(count)}" for status, count in self.by_status.items()
        )
        return "\n".join([
            t("{people}: {statuses}", statuses=statuses,
              people=t.n("{count} person", "{count} people", self.persons)),
            t("Findings: {errors}, {warnings}",
              errors=t.n("{count} error", "{count} errors", self.errors),
              warnings=t.n("{count} warning", "{count} warnings", self.warnings)),
            t("Outputs: {folder} — {files}", folder=self.out,
              files=t.n("{count} file", "{count} files", len(self.files))),
        ])


def compute_census(inputs: Path, config: Config, progress: Progress = no_progress) -> CensusResult:
    """Read, validate, merge, reconcile and decide the status of everyone under `inputs`.

    Progress lines are in the config's language.
    """
    t = translator(config.lang)
    if not inputs.is_dir():
        raise InputNotFound(N_("Inputs folder not found: {path}"), path=inputs)
    roster_paths, registry_paths = find_inputs(inputs)
    if not roster_paths:
        raise InputNotFound(N_("No roster workbooks in {path}."), path=inputs)
    rules = config.rules()

    progress(t.n("Reading {count} workbook", "Reading {count} workbooks", len(roster_paths)))
    books: list[RosterBook] = []
    unreadable: list[Finding] = []
    for path in roster_paths:
        try:
            books.append(read_workbook(path))
        except CensusError as exc:
            # One unreadable workbook must not stop the department's census: say so and go on.
            unreadable.append(
                catalogue.make("file-unreadable", path.name, reason=Message.copy(exc))
            )
    registry_tables = []
    for path in registry_paths:
        try:
            registry_tables.append(read_registry(path))
        except CensusError as exc:
            unreadable.append(
                catalogue.make("file-unreadable", path.name, reason=Message.copy(exc))
            )

    progress(t("Validating the data"))
    findings = unreadable + validate_books(books, config.as_of, rules)

    register, persons, more = _people(books, registry_tables, config, progress)
    return CensusResult(
        config, rules, books, register, persons, sorted(findings + more, key=_finding_order)
    )


def _people(
    books: list[RosterBook], registry_tables: list[pd.DataFrame], config: Config,
    progress: Progress,
) -> tuple[Register, pd.DataFrame, list[Finding]]:
    """Merge, reconcile and decide each person's status; those stages' findings, located."""
    t = translator(config.lang)
    rules = config.rules()
    progress(t("Merging the rosters and reconciling with health-office records"))
    roster = _concat([book.rows for book in books], list(ROSTER_COLUMNS))
    registry = _concat(registry_tables, None)
    register = build_register(roster, registry, rules)

    progress(t("Deciding each person's status"))
    persons, status_findings = decide_status(register, rules, config.as_of)
    return register, persons, _locate(register.findings + status_findings, books)


def check_files(
    paths: list[Path], config: Config, annotate_dir: Path | None = None
) -> ValidationReport:
    """`census validate`: every finding `census run` reports about these workbooks.

    Each workbook's own checks, then what only the census as a whole finds: the same NIK under
    two names, possible duplicates, claims no dose backs, disagreements with the health-office
    exports in the registry/ folder beside the files. A file that cannot be read is a failure
    (the report's exit code 2), not a stop. With `annotate_dir`, marked-up copies are written.
    """
    report = validate_files(paths, config)
    registry_tables = []
    for path in _registry_beside(paths):
        try:
            registry_tables.append(read_registry(path))
        except CensusError as exc:
            report.failures.append((path.name, Message.copy(exc)))
    _, _, more = _people(report.books, registry_tables, config, no_progress)
    report.findings = sorted(report.findings + more, key=_finding_order)
    if annotate_dir is not None:
        write_annotated(report, annotate_dir, config.lang)
    return report


def _registry_beside(paths: list[Path]) -> list[Path]:
    """The health-office exports under registry/ of the folders holding `paths`."""
    exports: list[Path] = []
    for folder in dict.fromkeys(Path(p).parent for p in paths):
        if folder.is_dir():
            exports += find_inputs(folder)[1]
    return list(dict.fromkeys(exports))


def run_census(
    inputs: Path,
    out: Path,
    as_of: date | None = None,
    lang: str | None = None,
    progress: Progress = no_progress,
    workers: int | None = None,
    config: Config | None = None,
) -> RunResult:
    """The main job: compute the census of `inputs` and write every output into `out` atomically.

    `workers`: processes writing the unit packs; None chooses (one per core, up to four, for a
    census of 20,000 people or more, where the per-cell cost of the workbooks dominates).
    `config`: the configuration when the caller loaded it already (`as_of` and `lang` are then
    ignored); else it is loaded from `inputs` with them.
    """
    from census.allocate import load_plan, write_allocation_report
    from census.report import write_reports

    config = config or load_config(inputs, as_of=as_of, lang=lang)
    t = translator(config.lang)
    plan = load_plan(inputs, config.as_of)  # a bad plan stops the run before anything is written
    result = compute_census(inputs, config, progress)
    with atomic_folder(out) as staging:
        progress(t("Writing the reports"))
        write_persons_csv(result.persons, staging / "persons.csv")
        write_findings_json(result.findings, config.as_of, config.lang, staging / "findings.json")
        write_reports(
            result.persons,
            result.register.memberships,
            result.findings,
            config,
            staging,
            lang=config.lang,
            workers=workers if workers is not None else _report_workers(len(result.persons)),
        )
        if plan is not None:
            progress(t("Allocating Tagana doses"))
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
    config: Config | None = None,
) -> RunResult:
    """`census allocate`: the census, then only the Tagana report, written to `out/tagana/`.

    `config` as for run_census.
    """
    from census.allocate import load_plan, write_allocation_report

    config = config or load_config(inputs, as_of=as_of, lang=lang)
    t = translator(config.lang)
    plan = load_plan(inputs, config.as_of)
    if plan is None:
        raise InputNotFound(
            N_("No allocation plan found: {path}/tagana_plan.toml or tagana_plan.xlsx"),
            path=inputs,
        )
    result = compute_census(inputs, config, progress)
    progress(t("Allocating Tagana doses"))
    allocation = _allocate(plan, result)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".tagana-new-", dir=out) as staging:
        write_allocation_report(allocation, Path(staging), config, lang=config.lang)
        replace_folder(Path(staging) / "tagana", out / "tagana")
    written = sorted(f"tagana/{p.name}" for p in (out / "tagana").iterdir())
    return _run_result(out, written, result)


def _report_workers(people: int) -> int:
    # Starting worker processes costs about a second: worth it only for big censuses.
    return max(1, min(os.cpu_count() or 1, 4)) if people >= 20_000 else 1


def _allocate(plan: Plan, result: CensusResult) -> Allocation:
    from census.allocate import allocate

    register = result.register
    return allocate(
        plan, result.persons, register.memberships, register.doses, result.config.as_of,
        result.rules,
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
