"""The `census` console script: parse the command line, call one library function, map errors."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Any

import click

from census import __version__
from census.errors import CensusError
from census.i18n import Translator, translator

DATE = click.DateTime(formats=["%Y-%m-%d"])
LANG = click.Choice(["id", "en"])


def _reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a CensusError into one clear line on stderr and exit code 2 (never a traceback)."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CensusError as exc:
            t = translator(kwargs.get("lang") or None)
            for _, skipped in getattr(exc, "skipped", []):
                click.echo(f"census: {_said(skipped, t)}", err=True)
            click.echo(f"census: {_said(exc, t)}", err=True)
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


def _said(error: CensusError, t: Translator) -> str:
    """A CensusError in the words of `t` (its message id translated, its values filled in)."""
    return t(error.msgid, **error.values) if error.values else t(error.msgid)


def _day(value: Any) -> date | None:
    return value.date() if value is not None else None


class Group(click.Group):
    """The `census` group: click's usage errors ('--as-of notadate'), like every error, are one
    line on stderr with exit code 2 (click's own form is three lines with a usage banner)."""

    def main(  # type: ignore[override]
        self, args: Sequence[str] | None = None, prog_name: str | None = None,
        complete_var: str | None = None, standalone_mode: bool = True, **extra: Any,
    ) -> Any:
        try:
            return super().main(args, prog_name or "census", complete_var,
                                standalone_mode=False, **extra)
        except click.exceptions.Exit as done:
            sys.exit(done.exit_code)
        except click.Abort:
            t = translator()
            click.echo("census: " + t("Interrupted."), err=True)
            sys.exit(1)
        except click.exceptions.NoArgsIsHelpError as shown:
            click.echo(shown.format_message(), err=True)  # `census` alone: its help
            sys.exit(shown.exit_code)
        except click.ClickException as exc:
            click.echo(f"census: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
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
    """Show how FILE was understood: each sheet's category, header row, columns and rows.
    Exit 2 when it cannot be read or holds no roster."""
    from census.read import describe, describe_text, no_roster, read_workbook

    book = read_workbook(file)
    if fmt == "json":
        click.echo(json.dumps(describe(book), ensure_ascii=False, indent=2))
    else:
        click.echo(describe_text(book))
    if not book.has_roster:
        raise no_roster(book)


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
    """Check roster files (and case records: Kasus sheets, inputs/kasus/*.xlsx) and list every
    finding. Exit 1 on errors or a file skipped, 2 when nothing could be checked."""
    from census.pipeline import validate_inputs

    report = validate_inputs(list(files), as_of=_day(as_of), annotate_dir=annotate_dir, lang=lang)
    for line in report.skipped_lines(lang):
        click.echo(f"census: {line}", err=True)  # the refusals on stderr, the report on stdout
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
@_reports_errors
def run_command(
    inputs: Path, out: Path, as_of: Any, lang: str | None, quiet: bool, workers: int | None
) -> None:
    """Run the whole census on INPUTS (default inputs/) and write OUT (default outputs/)."""
    from census.pipeline import run_census
    from census.progress import progress_printer

    with progress_printer(quiet) as progress:
        result = run_census(
            inputs, out, as_of=_day(as_of), lang=lang, progress=progress, workers=workers
        )
    _finish(result, quiet)


def _finish(result: Any, quiet: bool) -> None:
    """Name every skipped file on stderr (even with --quiet), the summary, the exit code."""
    for line in result.skipped_lines():
        click.echo(f"census: {line}", err=True)
    if not quiet:
        click.echo(result.summary_text())
    sys.exit(result.exit_code)


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
    _finish(result, quiet)


if __name__ == "__main__":  # pragma: no cover
    main()
