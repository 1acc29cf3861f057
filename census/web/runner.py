"""Census runs: a round's current submissions laid out as an inputs folder, run by the core.

`census.web.tasks.start_run` records the run and queues it; the queue's worker calls `execute`, which builds
`runs/<id>/inputs/` (each unit's current workbook named after its code, the exports under
`registry/`, the Tagana plan, a census.toml with the round's date and the units) and calls
`census.pipeline.run_census` into `runs/<id>/outputs/` — the same call as `census run`.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import shutil
import tomllib
from pathlib import Path
from typing import Any

import tomli_w
from django.conf import settings
from django.utils import timezone

from census.errors import CensusError
from census.i18n import N_
from census.web import audit, blobstore
from census.web.models import (
    Attendance,
    CensusRun,
    DepartmentFile,
    Outcome,
    Round,
    RunState,
    Submission,
    Unit,
)
from census.web.speech import words_of

log = logging.getLogger(__name__)

INTERNAL = N_("Internal error ({error}) in the census run; please report it to the developers.")
#: The core's progress messages in one run with a Tagana plan (read, validate, merge, status,
#: reports, allocation): the page shows how far along it is.
STEPS = 6


def current_submissions(round_: Round) -> list[Submission]:
    """Each unit's newest accepted submission in the round (what a run uses)."""
    latest: dict[int, Submission] = {}
    for submission in (Submission.objects.filter(round=round_, outcome=Outcome.ACCEPTED)
                       .select_related("unit", "file").order_by("unit_id", "-version")):
        latest.setdefault(submission.unit_id, submission)
    return sorted(latest.values(), key=lambda s: s.unit.code)


def active_department_files(round_: Round) -> list[DepartmentFile]:
    """The round's accepted exports, and its newest accepted plan."""
    files = list(DepartmentFile.objects.filter(round=round_, active=True, outcome=Outcome.ACCEPTED)
                 .select_related("file").order_by("-uploaded_at", "-pk"))
    registry = [f for f in files if f.kind == DepartmentFile.Kind.REGISTRY]
    plans = [f for f in files if f.kind == DepartmentFile.Kind.PLAN][:1]
    return registry + plans


def previous_run(round_: Round) -> CensusRun | None:
    """The run this round's runs are compared with: the newest finished run of the latest
    earlier round (by census date) whose personal data is still kept."""
    return (CensusRun.objects.filter(round__census_date__lt=round_.census_date,
                                     round__purged_at__isnull=True, state=RunState.DONE)
            .order_by("-round__census_date", "-finished_at", "-pk").first())


def latest_run(round_: Round) -> CensusRun | None:
    """The round's newest finished run (what its pages show), or None."""
    return (CensusRun.objects.filter(round=round_, state=RunState.DONE)
            .order_by("-finished_at", "-pk").first())


def diff_file(run: CensusRun) -> Path:
    """The run's comparison with its previous run (census.rounds.Diff as JSON)."""
    return folder(run) / "diff.json"


def printable(files: list[str]) -> list[str]:
    """The PDFs a run offers (printed on first download): the summary, each unit pack written
    in one HTML file (a pack split into pages is printed by `census run --pdf` instead), the
    Tagana allocation."""
    names = set(files)
    split = {name.split(".p")[0] for name in files if re.search(r"\.p\d+\.html$", name)}
    pdfs = []
    for name in files:
        stem, _dot, suffix = name.rpartition(".")
        if suffix != "html" or f"{stem}.pdf" in names or re.search(r"\.p\d+$", stem):
            continue
        if name == "summary.html" or name == "tagana/allocation.html" or (
                name.startswith("units/") and stem not in split):
            pdfs.append(f"{stem}.pdf")
    return pdfs


def folder(run: CensusRun) -> Path:
    return Path(settings.INSTANCE.runs) / str(run.pk)


def outputs(run: CensusRun) -> Path:
    return folder(run) / "outputs"


def execute(run_id: int) -> None:
    """The queue's job: run the census of one recorded run and keep what it wrote."""
    from census.output import write_text_atomic
    from census.pipeline import run_census
    from census.rounds import diff_folders

    run = CensusRun.objects.select_related("round", "started_by").get(pk=run_id)
    if run.state != RunState.QUEUED:
        return  # already done (a queue may deliver a task twice after a crash)
    run.state, run.started_at = RunState.RUNNING, timezone.now()
    if run.previous is None:  # queued behind the earlier round's run: it is done by now
        run.previous = previous_run(run.round)
    run.save(update_fields=["state", "started_at", "previous"])

    def progress(stage: str) -> None:
        run.stage, run.step = stage[:200], run.step + 1
        run.save(update_fields=["stage", "step"])

    # A folder left under this run's number (a database restored or reset, its numbers used
    # again) is not this run's: start from nothing.
    shutil.rmtree(folder(run), ignore_errors=True)
    try:
        inputs = _lay_out_inputs(run)
        earlier = outputs(run.previous) if run.previous is not None else None
        if earlier is not None and not earlier.is_dir():
            earlier = None  # purged since
        # No PDFs in the run itself (printing them all costs a minute on the demo): each is
        # printed from its HTML when first downloaded (census.web.views_run.run_file).
        result = run_census(inputs, outputs(run), as_of=run.round.census_date, progress=progress,
                            workers=1, previous=[earlier] if earlier else None, pdf=False)
        if earlier is not None:
            diff = diff_folders(earlier, outputs(run))
            write_text_atomic(diff_file(run), diff.model_dump_json())
    except CensusError as exc:
        _finish(run, RunState.FAILED, *words_of(exc))
        return
    except Exception as exc:  # noqa: BLE001 - the run is marked failed; the worker goes on
        log.error("census run %s failed: %s", run.pk, type(exc).__name__)
        _finish(run, RunState.FAILED, INTERNAL, {"error": type(exc).__name__})
        return
    run.persons, run.errors, run.warnings = result.persons, result.errors, result.warnings
    run.by_status, run.files = result.by_status, result.files + printable(result.files)
    run.units = _unit_numbers(outputs(run) / "summary.json")
    _finish(run, RunState.DONE, "")


def _finish(run: CensusRun, state: str, message: str,
            values: dict[str, Any] | None = None) -> None:
    run.state, run.message, run.finished_at = state, message, timezone.now()
    run.message_values = values or {}
    run.save()
    action = "run-finished" if state == RunState.DONE else "run-failed"
    audit.record(run.started_by, action, run, f"round {run.round_id}")


def _lay_out_inputs(run: CensusRun) -> Path:
    inputs = folder(run) / "inputs"
    shutil.rmtree(inputs, ignore_errors=True)  # left by a run the machine stopped half-way
    (inputs / "registry").mkdir(parents=True, exist_ok=True)
    for submission in run.submissions.select_related("unit", "file"):
        assert submission.file is not None
        suffix = blobstore.roster_suffix(submission.file)
        blobstore.place(submission.file, inputs / f"{submission.unit.code}{suffix}")
    for department_file in run.department_files.select_related("file"):
        assert department_file.file is not None
        suffix = blobstore.SUFFIX.get(department_file.file.kind, ".csv")
        if department_file.kind == DepartmentFile.Kind.REGISTRY:
            target = inputs / "registry" / f"export_{department_file.pk}{suffix}"
        else:
            target = inputs / f"tagana_plan{suffix}"
        blobstore.place(department_file.file, target)
    attendance_export(run.round, inputs / "registry" / ATTENDANCE_FILE)
    (inputs / "census.toml").write_text(census_toml(run.round), encoding="utf-8")
    return inputs


#: The department's own export of the doses the Tagana coordinator recorded (its file name and
#: its facility column mark the doses as the department's evidence in the census).
ATTENDANCE_FILE = "tagana_kehadiran.csv"
ATTENDANCE_FACILITY = "Tagana: dicatat koordinator ({phase})"
_DOSE_WORDS = {"dose1": "Dosis 1", "dose2": "Dosis 2", "dose3": "Dosis 3",
               "booster1": "Booster 1", "booster2": "Booster 2"}


def attendance_export(round_: Round, path: Path) -> int:
    """Write the doses recorded at the round's Tagana phases as a health-office-style export
    (NIK, name, birth date from the round's newest run); return how many rows."""
    from census.rounds.people import identities

    records = list(Attendance.objects.filter(round=round_, came=True, given_on__isnull=False)
                   .exclude(slot="").order_by("phase", "person_id"))
    basis = latest_run(round_) or previous_run(round_)
    if not records or basis is None:
        return 0
    who = identities(outputs(basis), [r.person_id for r in records])
    lines = [["NIK", "Nama", "Tanggal Lahir", "Tanggal Vaksin", "Dosis", "Jenis Vaksin", "Faskes"]]
    for record in records:
        person = who.get(record.person_id)
        if person is None or record.given_on is None:
            continue
        birth = person.birth_date.strftime("%d/%m/%Y") if person.birth_date else ""
        lines.append([person.nik or "", person.name, birth, record.given_on.strftime("%d/%m/%Y"),
                      _DOSE_WORDS.get(record.slot, record.slot), record.brand,
                      ATTENDANCE_FACILITY.format(phase=record.phase)])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(lines)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return len(lines) - 1


def census_toml(round_: Round) -> str:
    """The department's census.toml for one round: its date, and the units as the portal has them."""
    config_file = Path(settings.INSTANCE.config_file)
    data: dict[str, Any] = {}
    if config_file.is_file():
        data = tomllib.loads(config_file.read_text(encoding="utf-8"))
    data.pop("portal", None)
    logo = data.get("letter", {}).get("logo")
    if logo:  # named relative to the department's census.toml, not to the run's folder
        data["letter"]["logo"] = str((config_file.parent / logo).resolve())
    data["as_of"] = round_.census_date
    data["units"] = {
        unit.code: {key: value for key, value in (
            ("name", unit.name), ("head", unit.head), ("head_nip", unit.head_nip),
            ("head_phone", unit.head_phone),
        ) if value} | _unit_targets(data, unit.code)
        for unit in Unit.objects.all()
    }
    return tomli_w.dumps(data)


def _unit_targets(data: dict[str, Any], code: str) -> dict[str, Any]:
    targets = data.get("units", {}).get(code, {}).get("targets")
    return {"targets": targets} if targets else {}


def _unit_numbers(summary: Path) -> dict[str, dict[str, Any]]:
    """Per unit: people, eligible, complete and coverage from the run's summary.json."""
    try:
        units = json.loads(summary.read_text(encoding="utf-8")).get("units", {})
    except (OSError, ValueError):
        return {}
    return {
        code: {
            "people": numbers.get("total", 0),
            "eligible": numbers.get("eligible", 0),
            "complete": numbers.get("by_status", {}).get("complete", 0),
            "coverage": numbers.get("coverage"),
        }
        for code, numbers in units.items()
    }
