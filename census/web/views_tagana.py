"""The Tagana coordinator: the allocation plan (edited here or uploaded), a checklist per phase
of the volunteers the core assigned (who came, which dose; usable on a phone), and an update of
the allocation report: a census run in which the recorded doses count as the department's own
export (census.web.runner.attendance_export)."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from census.allocate.page import word
from census.i18n import N_, translator
from census.model import DOSE_SLOTS
from census.web import audit, blobstore, intake, runner, tasks
from census.web.access import account, roles
from census.web.contexts import CheckRow, PhaseCountRow, TaganaPage
from census.web.middleware import language_of
from census.web.models import (
    Attendance,
    CensusRun,
    DepartmentFile,
    Outcome,
    Role,
    Round,
    RunState,
)
from census.web.screens import render_page
from census.web.speech import say

TAGANA_ROLES = (Role.ADMIN, Role.COORDINATOR)
ROUND_CLOSED = N_("This round is closed: nothing can be changed.")


def _plan_text(round_: Round) -> str:
    """The round's current plan as TOML text (the file itself when it is TOML)."""
    plans = [f for f in runner.active_department_files(round_)
             if f.kind == DepartmentFile.Kind.PLAN and f.file is not None]
    if not plans or plans[0].file is None:
        return ""
    stored = plans[0].file
    if stored.kind == "toml":
        return blobstore.path_of(stored).read_text("utf-8", errors="replace")
    return ""


@roles(*TAGANA_ROLES)
@require_http_methods(["GET"])
def tagana_view(request: HttpRequest, round_id: int) -> HttpResponse:
    """The phases of the newest run, one phase's checklist (`?phase=`), the plan."""
    return _tagana_page(request, round_id)


def _tagana_page(request: HttpRequest, round_id: int, plan_error: str = "",
                 plan_text: str | None = None, status: int = 200) -> HttpResponse:
    from census.rounds.people import allocated

    round_ = get_object_or_404(Round, pk=round_id)
    lang = language_of(request)
    words = translator(lang)
    run = runner.latest_run(round_)
    active = CensusRun.objects.filter(round=round_, state__in=(RunState.QUEUED, RunState.RUNNING))
    base = {"round_id": round_.pk, "round_name": round_.name,
            "plan_text": _plan_text(round_) if plan_text is None else plan_text,
            "plan_error": plan_error, "can_edit": round_.is_open and round_.purged_at is None,
            "run_state": RunState.RUNNING if active.exists() else ""}
    if run is None or round_.purged_at is not None:
        return render_page(request, "tagana.html", TaganaPage(**base, has_run=False), status)
    allocation = allocated(runner.outputs(run))
    names = [p.phase for p in allocation.phases]
    chosen = request.GET.get("phase", "")
    if chosen not in names:
        # The phase in progress on the census date, else the last one.
        chosen = next((p.phase for p in allocation.phases if p.end >= round_.census_date),
                      names[-1] if names else "")
    records = {(a.phase, a.person_id): a for a in Attendance.objects.filter(round=round_)}
    recorded: dict[str, int] = {}
    for (phase, _pid), record in records.items():
        if record.came and record.slot:
            recorded[phase] = recorded.get(phase, 0) + 1
    url = reverse("portal:tagana", args=[round_.pk])
    phases = [PhaseCountRow(
        p.phase, f"{words.date(p.start)} – {words.date(p.end)}", p.quota, p.assigned,
        p.administered, p.remaining, p.no_shows, p.pending, recorded.get(p.phase, 0),
        f"{url}?phase={p.phase}", p.phase == chosen) for p in allocation.phases]
    rows = []
    for a in allocation.assignments:
        if a.phase != chosen:
            continue
        record = records.get((chosen, a.person_id))
        rows.append(CheckRow(
            person_id=a.person_id, name=a.name, nik=a.nik, kabkota=a.kabkota or "-",
            dose=a.dose, outcome=word(words, "outcome", a.outcome), outcome_code=a.outcome,
            came=bool(record and record.came),
            slot=record.slot if record else "",
            given_on=record.given_on.isoformat() if record and record.given_on else ""))
    phase = next((p for p in allocation.phases if p.phase == chosen), None)
    session_day = min(phase.end, round_.census_date).isoformat() if phase else ""
    report = "tagana/allocation.html"
    page = TaganaPage(
        **base, has_run=True, phases=phases, phase=chosen, rows=rows, slots=list(DOSE_SLOTS),
        session_day=session_day,
        report_href=(reverse("portal:run-file", args=[run.pk, report])
                     if report in run.files else ""),
        saved=int(request.GET.get("saved", "0") or 0) if request.GET.get("saved", "").isdigit()
        else 0,
    )
    return render_page(request, "tagana.html", page, status)


@roles(*TAGANA_ROLES)
@require_POST
def attendance_view(request: HttpRequest, round_id: int) -> HttpResponse:
    """Save a phase's checklist: for each volunteer listed, came or not, the dose, the date."""
    from census.rounds.people import allocated

    round_ = get_object_or_404(Round, pk=round_id)
    if not round_.is_open or round_.purged_at is not None:
        return _tagana_page(request, round_id, plan_error=ROUND_CLOSED, status=409)
    run = runner.latest_run(round_)
    if run is None:
        return _tagana_page(request, round_id, status=409)
    phase = request.POST.get("phase", "")
    # Only volunteers the core assigned to this phase: nobody else can be recorded here.
    assigned = {a.person_id: a for a in allocated(runner.outputs(run)).assignments
                if a.phase == phase}
    try:
        day = date.fromisoformat(request.POST.get("given_on", ""))
    except ValueError:
        day = round_.census_date
    user = account(request)
    saved = 0
    with transaction.atomic():
        for person_id in request.POST.getlist("listed"):
            if person_id not in assigned:
                continue
            came = request.POST.get(f"came-{person_id}") == "1"
            slot = request.POST.get(f"slot-{person_id}", "") if came else ""
            if slot not in DOSE_SLOTS:
                slot = ""
            Attendance.objects.update_or_create(
                round=round_, phase=phase, person_id=person_id,
                defaults={"came": came, "slot": slot, "given_on": day if slot else None,
                          "brand": request.POST.get("brand", "").strip()[:40] if slot else "",
                          "account": user})
            saved += 1
    audit.record(user, "attendance", round_, f"{phase[:60]} {saved}")
    return redirect(reverse("portal:tagana", args=[round_.pk]) + f"?phase={phase}&saved={saved}")


@roles(*TAGANA_ROLES)
@require_POST
def plan_view(request: HttpRequest, round_id: int) -> HttpResponse:
    """Save the plan edited as TOML text: checked by the core's reader like an uploaded plan."""
    round_ = get_object_or_404(Round, pk=round_id)
    if not round_.is_open:
        return _tagana_page(request, round_id, plan_error=ROUND_CLOSED, status=409)
    text = request.POST.get("plan", "")
    with tempfile.TemporaryDirectory(dir=settings_tmp()) as work:
        path = Path(work) / "tagana_plan.toml"
        path.write_text(text, encoding="utf-8")
        stored = blobstore.store(path)
    reading = intake.read_department_file(stored, DepartmentFile.Kind.PLAN, round_.census_date)
    record = DepartmentFile.objects.create(
        round=round_, kind=DepartmentFile.Kind.PLAN, uploaded_by=account(request), file=stored,
        original_name="tagana_plan.toml", outcome=reading.outcome, message=reading.message,
        message_values=reading.values, rows=reading.rows)
    audit.record(account(request), "plan-edited", record, reading.outcome)
    if reading.outcome != Outcome.ACCEPTED:
        return _tagana_page(request, round_id, status=400, plan_text=text,
                           plan_error=say(language_of(request), reading.message, reading.values))
    return redirect(reverse("portal:tagana", args=[round_.pk]) + "#plan")


def settings_tmp() -> str:
    from django.conf import settings

    return str(settings.INSTANCE.tmp)


@roles(*TAGANA_ROLES)
@require_POST
def update_view(request: HttpRequest, round_id: int) -> HttpResponse:
    """Update the allocation report: a census run with the recorded doses (background)."""
    round_ = get_object_or_404(Round, pk=round_id)
    if not round_.is_open:
        return _tagana_page(request, round_id, plan_error=ROUND_CLOSED, status=409)
    tasks.start_run(round_, account(request))
    return redirect(reverse("portal:tagana", args=[round_.pk]))
