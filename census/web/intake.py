"""Uploads in: a unit's workbook is read and validated by the core and recorded as a version.

The core does the work (`census.read.read_workbook`, `census.validate.validate_books`,
`census.validate.annotate_workbook`, `census.read.read_registry`, `census.allocate.load_plan`);
this module only hands it stored files under names the portal chose and records the outcome.
A file the core refuses is recorded as refused with the core's one line; nothing earlier changes.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from census.errors import CensusError
from census.findings import Finding, message
from census.i18n import N_, Lazy, Message
from census.model import Severity
from census.read import RosterBook, read_registry, read_workbook
from census.read.aliases import is_case_sheet
from census.validate import annotate_workbook, validate_files
from census.web import blobstore
from census.web.models import (
    Account,
    DepartmentFile,
    Outcome,
    Round,
    StoredFile,
    Submission,
    SubmissionFinding,
    Unit,
)
from census.web.speech import from_json, to_json, words_of

log = logging.getLogger(__name__)

INTERNAL = N_("Internal error while reading the file; please tell the administrator.")
TOO_BIG = N_("The file is larger than the {limit} MB limit and was not read.")
PLAN_KIND = N_("An allocation plan must be a .toml or .xlsx file.")


@dataclass(frozen=True)
class Reading:
    """What the core made of one workbook: refused (with its line) or read (with findings)."""

    outcome: str
    message: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    rows: int = 0
    understood: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def understood_of(book: RosterBook) -> dict[str, Any]:
    """How each sheet was read (the `census read` view): no personal data, only the layout."""
    sheets = []
    for info in book.sheets:
        sheets.append({
            "sheet": info.sheet,
            "category": info.category or ("column" if "category" in info.columns else ""),
            "header_row": info.header_row,
            "first_data_row": info.first_data_row,
            "rows": info.rows,
            "columns": [[letter, info.headers.get(name, ""), name]
                        for name, letter in info.columns.items()],
            "cases": info.header_row is None and not info.findings and is_case_sheet(info.sheet),
        })
    return {"sheets": sheets}


def read_roster(stored: StoredFile, unit_code: str, as_of: date) -> Reading:
    """Read and check a stored workbook as the unit's roster on the census date `as_of`: the
    workbook's own checks (`census.validate.validate_files`). What only the whole census finds
    (one person in two rosters, the health office's records, case sheets) comes with the run:
    the whole-census checks cost ten times more, too much for fifty uploads at once."""
    config = settings.INSTANCE.config(as_of=as_of)
    with blobstore.as_named(stored, unit_code, suffix=blobstore.roster_suffix(stored)) as path:
        try:
            report = validate_files([path], config)
        except CensusError as exc:
            return Reading(Outcome.REFUSED, *words_of(exc))
        except Exception as exc:  # noqa: BLE001 - a bug in the core must not lose the upload
            log.error("reading an upload failed: %s", type(exc).__name__)
            return Reading(Outcome.REFUSED, INTERNAL)
    skipped = report.skipped  # unreadable, or read but without a roster in it
    if skipped or not report.books:
        why: Lazy = skipped[0][1] if skipped else Message(INTERNAL)
        return Reading(Outcome.REFUSED, why.msgid,
                       {str(key): to_json(value) for key, value in dict(why.values).items()})
    book = report.books[0]
    return Reading(Outcome.ACCEPTED, rows=len(book.rows), understood=understood_of(book),
                   findings=report.findings)


def record_submission(round_: Round, unit: Unit, account: Account | None,
                      stored: StoredFile | None, original_name: str, reading: Reading) -> Submission:
    """Record one upload as the unit's next version in the round (versions never collide)."""
    with transaction.atomic():
        # Lock the unit's row so two uploads at once get versions n and n+1 (PostgreSQL; SQLite
        # writers are serialised by the IMMEDIATE transaction).
        Unit.objects.select_for_update().get(pk=unit.pk)
        last = Submission.objects.filter(round=round_, unit=unit).aggregate(v=Max("version"))["v"]
        errors = sum(1 for f in reading.findings if f.severity == Severity.ERROR)
        submission = Submission.objects.create(
            round=round_, unit=unit, version=(last or 0) + 1, uploaded_by=account,
            file=stored, original_name=blobstore.safe_name(original_name),
            outcome=reading.outcome, message=reading.message,
            message_values=reading.values, rows=reading.rows,
            errors=errors, warnings=len(reading.findings) - errors, understood=reading.understood,
        )
        SubmissionFinding.objects.bulk_create(
            [_finding_row(submission, finding) for finding in reading.findings], batch_size=500
        )
    return submission


def _finding_row(submission: Submission, finding: Finding) -> SubmissionFinding:
    return SubmissionFinding(
        submission=submission, code=finding.code, severity=str(finding.severity),
        sheet=finding.sheet or "", row=finding.row, column=finding.column or "",
        header=finding.header or "", value=finding.value or "",
        context=[[key, to_json(value)] for key, value in finding.context],
    )


def as_finding(row: SubmissionFinding, file: str) -> Finding:
    """The core's Finding again, from its stored row (to render its message in a language)."""
    return Finding(
        code=row.code, severity=Severity(row.severity), file=file, sheet=row.sheet or None,
        row=row.row, column=row.column or None, header=row.header or None,
        value=row.value or None,
        context=tuple((str(key), from_json(value)) for key, value in row.context),
    )


def finding_message(row: SubmissionFinding, lang: str) -> str:
    """The finding's message in `lang`, as the core words it."""
    return message(as_finding(row, ""), lang)


def annotated_copy(submission: Submission, lang: str) -> Path:
    """The submission's workbook marked up by the core (made once per language, then kept)."""
    assert submission.file is not None
    stamp = int(submission.uploaded_at.timestamp() * 1_000_000)
    target = Path(settings.INSTANCE.derived) / "annotated" / f"{submission.pk}-{stamp}-{lang}.xlsx"
    if target.exists():
        return target
    stored_findings = list(submission.findings.all())
    with blobstore.as_named(submission.file, submission.unit.code,
                            suffix=blobstore.roster_suffix(submission.file)) as path:
        book = read_workbook(path)
        findings = [as_finding(row, book.file) for row in stored_findings]
        with tempfile.TemporaryDirectory(dir=settings.INSTANCE.tmp, prefix="annotate-") as out:
            written = annotate_workbook(book, findings, Path(out), lang=lang)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(written), target)
    return target


def read_department_file(stored: StoredFile, kind: str, as_of: date) -> Reading:
    """Check a health-office export (registry) or a Tagana plan with the core's readers."""
    from census.allocate import load_plan

    try:
        if kind == DepartmentFile.Kind.REGISTRY:
            with blobstore.as_named(stored, "export", folder="registry") as path:
                table = read_registry(path)
            return Reading(Outcome.ACCEPTED, rows=len(table))
        with blobstore.as_named(stored, "tagana_plan") as path:
            if path.suffix not in (".toml", ".xlsx", ".xlsm"):
                return Reading(Outcome.REFUSED, PLAN_KIND)
            plan = load_plan(path.parent, as_of)
        return Reading(Outcome.ACCEPTED, rows=len(plan.phases) if plan is not None else 0)
    except CensusError as exc:
        return Reading(Outcome.REFUSED, *words_of(exc))
    except Exception as exc:  # noqa: BLE001 - a bug in the core must not lose the upload
        log.error("reading a department file failed: %s", type(exc).__name__)
        return Reading(Outcome.REFUSED, INTERNAL)


def too_big(limit_mb: str) -> Reading:
    """The refusal of a file over the upload limit (not stored, not read)."""
    return Reading(Outcome.REFUSED, TOO_BIG, {"limit": limit_mb})
