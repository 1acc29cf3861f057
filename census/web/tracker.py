"""The department's tracker: one row per unit — who has not sent, who still has errors, first."""

from __future__ import annotations

from collections import Counter

from django.urls import reverse

from census.i18n import translator
from census.web.models import (
    Account,
    ActionNote,
    CensusRun,
    Receipt,
    Role,
    Round,
    RunState,
    Submission,
    Unit,
)
from census.web.runner import current_submissions
from census.web.screens import MissingUnit, TrackerRow, when

#: Tracker order: what needs the department's attention first.
STATE_ORDER = {"missing": 0, "errors": 1, "warnings": 2, "clean": 3}


def tracker_rows(round_: Round, user: Account, lang: str) -> tuple[list[TrackerRow],
                                                                    list[MissingUnit]]:
    """The rows of the round's tracker and the units still to remind, as `user` may see them."""
    current = {s.unit_id: s for s in current_submissions(round_)}
    last_upload: dict[int, Submission] = {}
    for submission in (Submission.objects.filter(round=round_).select_related("uploaded_by")
                       .order_by("unit_id", "-version")):
        last_upload.setdefault(submission.unit_id, submission)
    run = (CensusRun.objects.filter(round=round_, state=RunState.DONE)
           .order_by("-finished_at", "-pk").first())
    numbers = run.units if run is not None else {}
    admin = user.role == Role.ADMIN
    received: dict[int, str] = {}
    for receipt in Receipt.objects.filter(run__round=round_).order_by("at"):
        received[receipt.unit_id] = f"{when(receipt.at)} ({receipt.username})"
    notes = Counter(ActionNote.objects.filter(round=round_).values_list("unit_id", flat=True))
    rows: list[TrackerRow] = []
    missing: list[MissingUnit] = []
    for unit in Unit.objects.filter(active=True):
        submission = current.get(unit.pk)
        last = last_upload.get(unit.pk)
        if submission is None:
            state = "missing"
            missing.append(MissingUnit(unit.code, unit.name, unit.head,
                                       unit.head_phone if admin else ""))
        elif submission.errors:
            state = "errors"
        elif submission.warnings:
            state = "warnings"
        else:
            state = "clean"
        figures = numbers.get(unit.code, {})
        coverage = figures.get("coverage")
        rows.append(TrackerRow(
            code=unit.code,
            name=unit.name,
            state=state,
            version=submission.version if submission is not None else None,
            last_at=when(last.uploaded_at) if last is not None else "",
            last_by=(last.uploaded_by.get_username() if last is not None and last.uploaded_by
                     else ""),
            errors=submission.errors if submission is not None else 0,
            warnings=submission.warnings if submission is not None else 0,
            rows=submission.rows if submission is not None else 0,
            people=str(figures["people"]) if "people" in figures else "",
            coverage=translator(lang).percent(coverage) if coverage is not None else "",
            href=reverse("portal:unit", args=[round_.pk, unit.code]) if admin else "",
            received=received.get(unit.pk, ""),
            notes=notes.get(unit.pk, 0),
            pack_href=reverse("portal:pack", args=[round_.pk, unit.code]) if admin else "",
        ))
    rows.sort(key=lambda r: (STATE_ORDER[r.state], r.name))
    return rows, missing
