"""The census computed from an inputs folder — read → validate → merge → reconcile → cases →
status — with nothing written (census.pipeline writes it)."""

from __future__ import annotations

import dataclasses
import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pandas as pd

from census import findings as catalogue
from census.config import Config, Limits
from census.errors import CensusError, InputNotFound, NoRoster
from census.findings import Finding
from census.i18n import N_, Lazy, Message, translator
from census.model import ROSTER_COLUMNS
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
from census.register import Register
from census.register.build import ROSTER_COLUMNS_READ, register_of, roster_people, sorted_rows
from census.register.keys import ExportKeys, export_keys
from census.register.merge import nik_keys
from census.rules import Rules
from census.status.decide import decide_status
from census.validate import ValidationReport, validate_books
from census.validate.core import finding_order
from census.validate.files import annotate_books, validate_files
from census.workers import Batch, WorkerPool, map_in_workers

if TYPE_CHECKING:
    from census.cases import CaseBook, CaseTable

_Table = TypeVar("_Table", pd.DataFrame, pd.Series)
_Result = TypeVar("_Result")


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

    def for_writing(self) -> CensusResult:
        """This result without the row-level tables that writing the census's outputs never
        reads (census.pipeline.run_census): the roster and export rows, the books' rows, each
        row's match, and the register's columns other than WRITTEN_REGISTER_COLUMNS. A million
        people's census lets some 500 MiB go before its reports are written."""
        register = _without_rows(self.register)
        register = dataclasses.replace(
            register, persons=register.persons[list(WRITTEN_REGISTER_COLUMNS)]
        )
        books = [dataclasses.replace(book, rows=_none_of(book.rows)) for book in self.books]
        return dataclasses.replace(self, books=books, register=register,
                                   roster=_none_of(self.roster), registry=_none_of(self.registry))


def _without_rows(register: Register) -> Register:
    """`register` without its tables of roster and export rows (who each row is)."""
    return dataclasses.replace(
        register,
        row_person=_none_of(register.row_person),
        row_match=_none_of(register.row_match),
        registry_match=_none_of(register.registry_match),
    )


def _none_of(table: _Table) -> _Table:
    # A copy: an empty slice is a view that would keep the whole table's arrays alive.
    return table.iloc[:0].copy()


#: The register's person columns that the outputs are written from (the round's snapshot:
#: census.pipeline._this_round); CensusResult.for_writing keeps only these.
WRITTEN_REGISTER_COLUMNS = ("person_id", "nik", "nik_raw", "name_key")


def compute_census(
    inputs: Path, config: Config, progress: Progress = no_progress, timings: Timings | None = None,
    workers: int | None = None, pool: WorkerPool | None = None, keep_rows: bool = True,
) -> CensusResult:
    """Read, validate, merge, reconcile and decide the status of everyone under `inputs`.

    Progress lines are in the config's language; `timings` records each stage's time;
    `workers`: processes reading the workbooks (None: chosen by their size); `pool`: the run's
    worker processes, which then read them (else they are started for the reading alone).
    `keep_rows`: False gives the result CensusResult.for_writing() would (what writing the
    outputs needs), and lets the row-level tables go before the status is decided.
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
    with clock.stage("read rosters"):
        books, unreadable, skipped = _read_books(roster_paths, config, workers, pool)
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
    exports = niks = None
    if pool is not None and pool.workers > 1 and registry_paths:
        # A worker reads the exports while this process validates (both need the roster).
        with clock.stage("read exports: sent"):
            # The roster's NIK keys are read once: the export's keys and the register share them.
            niks = roster_niks(roster)
            exports = pool.submit(
                functools.partial(read_exports_keeping, keep=export_keys(roster, niks),
                                  limits=config.limits),
                [registry_paths],
            )
    progress(t("Validating the data"))
    with clock.stage("validate"):
        findings = unreadable + unreadable_cases + validate_books(
            books, config.as_of, rules, roster
        )
    if not keep_rows:
        # Validated: the books' rows and the roster columns the register does not read (raw
        # date texts, NIPs, ...) go; at a million people some 70 MiB less under its peak.
        books = [dataclasses.replace(book, rows=_none_of(book.rows)) for book in books]
        roster = roster[list(ROSTER_COLUMNS_READ)]
    held = _Rows(roster, niks)
    del roster, niks  # held once, in `held`: the register may let them go (keep_rows=False)
    register, cases, registry, more = _merged(
        books, registry_paths, case_books, bool(unreadable_cases), config, progress, clock,
        held, exports, keep_rows,
    )
    roster = held.roster
    if not keep_rows:
        # The status reads none of the row-level tables: at a million people they are some
        # hundreds of MiB that would otherwise stay beside the status's own work.
        del exports
        registry = _none_of(registry)
        register = _without_rows(register)
    persons, located = _decided(register, cases, books, config, progress, clock)
    more += located
    skipped += [(f.file, _reason(f)) for f in more if f.code == "file-unreadable"]
    result = CensusResult(
        config, rules, books, register, persons, sorted(findings + more, key=finding_order), cases,
        skipped, roster, registry,
    )
    return result if keep_rows else result.for_writing()


def _read_books(
    roster_paths: list[Path], config: Config, workers: int | None, pool: WorkerPool | None
) -> tuple[list[RosterBook], list[Finding], list[tuple[str, Lazy]]]:
    """The roster workbooks read (by `pool`, else by processes of their own), the findings of
    those that cannot be read or hold no roster, and each file left out with why."""
    books: list[RosterBook] = []
    unreadable: list[Finding] = []
    skipped: list[tuple[str, Lazy]] = []
    readers = pool.workers if pool is not None else min(
        workers if workers is not None else _read_workers(roster_paths), len(roster_paths)
    )
    # One reader: calamine parses in a thread beside it; several share the cores already.
    read = functools.partial(read_or_why, limits=config.limits, overlap=readers <= 1)
    if pool is not None:
        # The run's workers (their server started with the run) and this process share the
        # reading: it reads from the last workbook on while they start.
        read_books = pool.map(read, roster_paths)
    else:
        read_books = map_in_workers(read, roster_paths, readers, preload=["census.compute"])
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
    # Only `books` is returned: the list of what was read would keep every book's own rows
    # alive beside their one roster (one_roster) for the whole computation (~250 MiB at 1M).
    return books, unreadable, skipped


def read_or_why(path: Path, limits: Limits, overlap: bool = True) -> RosterBook | Message:
    """The workbook at `path`, or why it cannot be read (a Message pickles across processes,
    where a CensusError's words might not). `overlap`: as read_workbook's."""
    try:
        return read_workbook(path, limits, overlap)
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


def roster_niks(roster: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """nik_keys of the roster rows (census.register.merge), indexed like `roster`."""
    return nik_keys(roster["nik"], roster["nik_from_number"])


def read_exports(
    paths: list[Path], roster: pd.DataFrame, limits: Limits | None = None,
    niks: tuple[pd.Series, pd.Series] | None = None,
) -> tuple[list[pd.DataFrame], list[Finding]]:
    """The health-office exports at `paths`, only their rows that can concern the people of
    `roster` (census.register.keys; the strangers are counted, not kept), and a
    file-unreadable finding per export that cannot be read. `niks`: roster_niks(roster)."""
    return read_exports_keeping(paths, export_keys(roster, niks), limits)


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


@dataclass
class _Rows:
    """The roster rows (one_roster) and their NIK keys (roster_niks, None: not made yet), held
    in one place: a run lets them go part-way through the register (compute_census with
    keep_rows=False), which a table passed from call to call would not allow."""

    roster: pd.DataFrame
    niks: tuple[pd.Series, pd.Series] | None = None


def _people(
    books: list[RosterBook], registry_paths: list[Path], case_books: list[CaseBook],
    any_cases: bool, config: Config, progress: Progress,
) -> tuple[Register, pd.DataFrame, list[Finding]]:
    """_merged, then _decided: the register, persons and the findings of both (`census
    validate`)."""
    register, cases, _, found = _merged(books, registry_paths, case_books, any_cases, config,
                                        progress)
    persons, located = _decided(register, cases, books, config, progress)
    return register, persons, found + located


def _merged(
    books: list[RosterBook], registry_paths: list[Path], case_books: list[CaseBook],
    any_cases: bool, config: Config, progress: Progress, clock: Timings | None = None,
    rows: _Rows | None = None,
    exports: Batch[tuple[list[pd.DataFrame], list[Finding]]] | None = None,
    keep_rows: bool = True,
) -> tuple[Register, CaseTable | None, pd.DataFrame, list[Finding]]:
    """Read the exports (the rows of the rosters' people), merge, reconcile and tie the case
    records to people; the register, cases, the export rows kept and the findings of those
    steps (an unreadable export, the case records' own). `rows`: the books' rows in one table
    (one_roster), when the caller has them; `exports`: read_exports_keeping of
    `registry_paths`, sent to a worker. `keep_rows` False: `rows` are emptied once the register
    has sorted them (SortedRows), before the rest of it is built. The register's roster work
    (census.register.build.roster_people) is done before the exports are waited for."""
    from census.cases import check_cases, link_cases, with_units

    t = translator(config.lang)
    clock = clock if clock is not None else Timings()
    rules = config.rules()
    with clock.stage("check cases"):
        case_checks = check_cases(case_books, config.as_of, rules)
    progress(t("Merging the rosters and reconciling with health-office records"))
    if rows is None:
        rows = _Rows(_concat([book.rows for book in books], list(ROSTER_COLUMNS)))
    if exports is None:
        # Read here, after the register's roster work: the rows to keep are chosen now, while
        # the roster is held (keep_rows=False lets it go during that work).
        rows.niks = roster_niks(rows.roster)
        read = functools.partial(read_exports_keeping, registry_paths,
                                 export_keys(rows.roster, rows.niks), config.limits)
    else:
        read = functools.partial(_first_result, exports)
    # All the register learns from the rosters alone comes first: a worker reading the exports
    # meanwhile (`exports`) is waited for only after it (at 100,000 people ~1 s of each).
    with clock.stage("register: rosters"):
        sorted_roster = sorted_rows(rows.roster, rules, rows.niks)
        if not keep_rows:
            rows.roster, rows.niks = _none_of(rows.roster), None
        people = roster_people(sorted_roster, rules)
    with clock.stage("read exports"):
        registry_tables, found = read()
        del read
    with clock.stage("register"):
        registry = _concat(registry_tables, None)
        del registry_tables  # held once: the export's rows are the biggest table here
        register = register_of(people, registry, rules)
    cases = None
    if case_books or any_cases:
        with clock.stage("link cases"):
            cases, case_findings = link_cases(case_books, register, config, rules)
            found += with_units(case_checks, cases) + case_findings
    return register, cases, registry, found


def _first_result(batch: Batch[_Result]) -> _Result:
    """The result of a batch of one item, once it is there."""
    return batch.results()[0]


def _decided(
    register: Register, cases: CaseTable | None, books: list[RosterBook], config: Config,
    progress: Progress, clock: Timings | None = None,
) -> tuple[pd.DataFrame, list[Finding]]:
    """Each person's status (census.status), and the register's and status's findings located
    on their cells."""
    t = translator(config.lang)
    clock = clock if clock is not None else Timings()
    progress(t("Deciding each person's status"))
    with clock.stage("status"):
        persons, status_findings = decide_status(
            register, config.rules(), config.as_of, cases.rows if cases is not None else None,
            config.lang
        )
        located = _locate(register.findings + status_findings, books)
    return persons, located


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


#: Roster workbooks of at least this many bytes in all are read by worker processes.
READ_IN_WORKERS_FROM = 16_000_000


def _read_workers(paths: list[Path]) -> int:
    # Two processes read a big census's workbooks sooner (1M people: 24 → 18 s); below some
    # 16 MB of workbooks (about 250,000 people) starting them costs as much as they save.
    size = sum(path.stat().st_size for path in paths)
    return max(1, min(os.cpu_count() or 1, 4)) if size >= READ_IN_WORKERS_FROM else 1


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
