"""The order of the stages — the census computed (census.compute), then written: files, rounds,
reports — and nothing else."""

from __future__ import annotations

import dataclasses
import os
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from census.i18n import N_, Lazy, translator
from census.layout import PLAN_FILES
from census.output import atomic_folder, prepare_output
from census.progress import Progress, Timings, no_progress
from census.workers import WorkerPool

if TYPE_CHECKING:
    import pandas as pd

    from census.allocate import Allocation, Plan
    from census.compute import CensusResult
    from census.config import Config
    from census.report.summary import Summary
    from census.rounds import Snapshot
    from census.rounds.explain import Explanation
    from census.rounds.sections import RunRounds

# Nothing here imports pandas when this module is imported: `census run` starts its worker
# pool (start_pool) first, so the pool's server imports pandas and the stages while this
# process does too (about a second each); the stages are imported where they are used.


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
    pool: WorkerPool | None = None,
) -> RunResult:
    """The main job: compute the census of `inputs` and write every output into `out` atomically.

    `timings`: records the time of each stage (`census run --timings`).

    `workers`: processes of the run's pool (census.workers.WorkerPool: started first, ended
    with the run, also a failed one; 1: no process at all). `pool`: that pool when the caller
    started it already (start_pool, before importing anything heavy); it is closed here. They read the workbooks (with this
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
    # The worker processes start first: their server imports its modules while this one works.
    with ExitStack() as stack:
        pool = stack.enter_context(pool if pool is not None else start_pool(inputs, workers))
        clock = timings if timings is not None else Timings()
        with clock.stage("set-up: imports, configuration, plan"):
            from census.cases import case_sections, write_case_reports
            from census.compute import compute_census
            from census.config import load_config
            from census.export import join_parts, table_parts, write_findings_json, write_part
            from census.report import write_reports
            from census.report.pdf import print_run, printed_pages
            from census.report.summary import summarise
            from census.rounds import follow_rounds, load_rounds, write_history

            prepare_output(out)  # an output folder that cannot be written stops the run early
            config = config or load_config(inputs, as_of=as_of, lang=lang)
            t = translator(config.lang)
            plan = _plan(inputs, config.as_of)  # a bad plan stops the run before any writing
        with clock.stage("rounds: earlier rounds read"):
            earlier = load_rounds(previous) if previous else []  # so does a bad previous folder
        result = compute_census(inputs, config, progress, clock, workers, pool, keep_rows=False)
        rules = result.rules
        pdf = len(result.persons) <= PDF_UP_TO if pdf is None else pdf
        if persons_xlsx is None:
            persons_xlsx = len(result.persons) <= PERSONS_XLSX_UP_TO
        packers = _report_workers(len(result.persons))
        if pool.workers == 1 and workers is None and packers > 1:
            # More people than the workbooks' size told: the unit packs' workers start now.
            pool = stack.enter_context(WorkerPool(packers, RUN_PRELOAD))
        with atomic_folder(out) as staging, ExitStack() as tables_stack:
            progress(t("Writing the reports"))
            doses = _counted(result)
            # The CSV files go to the workers first: they write them while this process makes
            # the summary and the unit tables (no worker: they are written here, when asked).
            with clock.stage("csv files: sent"):
                parts = table_parts(staging, result.persons, doses, result.register.memberships)
                tables = pool.submit(write_part, parts)
            tables_stack.callback(tables.cancel)  # none writes on into a removed folder
            with clock.stage("case sections"):
                found, sections = (
                    case_sections(result.cases, config, rules) if result.cases else (None, {})
                )
            with clock.stage("summary"):
                summary = summarise(result.persons, result.register.memberships, config,
                                    result.findings, result.register.keys)

            def follow() -> RunRounds:
                with clock.stage("rounds: this round"):
                    this_round = _this_round(result, doses, out, summary)
                with clock.stage("rounds: history, diff"):
                    return follow_rounds(earlier, this_round, config.lang)

            # The unit packs need the change since the previous round: with earlier rounds,
            # they are followed first; without, the packs go to the workers at once and this
            # round's history is made meanwhile. Then this process writes the rest.
            rounds = follow() if earlier else None

            def write_the_rest() -> None:
                followed = rounds or follow()
                with clock.stage("findings.json"):
                    write_findings_json(
                        result.findings, config.as_of, config.lang, staging / "findings.json"
                    )
                with clock.stage("history.json"):
                    write_history(followed.history, staging / "history.json")
                if result.cases is not None and found is not None:
                    progress(t("Writing the COVID-19 exposure register"))
                    with clock.stage("exposure register"):
                        write_case_reports(result.cases, found, config, rules, staging)
                if plan is not None:
                    from census.allocate import write_allocation_report

                    progress(t("Allocating Tagana doses"))
                    with clock.stage("tagana allocation"):
                        allocation = _allocate(plan, result)
                        write_allocation_report(allocation, staging, config, lang=config.lang)
                with clock.stage("csv files (waited for, joined)"):
                    took = tables.results()
                    join_parts(parts)
                for name in dict.fromkeys(name for name, _, _ in took):
                    clock.add("  " + name, sum(w for n, w, _ in took if n == name),
                              sum(c for n, _, c in took if n == name))

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
                since=rounds.since if rounds is not None else None,
                timings=clock,
                for_print=pdf,
                persons_xlsx=staging / "persons.xlsx" if persons_xlsx else None,
                keys=result.register.keys,
            )
            with clock.stage("worker pool closed"):
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
    from census.compute import compute_census
    from census.config import load_config
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
    from census.compute import compute_census
    from census.config import load_config
    from census.errors import InputNotFound
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
    import pandas as pd

    from census.report.summary import summarise
    from census.rounds import Snapshot

    if summary is None:
        summary = summarise(result.persons, result.register.memberships, result.config,
                            result.findings, result.register.keys)

    register = result.register.persons
    typed = register["nik"].where(register["nik"].notna(), register["nik_raw"])
    ids = pd.Index(register["person_id"])  # one index: the round aligns it with its ids once
    return Snapshot.of_run(
        result.persons, result.register.memberships, doses,
        summary,
        [finding.to_dict(result.config.lang) for finding in result.findings],
        nik_typed=pd.Series(typed.to_numpy(), index=ids),
        label=out.resolve().name,
        name_keys=pd.Series(register["name_key"].to_numpy(), index=ids),
    )


def _counted(result: CensusResult) -> pd.DataFrame:
    """The doses the status counts: none dated after the census date."""
    import pandas as pd

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
    from census.compute import compute_census
    from census.config import load_config

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
    import pandas as pd

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
#: Roster workbooks of at least this many bytes in all (some 20,000 people) get worker
#: processes for the whole run (when not told how many).
POOL_FROM = 1_300_000
#: What the run's worker processes import once, before they are forked: the readers (with the
#: census), the CSV writers and the report writers.
RUN_PRELOAD = ["census.compute", "census.export", "census.report.write"]


def _report_workers(people: int) -> int:
    # Starting worker processes costs about a second: worth it only for big censuses.
    return max(1, min(os.cpu_count() or 1, 4)) if people >= 20_000 else 1


def start_pool(inputs: Path, workers: int | None = None) -> WorkerPool:
    """The worker pool of a run of `inputs` (`workers` processes; None: as run_census
    chooses), started at once: its server imports its modules (RUN_PRELOAD) meanwhile. Call
    it before importing pandas or the stages, so the two imports overlap."""
    return WorkerPool(workers if workers is not None else _pool_workers(inputs), RUN_PRELOAD)


def _pool_workers(inputs: Path) -> int:
    # Starting worker processes costs about a second of CPU, beside this process's work (the
    # server imports while this process reads): worth it from some 20,000 people on, when the
    # unit packs' workbooks cost seconds (_report_workers). The workbooks' size tells early.
    if not inputs.is_dir():
        return 1  # compute_census says why
    return max(1, min(os.cpu_count() or 1, 4)) if _roster_bytes(inputs) >= POOL_FROM else 1


def _roster_bytes(inputs: Path) -> int:
    """The size of the roster files under `inputs`, by the rules of census.read.find_inputs
    (census.layout: importing census.read would import pandas, which start_pool overlaps)."""
    from census.layout import input_files

    return sum(path.stat().st_size for path, kind in input_files(inputs) if kind == "roster")


def _plan(inputs: Path, as_of: date) -> Plan | None:
    """The inputs' allocation plan (census.allocate.load_plan), None when there is none: its
    files are looked for (census.layout.PLAN_FILES) before importing census.allocate, which a
    run without a plan does not need (a tenth of a second of imports)."""
    if not any((inputs / name).is_file() for name in PLAN_FILES):
        return None
    from census.allocate import load_plan

    return load_plan(inputs, as_of)


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
