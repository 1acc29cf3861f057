"""The `census` console script: parse the command line, call one library function, map errors.

Language: `--lang id|en` (on the command or before it) or the CENSUS_LANG environment variable,
else census.toml's `lang`, else Indonesian. It is read from the command line before anything is
parsed, so `--help`, click's own usage errors and every message of the run are in it.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from datetime import date
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from census import __version__
from census.errors import CensusError
from census.i18n import LANGUAGES, N_, Message, Translator, translator

if TYPE_CHECKING:
    from census.config import Config

#: When this module was imported: about when the process started (`census run --timings`).
_STARTED = time.perf_counter()

DATE = click.DateTime(formats=["%Y-%m-%d"])
LANG = click.Choice(LANGUAGES)
LANG_ENV = "CENSUS_LANG"

#: Click prints a few words of its own (usage lines, headings, its error messages); they are
#: listed here so the catalogue keeps them (click's own message ids, placeholders included).
CLICK_WORDS = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Aborted!"),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing command."),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Option {name!r} does not take a value."),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    Message.n("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", 1),
    Message.n("Got unexpected extra argument ({args})",
              "Got unexpected extra arguments ({args})", 1),
    Message.n("Option {name!r} requires an argument.",
              "Option {name!r} requires {nargs} arguments.", 1),
    Message.n("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", 1),
    Message.n("{value!r} does not match the format {format}.",
              "{value!r} does not match the formats {formats}.", 1),
)


#: The help text of -h/--help (click's own message id).
HELP_OPTION = N_("Show this message and exit.")


class _Speaker:
    """The language of this invocation, decided before click parses anything: `explicit` is what
    the command line or CENSUS_LANG asked for (None: census.toml's, else Indonesian)."""

    t: Translator = translator()
    explicit: str | None = None


def _language(args: Sequence[str]) -> str | None:
    """The language the command line asks for (--lang X / --lang=X, last wins), else
    CENSUS_LANG; None when neither names a known language."""
    chosen = None
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            chosen = args[i + 1]
        elif arg.startswith("--lang="):
            chosen = arg.split("=", 1)[1]
    chosen = chosen or os.environ.get(LANG_ENV)
    return chosen if chosen in LANGUAGES else None


def _speak(lang: str | None) -> Translator:
    """Make `lang` the language of this invocation, click's own words included."""
    t = translator(lang)
    _Speaker.t = t
    # Click reads its words through the gettext functions each of its modules imported (there is
    # no other hook); point them at our catalogue, which carries click's message ids.
    for name in ("core", "exceptions", "formatting", "parser", "types", "decorators"):
        words = vars(importlib.import_module(f"click.{name}"))
        if "_" in words:
            words["_"] = t.gettext
        if "ngettext" in words:
            words["ngettext"] = t.ngettext
    return t


#: The words of the command tree (help texts, metavars) are message ids; `_localise` puts them in
#: the invocation's language, keeping the ids under this attribute of each object.
_MSGIDS = "_census_msgids"


def _localise(command: click.Command, t: Translator) -> None:
    """Translate the help texts and metavars of `command`, its parameters and subcommands."""
    items: list[Any] = [command, *command.params]
    # Click creates each command's help option once, in the language of that moment, and keeps
    # it (8.1.8+): give it its message id back.
    help_option = getattr(command, "_help_option", None)
    if help_option is not None:
        help_option.__dict__.setdefault(_MSGIDS, {"help": HELP_OPTION})
        items.append(help_option)
    for item in items:
        keys = [k for k in ("help", "metavar", "options_metavar", "subcommand_metavar")
                if isinstance(getattr(item, k, None), str)]
        msgids = item.__dict__.setdefault(_MSGIDS, {k: getattr(item, k) for k in keys})
        for key, msgid in msgids.items():
            setattr(item, key, t(msgid))
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _localise(sub, t)


class Group(click.Group):
    """The `census` group: decides the language first (help texts included), and prints click's
    usage errors, like every error, as one line (exit code 2)."""

    def main(  # type: ignore[override]
        self, args: Sequence[str] | None = None, prog_name: str | None = None,
        complete_var: str | None = None, standalone_mode: bool = True, **extra: Any,
    ) -> Any:
        arguments = list(sys.argv[1:] if args is None else args)
        _stop_on_sigterm()
        _Speaker.explicit = _language(arguments)
        t = _speak(_Speaker.explicit)
        _localise(self, t)
        try:
            return super().main(arguments, prog_name or "census", complete_var,
                                standalone_mode=False, **extra)
        except click.exceptions.Exit as done:
            sys.exit(done.exit_code)
        except click.Abort:
            click.echo("census: " + t("Aborted!"), err=True)
            sys.exit(1)
        except click.ClickException as exc:
            click.echo(f"census: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)


def _stop_on_sigterm() -> None:
    """A SIGTERM (a service manager, `kill`) ends the run as Ctrl-C does: the worker pool and
    the staging folder are cleaned up on the way out. Python's default would end this process
    at once and leave the worker processes, which never notice, running."""
    if (threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL):
        signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a CensusError into one clear line on stderr, in the run's language, and exit code 2
    (never a traceback)."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CensusError as exc:
            for _, skipped in getattr(exc, "skipped", []):
                click.echo(f"census: {_Speaker.t(skipped)}", err=True)  # each file left out
            click.echo(f"census: {_Speaker.t(exc)}", err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo("census: " + _Speaker.t("interrupted"), err=True)
            sys.exit(130)
        except Exception as exc:
            # A bug, not bad input: still one line for the user; CENSUS_DEBUG=1 shows the traceback.
            if os.environ.get("CENSUS_DEBUG"):
                raise
            click.echo("census: " + _Speaker.t(
                "internal error ({kind}); rerun with CENSUS_DEBUG=1 and report it",
                kind=type(exc).__name__,
            ), err=True)
            sys.exit(3)

    return wrapper


def _day(value: Any) -> date | None:
    return value.date() if value is not None else None


def _config(where: Path | list[Path], as_of: Any, lang: str | None) -> Config:
    """census.toml of `where` with the command line's values on top; its language speaks on."""
    # Imported here: the configuration brings pydantic and the rule table, which `census --help`
    # and click's usage errors do not need (start-up time).
    from census.config import load_config

    config = load_config(where, as_of=_day(as_of), lang=lang or _Speaker.explicit)
    _speak(config.lang)
    return config


def _show_version(ctx: click.Context, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(_Speaker.t("census, version {version}", version=__version__))
        ctx.exit()


def _lang_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option("--lang", type=LANG, default=None, help=help_text)


LANG_HELP = N_("Language of messages and reports: id (Indonesian) or en (English); default "
               "CENSUS_LANG, else census.toml's lang, else id.")


def _run_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """INPUTS, --out, --as-of, --lang and --quiet: what every command that writes reports takes."""
    options: list[Callable[[Callable[..., Any]], Callable[..., Any]]] = [
        click.argument("inputs", required=False, default="inputs",
                       type=click.Path(path_type=Path), metavar=N_("[INPUTS]")),
        click.option("--out", type=click.Path(path_type=Path), default=Path("outputs"),
                     metavar=N_("FOLDER"), help=N_("Output folder (default outputs/).")),
        click.option("--as-of", type=DATE, default=None, metavar=N_("YYYY-MM-DD"),
                     help=N_("Census date YYYY-MM-DD (default: census.toml's as_of, else "
                             "today).")),
        _lang_option(LANG_HELP),
        click.option("--quiet", is_flag=True, help=N_("No progress lines and no summary.")),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]},
             options_metavar=N_("[OPTIONS]"), subcommand_metavar=N_("COMMAND [ARGS]..."),
             help=N_("census — the vaccination-completion census of a social-services department."
                     "\n\nReads the roster workbooks units send, validates them, merges them into "
                     "one register of people, reconciles them with health-office exports, decides "
                     "each person's status and writes reports per unit and for the department."))
@click.option("--version", is_flag=True, expose_value=False, is_eager=True,
              callback=lambda ctx, _param, value: _show_version(ctx, value),
              help=N_("Show the version and exit."))
@_lang_option(LANG_HELP)
def main(lang: str | None) -> None:
    """The census command line (help text above is translated)."""


@main.command("read", help=N_("Show how FILE (a roster workbook) was understood: each sheet's "
                              "category, header row, columns and number of rows. No personal data "
                              "is shown."))
@click.argument("file", type=click.Path(path_type=Path), metavar=N_("FILE"))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help=N_("Output: text for people (default), json for programs."))
@_lang_option(LANG_HELP)
@_reports_errors
def read_command(file: Path, fmt: str, lang: str | None) -> None:
    from census.read import describe, describe_text, no_roster, read_workbook

    config = _config([file], None, lang)
    book = read_workbook(file, config.limits)
    if fmt == "json":
        click.echo(json.dumps(describe(book, config.lang), ensure_ascii=False, indent=2))
    else:
        click.echo(describe_text(book, config.lang))
    if not book.has_roster:
        raise no_roster(book)  # exit 2: nothing in it census can use


@main.command("validate", help=N_(
    "Check the roster workbooks FILE... and list every finding, grouped by file and sheet. Uses the "
    "census date and rules of the census.toml beside the files, like `census run`. Exit code 1 "
    "when there are errors or a file was skipped, 2 when nothing could be checked."))
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path),
                metavar=N_("FILE..."))
@click.option("--as-of", type=DATE, default=None, metavar=N_("YYYY-MM-DD"),
              help=N_("Census date YYYY-MM-DD (default: census.toml's as_of, else today)."))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help=N_("Output: text for people (default), json for programs."))
@_lang_option(LANG_HELP)
@click.option("--annotate", "annotate_dir", type=click.Path(path_type=Path), default=None,
              metavar=N_("FOLDER"),
              help=N_("Write a marked-up copy of each workbook into this folder (the originals "
                      "are never changed)."))
@_reports_errors
def validate_command(
    files: tuple[Path, ...], as_of: Any, fmt: str, lang: str | None, annotate_dir: Path | None
) -> None:
    from census.compute import check_files

    config = _config(list(files), as_of, lang)
    report = check_files(list(files), config, annotate_dir=annotate_dir)
    for line in report.skipped_lines(config.lang):
        click.echo(f"census: {line}", err=True)  # the refusals on stderr, the report on stdout
    if fmt == "json":
        click.echo(json.dumps(report.to_json(config.lang), ensure_ascii=False, indent=2))
    else:
        click.echo(report.to_text(config.lang))
    sys.exit(report.exit_code)


@main.command("template", help=N_("Write a blank roster workbook to OUT (.xlsx) that prevents "
                                  "the usual mistakes: text NIK columns, date checks, dropdowns."))
@click.argument("out", type=click.Path(path_type=Path), metavar=N_("OUT"))
@_lang_option(N_("Language of the instructions: id (default) or en."))
@click.option("--kasus", "cases", is_flag=True,
              help=N_("A blank list of COVID-19 cases instead of a roster."))
@_reports_errors
def template_command(out: Path, lang: str | None, cases: bool) -> None:
    t = _speak(lang or _Speaker.explicit)
    if cases:
        from census.cases.blank import write_case_template

        write_case_template(out, lang=t.lang)
        click.echo(t("Blank case list written: {path}", path=out))
    else:
        from census.validate.template import write_template

        write_template(out, lang=t.lang)
        click.echo(t("Blank roster written: {path}", path=out))


@main.command("run", help=N_("Run the whole census on the folder INPUTS (default inputs/) and "
                             "write every report into the --out folder (default outputs/), "
                             "replacing it whole."))
@_run_options
@click.option("--workers", type=click.IntRange(min=1), default=None, metavar="N",
              help=N_("Processes reading the workbooks and writing the unit reports (default: "
                      "chosen by census size)."))
@click.option("--previous", "previous", multiple=True, type=click.Path(path_type=Path),
              metavar=N_("FOLDER"),
              help=N_("Output folder of an earlier run, or a folder of them (repeatable): the "
                      "reports show what changed since, history.json every round."))
@click.option("--timings", is_flag=True,
              help=N_("Print the time and memory of each stage at the end (on stderr)."))
@click.option("--pdf/--no-pdf", "pdf", default=None,
              help=N_("PDF of every report (default: yes up to 10,000 people)."))
@click.option("--persons-xlsx/--no-persons-xlsx", "persons_xlsx", default=None,
              help=N_("persons.xlsx, every person in one sheet (default: yes up to 20,000 "
                      "people; persons.csv is always written)."))
@_reports_errors
def run_command(
    inputs: Path, out: Path, as_of: Any, lang: str | None, quiet: bool, workers: int | None,
    previous: tuple[Path, ...], timings: bool, pdf: bool | None, persons_xlsx: bool | None,
) -> None:
    from census.pipeline import run_census, start_pool
    from census.progress import StageTime, Timings, peak_mib, progress_printer

    # The worker pool first, before the configuration imports pandas: its server imports
    # pandas and the stages meanwhile (run_census ends it).
    with start_pool(inputs, workers) as pool:
        config = _config(inputs, as_of, lang)
        clock = Timings([StageTime("start-up: imports, configuration",
                                   time.perf_counter() - _STARTED, time.process_time(),
                                   peak_mib())])
        with progress_printer(quiet) as progress:
            result = run_census(inputs, out, config=config, progress=progress, workers=workers,
                                previous=list(previous) or None, timings=clock, pdf=pdf,
                                persons_xlsx=persons_xlsx, pool=pool)
    if timings:
        click.echo(clock.table(), err=True)
    _finish(result, quiet)


def _finish(result: Any, quiet: bool) -> None:
    """Name every skipped file on stderr (even with --quiet), the summary, the exit code (1 when
    a file was skipped)."""
    for line in result.skipped_lines():
        click.echo(f"census: {line}", err=True)
    if not quiet:
        click.echo(result.summary_text())
    sys.exit(result.exit_code)


@main.command("diff", help=N_(
    "What changed from the census run kept in OLD to the one in NEW (two output folders of "
    "census run): per unit and for the department."))
@click.argument("old", type=click.Path(path_type=Path), metavar=N_("OLD"))
@click.argument("new", type=click.Path(path_type=Path), metavar=N_("NEW"))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help=N_("Output: text for people (default), json for programs."))
@_lang_option(LANG_HELP)
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              metavar=N_("FOLDER"),
              help=N_("Also write changes.xlsx and changes.html into this folder."))
@_reports_errors
def diff_command(old: Path, new: Path, fmt: str, lang: str | None, out_dir: Path | None) -> None:
    from census.rounds import diff_folders, diff_text, write_changes

    t = _speak(lang or _Speaker.explicit)
    diff = diff_folders(old, new)
    if out_dir is not None:
        write_changes(diff, out_dir, t.lang)
    if fmt == "json":
        click.echo(diff.model_dump_json(indent=1))
    else:
        click.echo(diff_text(diff, t.lang), nl=False)


@main.command("explain", help=N_(
    "Why PERSON (a NIK, a masked NIK with --unit, a person id or a name) has their status: every "
    "row behind them in INPUTS, how they were merged, the rules, the steps. Exit code 1 when "
    "several people fit (they are listed)."))
@click.argument("person", metavar=N_("PERSON"))
@click.argument("inputs", required=False, default="inputs", type=click.Path(path_type=Path),
                metavar=N_("[INPUTS]"))
@click.option("--unit", default=None, metavar=N_("UNIT"),
              help=N_("Unit code, to narrow a masked NIK or a name."))
@click.option("--as-of", type=DATE, default=None, metavar=N_("YYYY-MM-DD"),
              help=N_("Census date YYYY-MM-DD (default: census.toml's as_of, else today)."))
@_lang_option(LANG_HELP)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help=N_("Output: text for people (default), json for programs."))
@_reports_errors
def explain_command(person: str, inputs: Path, unit: str | None, as_of: Any, lang: str | None,
                    fmt: str) -> None:
    from census.pipeline import explain_census
    from census.rounds.explain_text import explain_text

    config = _config(inputs, as_of, lang)
    explanation = explain_census(inputs, person, unit=unit, config=config)
    if fmt == "json":
        click.echo(explanation.model_dump_json(indent=1))
    else:
        click.echo(explain_text(explanation, config.lang), nl=False)
    sys.exit(1 if explanation.person is None else 0)


@main.command("swab", help=N_(
    "The swab list of UNIT after a COVID-19 case on --date: the unit's copy (NIKs masked) and the "
    "letter asking the health office for the mass swab, with the full list (confidential)."))
@click.argument("unit", metavar=N_("UNIT"))
@click.option("--date", "on", type=DATE, required=True, metavar=N_("YYYY-MM-DD"),
              help=N_("Date of the case YYYY-MM-DD."))
@click.option("--days", type=click.IntRange(min=0), default=None, metavar="N",
              help=N_("Days before the case the list covers (default 14, from the rule table)."))
@click.option("--inputs", type=click.Path(path_type=Path), default=Path("inputs"),
              metavar=N_("FOLDER"), help=N_("Inputs folder (default inputs/)."))
@click.option("--out", type=click.Path(path_type=Path), default=Path("outputs/swab"),
              metavar=N_("FOLDER"), help=N_("Output folder (default outputs/swab/)."))
@_lang_option(LANG_HELP)
@click.option("--number", "serial", default=None, metavar="N",
              help=N_("The serial of the letter's number (default: left blank to write by hand)."))
@click.option("--quiet", is_flag=True, help=N_("No progress lines and no list of files."))
@_reports_errors
def swab_command(unit: str, on: Any, days: int | None, inputs: Path, out: Path,
                 lang: str | None, serial: str | None, quiet: bool) -> None:
    from census.pipeline import run_swab
    from census.progress import progress_printer

    config = _config(inputs, on, lang)
    with progress_printer(quiet) as progress:
        written = run_swab(inputs, unit, on.date(), days=days, out=out, serial=serial,
                           progress=progress, config=config)
    if not quiet:
        for path in written:
            click.echo(str(path))


@main.command("allocate", help=N_("Assign Tagana volunteers to the phases of "
                                  "INPUTS/tagana_plan.toml (or .xlsx) and write only the "
                                  "allocation report, into the tagana/ folder of --out."))
@_run_options
@click.option("--pdf/--no-pdf", "pdf", default=None,
              help=N_("PDF of every report (default: yes up to 10,000 people)."))
@_reports_errors
def allocate_command(inputs: Path, out: Path, as_of: Any, lang: str | None, quiet: bool,
                     pdf: bool | None) -> None:
    from census.pipeline import run_allocation
    from census.progress import progress_printer

    config = _config(inputs, as_of, lang)
    with progress_printer(quiet) as progress:
        result = run_allocation(inputs, out, config=config, progress=progress, pdf=pdf)
    _finish(result, quiet)


@main.command("serve", help=N_(
    "Start the web portal on HOST:PORT: units upload their workbooks and see every finding, the "
    "department follows the round and runs the census."))
@click.option("--demo", "demo", is_flag=True,
              help=N_("Load the demo province as the first round and print the demo accounts."))
@click.option("--inputs", type=click.Path(path_type=Path), default=Path("inputs"),
              metavar=N_("FOLDER"), help=N_("The demo province's folder (default inputs/)."))
@click.option("--instance", type=click.Path(path_type=Path), default=None, metavar=N_("FOLDER"),
              help=N_("The portal's data folder (default ./instance, or CENSUS_INSTANCE)."))
@click.option("--config", type=click.Path(path_type=Path), default=None, metavar=N_("FILE"),
              help=N_("The department's census.toml (default: the one in the data folder)."))
@click.option("--host", default="127.0.0.1", metavar=N_("HOST"),
              help=N_("Address to listen on (default 127.0.0.1: this computer only)."))
@click.option("--port", type=int, default=8000, metavar=N_("PORT"),
              help=N_("Port to listen on (default 8000)."))
@click.option("--threads", type=click.IntRange(min=1), default=8, metavar="N",
              help=N_("Requests served at once (default 8)."))
@_lang_option(LANG_HELP)
@_reports_errors
def serve_command(demo: bool, inputs: Path, instance: Path | None, config: Path | None,
                  host: str, port: int, threads: int, lang: str | None) -> None:
    from census.web import serve

    t = _Speaker.t
    serve.configure(instance, config)
    accounts = serve.prepare(inputs if demo else None, serving=True)
    url = f"http://{host}:{port}/"
    if accounts:
        click.echo(t("Demo accounts (new passwords at every start):"))
        for account in accounts:
            unit = f"  {account.unit}" if account.unit else ""
            click.echo(f"  {account.username:<28} {account.password:<16} {account.role}{unit}")

    def ready() -> None:
        click.echo(t("Portal: {url}  (Ctrl+C to stop)", url=url))

    serve.serve(host, port, threads=threads, ready=ready)


@main.command("createuser", help=N_(
    "Create a portal account NAME; the password is asked twice and never shown."))
@click.argument("username", metavar=N_("NAME"))
@click.option("--role", type=click.Choice(["admin", "operator", "viewer"]), required=True,
              help=N_("admin (the department), operator (one unit) or viewer."))
@click.option("--unit", default=None, metavar=N_("UNIT"), help=N_("The unit of an operator."))
@click.option("--instance", type=click.Path(path_type=Path), default=None, metavar=N_("FOLDER"),
              help=N_("The portal's data folder (default ./instance, or CENSUS_INSTANCE)."))
@click.option("--config", type=click.Path(path_type=Path), default=None, metavar=N_("FILE"),
              help=N_("The department's census.toml (default: the one in the data folder)."))
@_lang_option(LANG_HELP)
@_reports_errors
def createuser_command(username: str, role: str, unit: str | None, instance: Path | None,
                       config: Path | None, lang: str | None) -> None:
    from census.web import serve

    t = _Speaker.t
    serve.configure(instance, config)
    serve.prepare()
    from census.web.accounts import create_account

    password = click.prompt(t("Password"), hide_input=True,
                            confirmation_prompt=t("Password again"))
    account = create_account(username, role, unit, password)
    click.echo(t("Account created: {name} ({role})", name=account.username, role=account.role))


@main.command("manage", context_settings={"ignore_unknown_options": True}, help=N_(
    "Django's commands for the portal: migrate, run_huey (the run queue beside gunicorn), "
    "changepassword and others."))
@click.argument("args", nargs=-1, type=click.UNPROCESSED, metavar=N_("COMMAND [ARGS]..."))
@click.option("--instance", type=click.Path(path_type=Path), default=None, metavar=N_("FOLDER"),
              help=N_("The portal's data folder (default ./instance, or CENSUS_INSTANCE)."))
@click.option("--config", type=click.Path(path_type=Path), default=None, metavar=N_("FILE"),
              help=N_("The department's census.toml (default: the one in the data folder)."))
def manage_command(args: tuple[str, ...], instance: Path | None, config: Path | None) -> None:
    from django.core.management import execute_from_command_line

    from census.web import serve

    serve.configure(instance, config)
    execute_from_command_line(["census manage", *args])


if __name__ == "__main__":  # pragma: no cover
    main()
