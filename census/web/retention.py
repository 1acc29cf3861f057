"""A round's data kept and let go: one archive of everything (files, findings, outputs, audit
trail), and the purge of personal data from closed rounds older than the retention period
(Law 27/2022), leaving the aggregate numbers (summary files, the tracker's counts).
"""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from census.web import blobstore, runner
from census.web.models import (
    ActionNote,
    Attendance,
    AuditEvent,
    CensusRun,
    DepartmentFile,
    Round,
    StoredFile,
    Submission,
    SubmissionFinding,
)

#: What a purged run keeps of its outputs: the department's numbers, no person in them.
KEPT_OUTPUTS = ("summary.json", "summary.html", "summary.xlsx")


def export_round(round_: Round, target: Path) -> Path:
    """Write the round's archive (zip) to `target`: uploads as they came, department files,
    findings, every run's outputs and comparison, notes, attendance and the audit trail."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        info = {"round": round_.name, "census_date": round_.census_date.isoformat(),
                "closed_at": round_.closed_at.isoformat() if round_.closed_at else None,
                "purged_at": round_.purged_at.isoformat() if round_.purged_at else None}
        archive.writestr("round.json", json.dumps(info, ensure_ascii=False, indent=1))
        submissions = []
        for s in Submission.objects.filter(round=round_).select_related("unit", "file",
                                                                          "uploaded_by"):
            name = ""
            if s.file is not None and blobstore.path_of(s.file).is_file():
                name = f"uploads/{s.unit.code}_v{s.version}{blobstore.roster_suffix(s.file)}"
                archive.write(blobstore.path_of(s.file), name)
            submissions.append({
                "unit": s.unit.code, "version": s.version, "file": name,
                "original_name": s.original_name, "uploaded_at": s.uploaded_at.isoformat(),
                "uploaded_by": s.uploaded_by.get_username() if s.uploaded_by else None,
                "outcome": s.outcome, "rows": s.rows, "errors": s.errors, "warnings": s.warnings,
                "findings": [{"code": f.code, "severity": f.severity, "sheet": f.sheet,
                              "row": f.row, "column": f.column, "value": f.value}
                             for f in s.findings.all()]})
        archive.writestr("submissions.json", json.dumps(submissions, ensure_ascii=False, indent=1))
        for f in DepartmentFile.objects.filter(round=round_).select_related("file"):
            if f.file is not None and blobstore.path_of(f.file).is_file():
                suffix = blobstore.SUFFIX.get(f.file.kind, ".bin")
                archive.write(blobstore.path_of(f.file), f"department/{f.kind}_{f.pk}{suffix}")
        for run in CensusRun.objects.filter(round=round_):
            base = runner.folder(run)
            for path in sorted(base.rglob("*")) if base.is_dir() else []:
                if path.is_file() and "inputs" not in path.relative_to(base).parts:
                    archive.write(path, f"runs/{run.pk}/{path.relative_to(base).as_posix()}")
        notes = [{"unit": n.unit.code, "person_id": n.person_id, "action": n.action,
                  "on_date": n.on_date.isoformat() if n.on_date else None, "text": n.text,
                  "by": n.username, "at": n.at.isoformat()}
                 for n in ActionNote.objects.filter(round=round_).select_related("unit")]
        archive.writestr("notes.json", json.dumps(notes, ensure_ascii=False, indent=1))
        attendance = [{"phase": a.phase, "person_id": a.person_id, "came": a.came,
                       "slot": a.slot, "brand": a.brand,
                       "given_on": a.given_on.isoformat() if a.given_on else None}
                      for a in Attendance.objects.filter(round=round_)]
        archive.writestr("attendance.json", json.dumps(attendance, ensure_ascii=False, indent=1))
        archive.writestr("audit.json", json.dumps(_audit_trail(round_), ensure_ascii=False,
                                                  indent=1))
    return target


def _audit_trail(round_: Round) -> list[dict[str, str]]:
    until = round_.closed_at or timezone.now()
    events = AuditEvent.objects.filter(at__gte=round_.opened_at, at__lte=until)
    return [{"at": e.at.isoformat(), "account": e.username, "action": e.action,
             "object": f"{e.object_type} {e.object_id}".strip(), "detail": e.detail}
            for e in events.order_by("at", "pk")]


def purgeable(round_: Round) -> bool:
    """Closed, not purged yet, and its census date older than the retention period."""
    cutoff = timezone.localdate() - timedelta(days=settings.CENSUS_RETENTION_DAYS)
    return not round_.is_open and round_.purged_at is None and round_.census_date < cutoff


@transaction.atomic
def purge_round(round_: Round) -> int:
    """Remove the round's personal data; keep its aggregates. Returns the stored files removed.

    Gone: the uploaded workbooks and exports (unless another round still uses the same bytes),
    the findings' values, every run's inputs and person-level outputs, the comparison, the
    heads' notes and the coordinator's attendance. Kept: the rounds, submissions and runs as
    records with their counts (the tracker's numbers), each run's summary files.
    """
    SubmissionFinding.objects.filter(submission__round=round_).update(value="", context=[])
    ActionNote.objects.filter(round=round_).delete()
    Attendance.objects.filter(round=round_).delete()
    for run in CensusRun.objects.filter(round=round_):
        base = runner.folder(run)
        if base.is_dir():
            for child in base.iterdir():
                if child.name != "outputs":
                    shutil.rmtree(child) if child.is_dir() else child.unlink()
            out = runner.outputs(run)
            if out.is_dir():
                for child in out.iterdir():
                    if child.name not in KEPT_OUTPUTS:
                        shutil.rmtree(child) if child.is_dir() else child.unlink()
        run.files = [name for name in run.files if name in KEPT_OUTPUTS]
        run.save(update_fields=["files"])
    files = set(Submission.objects.filter(round=round_).values_list("file_id", flat=True))
    files |= set(DepartmentFile.objects.filter(round=round_).values_list("file_id", flat=True))
    files.discard(None)
    Submission.objects.filter(round=round_).update(file=None, understood={})
    DepartmentFile.objects.filter(round=round_).update(file=None)
    removed = 0
    for stored in StoredFile.objects.filter(pk__in=files):
        used = Submission.objects.filter(file=stored).exists() or \
            DepartmentFile.objects.filter(file=stored).exists()
        if not used:
            blobstore.path_of(stored).unlink(missing_ok=True)
            stored.delete()
            removed += 1
    round_.purged_at = timezone.now()
    round_.save(update_fields=["purged_at"])
    return removed


def stale_rounds() -> list[Round]:
    """Closed rounds past the retention period whose personal data is still kept."""
    cutoff = timezone.localdate() - timedelta(days=settings.CENSUS_RETENTION_DAYS)
    return list(Round.objects.filter(Q(is_open=False) & Q(purged_at__isnull=True)
                                     & Q(census_date__lt=cutoff)))
