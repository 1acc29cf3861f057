"""The `census` console script: parse the command line, call one library function, map errors."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Any

import click

from census import __version__
from census.errors import CensusError

DATE = click.DateTime(formats=["%Y-%m-%d"])
LANG = click.Choice(["id", "en"])


def _reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a CensusError into one clear line on stderr and exit code 2 (never a traceback)."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CensusError as exc:
            click.echo(f"census: {exc}", err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo("census: dibatalkan (interrupted)", err=True)
            sys.exit(130)
        except Exception as exc:
            # A bug, not bad input: still one line for the user; CENSUS_DEBUG=1 shows the traceback.
            if os.environ.get("CENSUS_DEBUG"):
                raise
            click.echo(
                f"census: kesalahan internal (internal error: {type(exc).__name__}); "
                "jalankan ulang dengan CENSUS_DEBUG=1 dan laporkan (rerun with CENSUS_DEBUG=1 and report it)",
                err=True,
            )
            sys.exit(3)

    return wrapper


def _day(value: Any) -> date | None:
    return value.date() if value is not None else None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="census")
def main() -> None:
    """census — sensus tuntas vaksin untuk Dinas Sosial.

    Reads the roster workbooks units send, validates them, merges them into one register of
    people, reconciles them with health-office exports, decides each person's status and writes
    reports per unit and for the department.
    """


@main.command("read")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@_reports_errors
def read_command(file: Path, fmt: str) -> None:
    """Show how FILE was understood: each sheet's category, header row, columns and rows."""
    from census.read import describe, describe_text, read_workbook

    book = read_workbook(file)
    if fmt == "json":
        click.echo(json.dumps(describe(book), ensure_ascii=False, indent=2))
    else:
        click.echo(describe_text(book))


@main.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--as-of", type=DATE, default=None, help="Census date YYYY-MM-DD (default today).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--lang", type=LANG, default="id", help="Message language (id or en).")
@click.option("--annotate", "annotate_dir", type=click.Path(path_type=Path), default=None,
              help="Write a marked-up copy of each workbook into this folder.")
@_reports_errors
def validate_command(
    files: tuple[Path, ...], as_of: Any, fmt: str, lang: str, annotate_dir: Path | None
) -> None:
    """Check roster workbooks (and case records: Kasus sheets, inputs/kasus/*.xlsx) and list
    every finding. Exit 1 on errors, 2 if unreadable."""
    from census.pipeline import validate_inputs

    report = validate_inputs(list(files), as_of=_day(as_of), annotate_dir=annotate_dir, lang=lang)
    if fmt == "json":
        click.echo(json.dumps(report.to_json(lang), ensure_ascii=False, indent=2))
    else:
        click.echo(report.to_text(lang))
    sys.exit(report.exit_code)


@main.command("template")
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--lang", type=LANG, default="id")
@click.option("--kasus", "cases", is_flag=True,
              help="A blank list of COVID-19 cases instead of a roster.")
@_reports_errors
def template_command(out: Path, lang: str, cases: bool) -> None:
    """Write a blank roster workbook (or, with --kasus, a cases list) that prevents the usual
    mistakes."""
    if cases:
        from census.cases.blank import write_case_template

        write_case_template(out, lang=lang)
    else:
        from census.validate.template import write_template

        write_template(out, lang=lang)
    click.echo(f"Template: {out}")


@main.command("run")
@click.argument("inputs", required=False, default="inputs", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=Path("outputs"))
@click.option("--as-of", type=DATE, default=None, help="Census date YYYY-MM-DD.")
@click.option("--lang", type=LANG, default=None, help="Report language (default from census.toml).")
@click.option("--quiet", is_flag=True, help="No progress display.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes writing the unit reports (default: chosen by census size).")
@click.option("--previous", "previous", multiple=True, type=click.Path(path_type=Path),
              help="Output folder of an earlier run, or a folder of them (repeatable): the "
                   "reports show what changed since, history.json every round.")
@_reports_errors
def run_command(
    inputs: Path, out: Path, as_of: Any, lang: str | None, quiet: bool, workers: int | None,
    previous: tuple[Path, ...],
) -> None:
    """Run the whole census on INPUTS (default inputs/) and write OUT (default outputs/)."""
    from census.pipeline import run_census
    from census.progress import progress_printer

    with progress_printer(quiet) as progress:
        result = run_census(
            inputs, out, as_of=_day(as_of), lang=lang, progress=progress, workers=workers,
            previous=list(previous) or None,
        )
    if not quiet:
        click.echo(result.summary_text())


@main.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--lang", type=LANG, default="id", help="Language of the text and reports.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Also write changes.xlsx and changes.html into this folder.")
@_reports_errors
def diff_command(old: Path, new: Path, fmt: str, lang: str, out_dir: Path | None) -> None:
    """What changed from the census run kept in OLD to the one in NEW (two output folders)."""
    from census.rounds import diff_folders, diff_text, write_changes

    diff = diff_folders(old, new)
    if out_dir is not None:
        write_changes(diff, out_dir, lang)
    if fmt == "json":
        click.echo(diff.model_dump_json(indent=1))
    else:
        click.echo(diff_text(diff, lang), nl=False)


@main.command("explain")
@click.argument("person")
@click.argument("inputs", required=False, default="inputs", type=click.Path(path_type=Path))
@click.option("--unit", default=None, help="Unit code, to narrow a masked NIK or a name.")
@click.option("--as-of", type=DATE, default=None, help="Census date YYYY-MM-DD.")
@click.option("--lang", type=LANG, default=None, help="Language (default from census.toml).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@_reports_errors
def explain_command(person: str, inputs: Path, unit: str | None, as_of: Any, lang: str | None,
                    fmt: str) -> None:
    """Why PERSON (a NIK, a masked NIK with --unit, a person id or a name) has their status:
    every row behind them in INPUTS, how they were merged, the rules, the steps.
    Exit 1 when several people fit (they are listed)."""
    from census.config import load_config
    from census.pipeline import explain_census
    from census.rounds.explain_text import explain_text

    explanation = explain_census(inputs, person, unit=unit, as_of=_day(as_of), lang=lang)
    if fmt == "json":
        click.echo(explanation.model_dump_json(indent=1))
    else:
        language = lang or load_config(inputs).lang
        click.echo(explain_text(explanation, language), nl=False)
    sys.exit(1 if explanation.person is None else 0)


@main.command("swab")
@click.argument("unit")
@click.option("--date", "on", type=DATE, required=True, help="Date of the case YYYY-MM-DD.")
@click.option("--days", type=click.IntRange(min=0), default=None,
              help="Days before the case the list covers (default 14, from the rule table).")
@click.option("--inputs", type=click.Path(path_type=Path), default=Path("inputs"))
@click.option("--out", type=click.Path(path_type=Path), default=Path("outputs/swab"))
@click.option("--lang", type=LANG, default=None)
@click.option("--number", "serial", default=None,
              help="The serial of the letter's number (default: left blank to write by hand).")
@click.option("--quiet", is_flag=True)
@_reports_errors
def swab_command(unit: str, on: Any, days: int | None, inputs: Path, out: Path,
                 lang: str | None, serial: str | None, quiet: bool) -> None:
    """The swab list of UNIT after a COVID-19 case on --date: the unit's copy (NIKs masked) and
    the letter asking the health office for the mass swab, with the full list (confidential)."""
    from census.pipeline import run_swab
    from census.progress import progress_printer

    with progress_printer(quiet) as progress:
        written = run_swab(inputs, unit, on.date(), days=days, out=out, lang=lang,
                           serial=serial, progress=progress)
    if not quiet:
        for path in written:
            click.echo(str(path))


@main.command("allocate")
@click.argument("inputs", required=False, default="inputs", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=Path("outputs"))
@click.option("--as-of", type=DATE, default=None, help="Census date YYYY-MM-DD.")
@click.option("--lang", type=LANG, default=None)
@click.option("--quiet", is_flag=True)
@_reports_errors
def allocate_command(inputs: Path, out: Path, as_of: Any, lang: str | None, quiet: bool) -> None:
    """Assign Tagana volunteers to the phases of INPUTS/tagana_plan.toml and report uptake."""
    from census.pipeline import run_allocation
    from census.progress import progress_printer

    with progress_printer(quiet) as progress:
        result = run_allocation(inputs, out, as_of=_day(as_of), lang=lang, progress=progress)
    if not quiet:
        click.echo(result.summary_text())


if __name__ == "__main__":  # pragma: no cover
    main()
