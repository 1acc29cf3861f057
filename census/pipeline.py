"""The order of the stages — read → validate → merge → reconcile → cases → status → report — and
nothing else."""

from __future__ import annotations

import dataclasses
import functools
import os
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from census import findings as catalogue
from census.config import Config, Limits, load_config
from census.errors import CensusError, InputNotFound, NoRoster
from census.export import (
    write_doses_csv,
    write_findings_json,
    write_memberships_csv,
    write_persons_csv,
)
from census.findings import Finding
from census.i18n import N_, Lazy, Message, translator
from census.model import ROSTER_COLUMNS
from census.output import atomic_folder, prepare_output
from census.progress import Progress, Timings, no_progress
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
from census.register.keys import ExportKeys, export_keys
from census.rules import Rules
from census.status.decide import decide_status
from census.validate import ValidationReport, validate_books
from census.validate.core import finding_order
from census.validate.files import annotate_books, validate_files
from census.workers import Batch, WorkerPool, map_in_workers

if TYPE_CHECKING:
    from census.allocate import Allocation, Plan
    from census.cases import CaseBook, CaseTable
    from census.report.summary import Summary
    from census.rounds import Snapshot
    from census.rounds.explain import Explanation


@dataclass(frozen=True)
class CensusResult:
    """Everything the stages computed for one inputs folder (nothing written yet).

    `rules`: the rule table the run used (the config's, built once), for later steps.
    `skipped`: each input file left out, with why (unreadable, over a limit, no roster in it).
    `roster`: every roster row read (ROSTER_COLUMNS; indexed like register.row_person);
    `registry`: every health-office export row (REGISTRY_COLUMNS; like register.registry_match).
    """

    config: Config
    rules: Rules
    books: list[RosterBook]
    register: Register
    persons: pd.DataFrame
    findings: list[Finding]
    #: The case records tied to units and people (None: the inputs hold no case records).
    cases: CaseTable | None = None
    skipped: list[tuple[str, Lazy]] = dataclasses.field(default_factory=list)
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
    skipped: list[tuple[str, Lazy]] = dataclasses.field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0: written; 1: written, but an input file was skipped (README, exit codes)."""
        return 1 if self.skipped else 0

    def skipped_lines(self) -> list[str]:
        """Why each skipped input file was left out, in the run's language (each names it)."""
        t = translator(self.lang)
        return [t(why) for _, why in self.skipped]

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
            *([t("Files not read ({count}):", count=len(self.skipped))] if self.skipped else []),
            *(f"  {line}" for line in self.skipped_lines()),
        ])


def compute_census(
    inputs: Path, config: Config, progress: Progress = no_progress, timings: Timings | None = None,
    workers: int | None = None, pool: WorkerPool | None = None,
) -> CensusResult:
    """Read, validate, merge, reconcile and decide the status of everyone under `inputs`.

    Progress lines are in the config's language; `timings` records each stage's time;
    `workers`: processes reading the workbooks (None: chosen by their size); `pool`: the run's
    worker processes, which then read them (else they are started for the reading alone).
    """
    t = translator(config.lang)
    clock = timings if timings is not None else Timings()
    if not inputs.is_dir():
        raise InputNotFound(N_("Inputs folder not found: {path}"), path=inputs)
    roster_paths, registry_paths = find_inputs(inputs)
    case_paths = find_case_inputs(inputs)
    if not roster_paths:
        raise InputNotFound(N_("No roster workbooks in {path}."), path=inputs)
    rules = config.rules()

    progress(t.n("Reading {count} workbook", "Reading {count} workbooks", len(roster_paths)))
    books: list[RosterBook] = []
    unreadable: list[Finding] = []
    skipped: list[tuple[str, Lazy]] = []
    with clock.stage("read rosters"):
        read = functools.partial(read_or_why, limits=config.limits)
        if pool is not None:
            # The run's workers (their server started with the run) and this process share the
            # reading: it reads from the last workbook on while they start.
            read_books = pool.map(read, roster_paths)
        else:
            readers = workers if workers is not None else _read_workers(roster_paths)
            read_books = map_in_workers(read, roster_paths, readers, preload=["census.pipeline"])
        for path, book in zip(roster_paths, read_books, strict=True):
            if isinstance(book, Message):
                # One unreadable workbook must not stop the department's census: say so, go on.
                unreadable.append(catalogue.make("file-unreadable", path.name, reason=book))
                skipped.append((path.name, book))
                continue
            books.append(book)  # its sheets' findings count even when it holds no roster
            if not book.has_roster:
                unreadable.append(catalogue.make("roster-not-found", book.file, unit=book.unit,
                                                 sheets=sheets_looked_at(book)))
                skipped.append((book.file, no_roster(book)))
    if not any(book.has_roster for book in books):
        error = NoRoster(N_("No roster found in any file of {path}: nothing was written"),
                         path=inputs)
        error.skipped = skipped  # named by whoever prints the error
        raise error
    with clock.stage("read cases"):
        from census.cases import read_cases

        case_books, unreadable_cases = read_cases(case_paths, _sheet_names(books), rules)
    skipped += [(f.file, _reason(f)) for f in unreadable_cases]

    with clock.stage("one roster"):
        roster, books = one_roster(books)
    exports = None
    if pool is not None and pool.workers > 1 and registry_paths:
        # A worker reads the exports while this process validates (both need the roster).
        with clock.stage("read exports: sent"):
            exports = pool.submit(
                functools.partial(read_exports_keeping, keep=export_keys(roster),
                                  limits=config.limits),
                [registry_paths],
            )
    progress(t("Validating the data"))
    with clock.stage("validate"):
        findings = unreadable + unreadable_cases + validate_books(
            books, config.as_of, rules, roster
        )
    register, persons, cases, registry, more = _people(
        books, registry_paths, case_books, bool(unreadable_cases), config, progress, clock,
        roster, exports,
    )
    skipped += [(f.file, _reason(f)) for f in more if f.code == "file-unreadable"]
    return CensusResult(
        config, rules, books, register, persons, sorted(findings + more, key=finding_order), cases,
        skipped, roster, registry,
    )


def read_or_why(path: Path, limits: Limits) -> RosterBook | Message:
    """The workbook at `path`, or why it cannot be read (a Message pickles across processes,
    where a CensusError's words might not)."""
    try:
        return read_workbook(path, limits)
    except CensusError as exc:
        return Message.copy(exc)


def one_roster(books: list[RosterBook]) -> tuple[pd.DataFrame, list[RosterBook]]:
    """The roster rows of every book in one table, and the books with their rows as slices of
    it (views, not copies): the roster is held once, however many stages look at it."""
    roster = _concat([book.rows for book in books], list(ROSTER_COLUMNS))
    sliced, start = [], 0
    for book in books:
        end = start + len(book.rows)
        sliced.append(dataclasses.replace(book, rows=roster.iloc[start:end]))
        start = end
    return roster, sliced


def read_exports(
    paths: list[Path], roster: pd.DataFrame, limits: Limits | None = None
) -> tuple[list[pd.DataFrame], list[Finding]]:
    """The health-office exports at `paths`, only their rows that can concern the people of
    `roster` (census.register.keys; the strangers are counted, not kept), and a
    file-unreadable finding per export that cannot be read."""
    return read_exports_keeping(paths, export_keys(roster), limits)


def read_exports_keeping(
    paths: list[Path], keep: ExportKeys, limits: Limits | None = None
) -> tuple[list[pd.DataFrame], list[Finding]]:
    """read_exports, the rows to keep given by their keys (census.register.keys.export_keys):
    what a worker process is sent instead of the whole roster."""
    tables: list[pd.DataFrame] = []
    unreadable: list[Finding] = []
    for path in paths:
        try:
            tables.append(read_registry(path, limits, keep))
        except CensusError as exc:
            unreadable.append(
                catalogue.make("file-unreadable", path.name, reason=Message.copy(exc))
            )
    return tables, unreadable


def _people(
    books: list[RosterBook], registry_paths: list[Path], case_books: list[CaseBook],
    any_cases: bool, config: Config, progress: Progress, clock: Timings | None = None,
    roster: pd.DataFrame | None = None,
    exports: Batch[tuple[list[pd.DataFrame], list[Finding]]] | None = None,
) -> tuple[Register, pd.DataFrame, CaseTable | None, pd.DataFrame, list[Finding]]:
    """Read the exports (the rows of the rosters' people), merge, reconcile, tie the case
    records to people and decide each person's status; the register, persons, cases, the export
    rows kept and the findings of those steps (an unreadable export, the case records' own),
    located on their cells. `roster`: the books' rows in one table (one_roster), when the
    caller has it; `exports`: read_exports_keeping of `registry_paths`, sent to a worker."""
    from census.cases import check_cases, link_cases, with_units

    t = translator(config.lang)
    clock = clock if clock is not None else Timings()
    rules = config.rules()
    with clock.stage("check cases"):
        case_checks = check_cases(case_books, config.as_of, rules)
    progress(t("Merging the rosters and reconciling with health-office records"))
    if roster is None:
        roster = _concat([book.rows for book in books], list(ROSTER_COLUMNS))
    with clock.stage("read exports"):
        registry_tables, found = (
            exports.results()[0] if exports is not None
            else read_exports(registry_paths, roster, config.limits)
        )
    with clock.stage("register"):
        registry = _concat(registry_tables, None)
        register = build_register(roster, registry, rules)
    cases = None
    if case_books or any_cases:
        with clock.stage("link cases"):
            cases, case_findings = link_cases(case_books, register, config, rules)
            found += with_units(case_checks, cases) + case_findings

    progress(t("Deciding each person's status"))
    with clock.stage("status"):
        persons, status_findings = decide_status(
            register, rules, config.as_of, cases.rows if cases is not None else None,
            config.lang
        )
        located = _locate(register.findings + status_findings, books)
    return register, persons, cases, registry, found + located


def _sheet_names(books: list[RosterBook]) -> list[tuple[Path, list[str]]]:
    return [(book.path, [info.sheet for info in book.sheets]) for book in books]


def check_files(
    paths: list[Path], config: Config, annotate_dir: Path | None = None
) -> ValidationReport:
    """`census validate`: every finding `census run` reports about these workbooks.

    Each workbook's own checks (roster sheets, Kasus / Terpapar sheets, case workbooks under a
    `kasus` folder or named kasus_…), then — when rosters are given — what only the census as a
    whole finds: the same NIK under two names, possible duplicates, claims no dose backs,
    disagreements with the health-office exports in the registry/ folder beside the files,
    cases nobody's roster holds. A file that cannot be read is a failure (the report's exit
    code 2), not a stop. With `annotate_dir`, marked-up copies are written.
    """
    from census.cases import read_cases

    rules = config.rules()
    report = validate_files([path for path in paths if not is_case_workbook(path)], config)
    case_paths = [path for path in paths if is_case_workbook(path)]
    case_books, unreadable = read_cases(case_paths, _sheet_names(report.books), rules)
    report.failures += [(f.file, _reason(f)) for f in unreadable]
    if report.books:
        *_, more = _people(report.books, _registry_beside(paths), case_books, bool(unreadable),
                           config, no_progress)
        report.failures += [(f.file, _reason(f)) for f in more if f.code == "file-unreadable"]
        more = [f for f in more if f.code != "file-unreadable"]
    else:
        # Case records alone: whose they are needs the rosters, so only their own checks.
        from census.cases import check_cases

        more = check_cases(case_books, config.as_of, rules)
        _, failed = read_exports(_registry_beside(paths), empty_roster())
        report.failures += [(f.file, _reason(f)) for f in failed]
    report.findings = sorted(report.findings + more, key=finding_order)
    report.case_rows = sum(len(book.rows) for book in case_books)
    report.books += [
        RosterBook(book.path, book.unit, [SheetInfo(i.sheet, None, i.header_row, i.columns,
                                                    i.headers, i.rows) for i in book.sheets],
                   empty_roster())
        for book in case_books if book.whole
    ]
    if annotate_dir is not None:
        annotate_books(report.books, report.findings, annotate_dir, config.lang)
    return report


def _reason(finding: Finding) -> Message:
    """Why a file could not be read, from its file-unreadable finding."""
    reason = dict(finding.context).get("reason", "")
    return reason if isinstance(reason, Message) else Message(str(reason))


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
    previous: list[Path] | None = None,
    timings: Timings | None = None,
    pdf: bool | None = None,
    persons_xlsx: bool | None = None,
) -> RunResult:
    """The main job: compute the census of `inputs` and write every output into `out` atomically.

    `timings`: records the time of each stage (`census run --timings`).

    `workers`: processes of the run's pool (census.workers.WorkerPool: started first, ended
    with the run, also a failed one; 1: no process at all). They read the workbooks (with this
    process) and the exports, and write the unit packs while this process writes the CSVs,
    findings.json, history.json and the summary. None chooses: one per core, up to four, for
    roster workbooks of POOL_FROM bytes or more, or a census of 20,000 people or more, where
    the per-cell cost of the unit packs' workbooks dominates; the PDFs have their own workers
    from two units on (they cost more than the rest).
    `config`: the configuration when the caller loaded it already (`as_of` and `lang` are then
    ignored); else it is loaded from `inputs` with them. `pdf`: print every human report to
    PDF too; None: only for a census of fewer than PDF_UP_TO people (see README: PDF costs).
    `previous`: output folders of earlier runs (or folders of them): the reports then show the
    change since the latest, and history.json holds every round. `persons_xlsx`: write
    persons.xlsx; None: only for a census of at most PERSONS_XLSX_UP_TO people (persons.csv
    is always written).
    """
    from census.allocate import load_plan, write_allocation_report
    from census.cases import case_sections, write_case_reports
    from census.report import write_reports
    from census.report.pdf import print_run, printed_pages
    from census.report.summary import summarise
    from census.rounds import follow_rounds, load_rounds, write_history

    # The worker processes start first: their server imports its modules while this one works.
    with ExitStack() as stack:
        pool = stack.enter_context(
            WorkerPool(workers if workers is not None else _pool_workers(inputs), RUN_PRELOAD)
        )
        prepare_output(out)  # an output folder that cannot be written stops the run early
        config = config or load_config(inputs, as_of=as_of, lang=lang)
        t = translator(config.lang)
        clock = timings if timings is not None else Timings()
        plan = load_plan(inputs, config.as_of)  # a bad plan stops the run before any writing
        with clock.stage("rounds: earlier rounds read"):
            earlier = load_rounds(previous) if previous else []  # so does a bad previous folder
        result = compute_census(inputs, config, progress, clock, workers, pool)
        rules = result.rules
        pdf = len(result.persons) <= PDF_UP_TO if pdf is None else pdf
        if persons_xlsx is None:
            persons_xlsx = len(result.persons) <= PERSONS_XLSX_UP_TO
        if pool.workers == 1 and workers is None and _report_workers(len(result.persons)) > 1:
            # More people than the workbooks' size told: the unit packs' workers start now.
            pool = stack.enter_context(
                WorkerPool(_report_workers(len(result.persons)), RUN_PRELOAD)
            )
        with atomic_folder(out) as staging:
            progress(t("Writing the reports"))
            doses = _counted(result)
            with clock.stage("case sections"):
                found, sections = (
                    case_sections(result.cases, config, rules) if result.cases else (None, {})
                )
            with clock.stage("summary"):
                summary = summarise(result.persons, result.register.memberships, config,
                                    result.findings)
            # The unit packs need the change since the previous round: the rounds first, then
            # the packs go to the workers while this process writes the rest.
            with clock.stage("rounds: this round"):
                this_round = _this_round(result, doses, out, summary)
            with clock.stage("rounds: history, diff"):
                rounds = follow_rounds(earlier, this_round, config.lang)

            def write_the_rest() -> None:
                with clock.stage("persons.csv"):
                    write_persons_csv(result.persons, staging / "persons.csv")
                with clock.stage("doses.csv"):
                    write_doses_csv(doses, staging / "doses.csv")
                with clock.stage("memberships.csv"):
                    write_memberships_csv(result.register.memberships,
                                          staging / "memberships.csv")
                with clock.stage("findings.json"):
                    write_findings_json(
                        result.findings, config.as_of, config.lang, staging / "findings.json"
                    )
                with clock.stage("history.json"):
                    write_history(rounds.history, staging / "history.json")
                if result.cases is not None and found is not None:
                    progress(t("Writing the COVID-19 exposure register"))
                    with clock.stage("exposure register"):
                        write_case_reports(result.cases, found, config, rules, staging)
                if plan is not None:
                    progress(t("Allocating Tagana doses"))
                    with clock.stage("tagana allocation"):
                        allocation = _allocate(plan, result)
                        write_allocation_report(allocation, staging, config, lang=config.lang)

            write_reports(
                result.persons,
                result.register.memberships,
                result.findings,
                config,
                staging,
                lang=config.lang,
                pool=pool,
                summary=summary,
                meanwhile=write_the_rest,
                case_sections=sections,
                since=rounds.since,
                timings=clock,
                for_print=pdf,
                persons_xlsx=staging / "persons.xlsx" if persons_xlsx else None,
            )
            pool.close()  # the PDFs' workers preload other modules
            if pdf:
                count = len(printed_pages(staging))
                progress(t.n("Printing {count} PDF", "Printing {count} PDFs", count))
                with clock.stage("pdf"):
                    print_run(staging, workers if workers is not None else _pdf_workers())
            written = sorted(
                str(p.relative_to(staging)) for p in staging.rglob("*") if p.is_file()
            )
    return _run_result(out, written, result)


def explain_census(
    inputs: Path,
    query: str,
    unit: str | None = None,
    as_of: date | None = None,
    lang: str | None = None,
    progress: Progress = no_progress,
    config: Config | None = None,
) -> Explanation:
    """`census explain`: the census of `inputs`, then why the person `query` names has their
    status (census.rounds.explain; `unit` narrows a masked NIK or a name). `config`: as for
    run_census."""
    from census.rounds.explain import explain

    config = config or load_config(inputs, as_of=as_of, lang=lang)
    result = compute_census(inputs, config, progress)
    return explain(query, result.books, result.roster, result.registry, result.register,
                   result.persons, result.rules, config.as_of, unit=unit,
                   cases=result.cases.rows if result.cases is not None else None,
                   lang=config.lang)


def run_allocation(
    inputs: Path,
    out: Path,
    as_of: date | None = None,
    lang: str | None = None,
    progress: Progress = no_progress,
    config: Config | None = None,
    pdf: bool | None = None,
) -> RunResult:
    """`census allocate`: the census, then only the Tagana report, written to `out/tagana/`.

    `config` as for run_census; `pdf`: allocation.pdf too (None: as run_census decides).
    """
    from census.allocate import load_plan, write_allocation_report
    from census.report.pdf import print_pdfs

    prepare_output(out)
    config = config or load_config(inputs, as_of=as_of, lang=lang)
    t = translator(config.lang)
    plan = load_plan(inputs, config.as_of)
    if plan is None:
        raise InputNotFound(
            N_("No allocation plan found: {path}/tagana_plan.toml or tagana_plan.xlsx"),
            path=inputs,
        )
    result = compute_census(inputs, config, progress)
    pdf = len(result.persons) <= PDF_UP_TO if pdf is None else pdf
    progress(t("Allocating Tagana doses"))
    allocation = _allocate(plan, result)
    with atomic_folder(out, scope="tagana") as staging:
        written_here = write_allocation_report(allocation, staging, config, lang=config.lang)
        if pdf:
            print_pdfs([p for p in written_here if p.suffix == ".html"])
        written = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
    return _run_result(out, written, result)


def _this_round(
    result: CensusResult, doses: pd.DataFrame, out: Path, summary: Summary | None = None
) -> Snapshot:
    """The round being written (into `out`), as census.rounds compares rounds; `summary`: its
    summary when the caller has it (census.report.summary.summarise)."""
    from census.report.summary import summarise
    from census.rounds import Snapshot

    if summary is None:
        summary = summarise(result.persons, result.register.memberships, result.config,
                            result.findings)

    register = result.register.persons
    typed = register["nik"].where(register["nik"].notna(), register["nik_raw"])
    return Snapshot.of_run(
        result.persons, result.register.memberships, doses,
        summary,
        [finding.to_dict(result.config.lang) for finding in result.findings],
        nik_typed=pd.Series(typed.to_numpy(), index=register["person_id"]),
        label=out.resolve().name,
        name_keys=pd.Series(register["name_key"].to_numpy(), index=register["person_id"]),
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
    config: Config | None = None,
) -> list[Path]:
    """`census swab`: the census of `inputs` on the day of a case `on` (vaccination status and
    isolation as of that day), then the swab list of `unit` — its copy and the health office's
    letter — written into `out`. `days`: the window before `on` (default: the rule table's).
    `config`: as for run_census (its as_of must be `on`)."""
    from census.cases import empty_cases, resolve_unit, swab_list, write_swab

    config = config or load_config(inputs, as_of=on, lang=lang)
    rules = config.rules()
    result = compute_census(inputs, config, progress)
    memberships = result.register.memberships
    code = resolve_unit(unit, sorted(set(memberships["unit"].astype(str)) | set(config.units)),
                        config)
    cases = result.cases.rows if result.cases is not None else _linked(empty_cases())
    t = translator(config.lang)
    progress(t("Writing the swab list"))
    swab = swab_list(code, on, days if days is not None else rules.cases.swab_window_days,
                     result.persons, memberships, result.register.persons, cases, config, rules)
    return write_swab(swab, config, rules, out, signed_on=on, serial=serial)


def _linked(cases: pd.DataFrame) -> pd.DataFrame:
    from census.model import CASE_LINK_COLUMNS

    return cases.assign(**{column: pd.Series(dtype=object) for column in CASE_LINK_COLUMNS})


#: A census of at most this many people gets its PDFs unless told otherwise (`--no-pdf`); a
#: bigger one only with `--pdf` (its unit packs run to hundreds of pages: see README).
PDF_UP_TO = 10_000
#: A census of at most this many people gets persons.xlsx unless told otherwise: xlsxwriter
#: costs some 13 µs a cell, so 100,000 people's sheet (1.9 million cells) takes 20 s of CPU —
#: more than the rest of the census (README, Benchmarks) — and a million people's would fill
#: Excel almost to its last row; above this, persons.csv is the list (`--persons-xlsx` writes
#: the sheet). At 20,000 people it takes about 4 s, in a worker beside the unit packs.
PERSONS_XLSX_UP_TO = 20_000
#: Roster workbooks of at least this many bytes in all are read by worker processes.
READ_IN_WORKERS_FROM = 16_000_000
#: Roster workbooks of at least this many bytes in all (some 20,000 people) get worker
#: processes for the whole run (when not told how many).
POOL_FROM = 1_300_000
#: What the run's worker processes import once, before they are forked: the readers and the
#: report writers.
RUN_PRELOAD = ["census.pipeline", "census.report.write"]


def _report_workers(people: int) -> int:
    # Starting worker processes costs about a second: worth it only for big censuses.
    return max(1, min(os.cpu_count() or 1, 4)) if people >= 20_000 else 1


def _pool_workers(inputs: Path) -> int:
    # Starting worker processes costs about a second of CPU, beside this process's work (the
    # server imports while this process reads): worth it from some 20,000 people on, when the
    # unit packs' workbooks cost seconds (_report_workers). The workbooks' size tells early.
    if not inputs.is_dir():
        return 1  # compute_census says why
    size = sum(path.stat().st_size for path in find_inputs(inputs)[0])
    return max(1, min(os.cpu_count() or 1, 4)) if size >= POOL_FROM else 1


def _read_workers(paths: list[Path]) -> int:
    # Two processes read a big census's workbooks sooner (1M people: 24 → 18 s); below some
    # 16 MB of workbooks (about 250,000 people) starting them costs as much as they save.
    size = sum(path.stat().st_size for path in paths)
    return max(1, min(os.cpu_count() or 1, 4)) if size >= READ_IN_WORKERS_FROM else 1


def _pdf_workers() -> int:
    # A PDF costs seconds of layout: one process per core from the second document on.
    return max(1, min(os.cpu_count() or 1, 4))


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
