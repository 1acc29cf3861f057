"""Write every report of a census: summary.json/.xlsx/.html and units/<UNIT>.xlsx/.html."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from census.config import Config
from census.findings import Finding
from census.i18n import Translator, translator
from census.progress import Timings
from census.report.context import Section
from census.report.cover import cover_letter
from census.report.excel_persons import write_persons_xlsx
from census.report.excel_summary import write_summary_xlsx
from census.report.excel_unit import write_unit_xlsx
from census.report.html import render_summary, render_unit
from census.report.pages import paged, signature, summary_page, unit_page
from census.report.pdf import PRINT_FOLDER
from census.report.since import SinceReport, UnitSince
from census.report.summary import Summary, UnitSummary, summarise
from census.report.tables import UnitTables, quality_rows, unit_tables
from census.workers import Batch, WorkerPool

if TYPE_CHECKING:  # the register's modules are not loaded for this
    from census.register.build import TableKeys


def write_reports(
    persons: pd.DataFrame,
    memberships: pd.DataFrame,
    findings: list[Finding],
    config: Config,
    out_dir: Path,
    lang: str = "id",
    *,
    workers: int = 1,
    pool: WorkerPool | None = None,
    summary: Summary | None = None,
    meanwhile: Callable[[], None] | None = None,
    case_sections: dict[str, list[Section]] | None = None,
    since: SinceReport | None = None,
    timings: Timings | None = None,
    for_print: bool = False,
    persons_xlsx: Path | None = None,
    keys: TableKeys | None = None,
) -> list[Path]:
    """Write every report of a census into `out_dir` (which exists) and return the paths written.

    out_dir/summary.json, summary.xlsx, summary.html (department: every unit) and
    out_dir/units/<UNIT>.xlsx, <UNIT>.html (one unit's people only, NIKs masked). Units are those
    of `memberships`, of `config.units` and of unit findings (a unit whose workbook had no
    readable rows still gets its pack with the findings).

    `workers`: processes writing the unit packs (default 1: in this process). More help big
    censuses on machines with free cores, since the per-cell cost of xlsx dominates; they are
    started with 'forkserver', so a calling script needs the `if __name__ == "__main__":` guard.
    `pool`: the run's worker processes (census.workers), used instead of starting `workers`.
    The unit packs are sent to the workers first, then the summary files and the caller's
    `meanwhile` are written here, then the packs collected.
    `summary`: summarise(persons, memberships, config, findings) when the caller has it.
    `meanwhile`: the caller's own writing, done here while the workers write the unit packs
    (after the summary files); its error stops the packs and is raised.

    `case_sections`: per unit code, the unit's own COVID-19 cases (census.cases.unit_sections),
    printed in its pack only.
    `since`: the change since the previous round (census.rounds builds it): a section of the
    summary and of each unit pack, and a sheet of each workbook. `timings` records the time of
    each part.

    Every unit pack opens with its cover letter (census.report.cover). Their PDFs are printed
    from the HTML files afterwards (census.report.pdf.print_pdfs); `for_print`: a pack split
    into several HTML pages is also written whole into units/PRINT_FOLDER for that (not
    returned: the printer removes it).

    `persons_xlsx`: also write persons.xlsx there (census.report.excel_persons), first, as one
    more job of the unit packs' workers: the longest job of all runs beside the packs instead
    of before them (its time is its own line of `timings`, under the packs').
    `keys`: the register's integer keys of persons and memberships (Register.keys): the
    summary and unit tables then skip looking the people's ids up.
    """
    with ExitStack() as stack:
        if pool is None:
            pool = stack.enter_context(WorkerPool(workers, ["census.report.write"]))
        t = translator(lang)
        clock = timings if timings is not None else Timings()
        if summary is None:
            with clock.stage("summary"):
                summary = summarise(persons, memberships, config, findings, keys)
        summary = _with_finding_units(summary, findings, config)
        with clock.stage("unit tables"):
            tables = unit_tables(persons, memberships, findings, t, keys)
        persons_job = _PersonsJob(persons_xlsx, persons, config, lang) if persons_xlsx else None
        with clock.stage("unit packs: sent"):
            units = _send_units(tables, summary, config, out_dir, lang, pool, case_sections, since,
                                for_print, persons_job)
        try:
            with clock.stage("summary files"):
                written = _write_summary(summary, findings, config, out_dir, t, since)
            if meanwhile is not None:
                meanwhile()
            parts: dict[str, list[float]] = {}
            with clock.stage("unit packs"):
                written += _collect_units(units, parts)
        except BaseException:
            units.cancel()  # none writes on into a folder the caller is about to remove
            raise
        for part, (wall, cpu) in parts.items():
            clock.add("  " + (part if part == "persons.xlsx" else f"unit packs: {part}"), wall, cpu)
        return written


def _with_finding_units(summary: Summary, findings: list[Finding], config: Config) -> Summary:
    """The summary with an empty row for each unit only findings name (its workbook had no
    readable rows), units sorted; a copy: the caller's summary is left as it was."""
    units = dict(summary.units)
    for unit in sorted({f.unit for f in findings if f.unit is not None} - set(units)):
        units[unit] = _empty_unit(unit, config)
    return summary.model_copy(update={"units": dict(sorted(units.items()))})


def _write_summary(
    summary: Summary, findings: list[Finding], config: Config, out_dir: Path, t: Translator,
    since: SinceReport | None,
) -> list[Path]:
    """summary.json, summary.xlsx and summary.html."""
    quality = quality_rows(findings, list(summary.units))
    written: list[Path] = []
    path = out_dir / "summary.json"
    path.write_text(summary.model_dump_json(indent=1), encoding="utf-8")
    written.append(path)
    page = summary_page(summary, quality, config, t)
    path = out_dir / "summary.xlsx"
    write_summary_xlsx(summary, quality, path, t, page.signature, page.totals_note,
                       since=since.summary if since else None)
    written.append(path)
    path = out_dir / "summary.html"
    if since is not None:
        page = dataclasses.replace(page, since=since.summary)
    path.write_text(render_summary(page), encoding="utf-8")
    written.append(path)
    return written


def _send_units(
    tables: UnitTables, summary: Summary, config: Config, out_dir: Path, lang: str,
    pool: WorkerPool, case_sections: dict[str, list[Section]] | None, since: SinceReport | None,
    for_print: bool, persons_job: _PersonsJob | None,
) -> Batch[tuple[list[Path], dict[str, tuple[float, float]]]]:
    """Send units/<UNIT>.xlsx and .html of every unit (and persons.xlsx first when
    `persons_job`) to the pool's workers."""
    units_dir = out_dir / "units"
    units_dir.mkdir(exist_ok=True)
    taken: set[str] = set()
    # Each job carries the summary without its units (a pack needs its date and department,
    # and its own unit's row, which the job has): every unit's counts, unpickled by every
    # job, cost the workers a quarter of a second at 40 units.
    heading = summary.model_copy(update={"units": {}})
    jobs = [
        _UnitJob(
            units_dir / unit_filename(code, taken), code, unit, tables.outstanding.get(code),
            tables.refused.get(code), tables.findings.get(code), config, heading, lang,
            (case_sections or {}).get(code, []), for_print,
            since.units.get(code) if since else None,
        )
        for code, unit in summary.units.items()
    ]
    queue: list[_UnitJob | _PersonsJob] = [*([persons_job] if persons_job else []), *jobs]
    return pool.submit(_write_job, queue)


def _collect_units(
    units: Batch[tuple[list[Path], dict[str, tuple[float, float]]]],
    parts: dict[str, list[float]],
) -> list[Path]:
    """The paths the unit packs' jobs wrote; `parts` gets the wall and CPU seconds of each part
    of the packs, summed over the units."""
    written: list[Path] = []
    for paths, took in units.results():
        written += paths
        for part, (wall, cpu) in took.items():
            total = parts.setdefault(part, [0.0, 0.0])
            total[0] += wall
            total[1] += cpu
    return written


@dataclass(frozen=True)
class _UnitJob:
    """Everything one unit pack needs (picklable: it may be written by a worker process)."""

    stem: Path
    code: str
    unit: UnitSummary
    outstanding: pd.DataFrame | None
    refused: pd.DataFrame | None
    findings: pd.DataFrame | None
    config: Config
    #: The census's summary without its units (`unit` is this one's): its date, department
    #: and totals.
    summary: Summary
    lang: str
    cases: list[Section]
    #: Also the whole pack, unsplit, for its PDF (PRINT_FOLDER).
    whole: bool = False
    since: UnitSince | None = None


@dataclass(frozen=True)
class _PersonsJob:
    """persons.xlsx (picklable, like _UnitJob)."""

    path: Path
    persons: pd.DataFrame
    config: Config
    lang: str


def _write_job(job: _UnitJob | _PersonsJob) -> tuple[list[Path], dict[str, tuple[float, float]]]:
    """One job of the report workers: a unit pack, or persons.xlsx."""
    if isinstance(job, _UnitJob):
        return _write_unit(job)
    clock = Timings(give_back=False)
    with clock.stage("persons.xlsx"):
        write_persons_xlsx(job.persons, job.config, job.path, translator(job.lang))
    return [job.path], {s.stage: (s.wall, s.cpu) for s in clock.stages}


def _write_unit(job: _UnitJob) -> tuple[list[Path], dict[str, tuple[float, float]]]:
    """units/<stem>.xlsx and <stem>.html of one unit, each opening with the unit's cover
    letter, and the wall and CPU seconds of each part (`census run --timings`). Everything
    here is built from the job — this unit's rows only."""
    t = translator(job.lang)
    clock = Timings(give_back=False)
    as_of = t.date(job.summary.as_of)
    with clock.stage("outstanding list, reminders"):
        page = unit_page(job.code, job.unit, job.outstanding, job.refused, job.findings,
                         job.config, job.summary, t)
    with clock.stage("cover letter"):
        letter = cover_letter(job.code, job.unit, len(page.outstanding.rows), page.overdue_count,
                              job.config, t)
    page = dataclasses.replace(page, cases=job.cases, letter=letter,
                               attachment_title=letter.attachment_title, since=job.since)
    xlsx = job.stem.with_name(job.stem.name + ".xlsx")
    with clock.stage("xlsx"):
        write_unit_xlsx(xlsx, job.code, job.unit, job.outstanding, job.refused, job.findings,
                        signature(job.code, job.config, t), as_of, job.summary.department, t,
                        cases=job.cases, letter=letter, reminders=page.outstanding,
                        since=job.since)
    written = [xlsx]
    with clock.stage("html"):
        parts = paged(page, job.stem.name)
        for name, part in parts:
            html = job.stem.with_name(name)
            html.write_text(render_unit(part), encoding="utf-8")
            written.append(html)
        if len(parts) > 1 and job.whole:
            # The PDF of a pack split for the browser is printed from the pack whole (one
            # document, one page count), written aside and removed once printed.
            whole = job.stem.parent / PRINT_FOLDER / f"{job.stem.name}.html"
            whole.parent.mkdir(exist_ok=True)
            whole.write_text(render_unit(page), encoding="utf-8")
    return written, {s.stage: (s.wall, s.cpu) for s in clock.stages}


def unit_filename(code: str, taken: set[str] | None = None) -> str:
    """A safe file stem for a unit code: the code itself unless it has characters a file name
    cannot hold (replaced by '_'); a '-2', '-3' suffix keeps two units from sharing a file."""
    stem = re.sub(r'[\x00-\x1f<>:"/\\|?*]', "_", code).strip(" .") or "unit"
    if taken is None:
        return stem
    candidate, n = stem, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{stem}-{n}"
    taken.add(candidate.casefold())
    return candidate


def _empty_unit(code: str, config: Config) -> UnitSummary:
    empty = summarise(
        pd.DataFrame(columns=["person_id", "status", "primary_doses"]),
        pd.DataFrame(columns=["person_id", "unit", "category"]),
        config.model_copy(update={"units": {}}),
    ).totals
    return empty.model_copy(update={"name": config.unit_name(code)})
