"""Rounds: the list, opening and closing, the department's tracker, exports and plans, runs."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from census.i18n import N_
from census.web import audit, blobstore, intake, retention, tasks
from census.web.access import DEPARTMENT, EVERYONE, account, roles
from census.web.middleware import language_of
from census.web.models import (
    CensusRun,
    DepartmentFile,
    Outcome,
    Role,
    Round,
    Unit,
)
from census.web.receiving import limit_mb, receive
from census.web.screens import (
    FileRow,
    RoundRow,
    RoundsPage,
    RunRow,
    TrackerPage,
    render_page,
    when,
)
from census.web.speech import say
from census.web.tracker import tracker_rows


@roles(*EVERYONE)
@require_http_methods(["GET", "POST"])
def rounds_view(request: HttpRequest) -> HttpResponse:
    """Every round; the administrator opens a new one here (name and census date)."""
    user = account(request)
    error = ""
    if request.method == "POST":
        if user.role != Role.ADMIN:
            raise PermissionDenied
        name = request.POST.get("name", "").strip()[:120]
        try:
            census_date = date.fromisoformat(request.POST.get("census_date", ""))
        except ValueError:
            census_date = None
        if not name or census_date is None:
            error = N_("Give the round a name and a census date (YYYY-MM-DD).")
        else:
            round_ = Round.objects.create(name=name, census_date=census_date)
            audit.record(user, "round-opened", round_)
            return redirect("portal:tracker", round_.pk)
    units = Unit.objects.filter(active=True).count()
    rounds = Round.objects.annotate(
        submitted=Count("submissions__unit", filter=Q(submissions__outcome=Outcome.ACCEPTED),
                        distinct=True)
    )
    rows = []
    for round_ in rounds:
        if user.role == Role.OPERATOR:
            assert user.unit is not None
            href = reverse("portal:unit", args=[round_.pk, user.unit.code])
        elif user.role == Role.HEAD:
            assert user.unit is not None
            href = reverse("portal:pack", args=[round_.pk, user.unit.code])
        elif user.role == Role.COORDINATOR:
            href = reverse("portal:tagana", args=[round_.pk])
        else:
            href = reverse("portal:tracker", args=[round_.pk])
        rows.append(RoundRow(round_.pk, round_.name, round_.census_date.isoformat(),
                             round_.is_open, round_.submitted, units, href))
    page = RoundsPage(rows, can_manage=user.role == Role.ADMIN, error=error,
                      today=timezone.localdate().isoformat())
    return render_page(request, "rounds.html", page, status=400 if error else 200)


@roles(*DEPARTMENT)
def tracker_view(request: HttpRequest, round_id: int, error: str = "",
                 status: int = 200) -> HttpResponse:
    """One row per unit, those not submitted or with errors first; files; runs."""
    user = account(request)
    round_ = get_object_or_404(Round, pk=round_id)
    rows, missing = tracker_rows(round_, user, language_of(request))
    admin = user.role == Role.ADMIN
    counts = [
        (N_("Units"), len(rows)),
        (N_("Not submitted"), sum(1 for r in rows if r.state == "missing")),
        (N_("With errors"), sum(1 for r in rows if r.state == "errors")),
        (N_("Without errors"), sum(1 for r in rows if r.state in ("warnings", "clean"))),
    ]
    files = [
        FileRow(
            id=f.pk, kind=f.kind, name=f.original_name, uploaded_at=when(f.uploaded_at),
            uploaded_by=f.uploaded_by.get_username() if f.uploaded_by else "-",
            accepted=f.outcome == Outcome.ACCEPTED, rows=f.rows,
            message=say(language_of(request), f.message, f.message_values),
            href=reverse("portal:department-file", args=[f.pk]) if admin and f.file_id else "",
        )
        for f in DepartmentFile.objects.filter(round=round_).select_related("uploaded_by")
    ] if admin else []
    runs = [
        RunRow(r.pk, when(r.created_at), r.started_by.get_username() if r.started_by else "-",
               r.state, r.persons, reverse("portal:run", args=[r.pk]))
        for r in CensusRun.objects.filter(round=round_).select_related("started_by")[:20]
    ]
    page = TrackerPage(
        round_id=round_.pk, round_name=round_.name, census_date=round_.census_date.isoformat(),
        round_open=round_.is_open, rows=rows, missing=missing, counts=counts, files=files,
        runs=runs, can_manage=admin, limit_mb=limit_mb(), error=error,
        has_run=any(r.state == "done" for r in runs), links=_round_links(round_, admin),
        purgeable=admin and retention.purgeable(round_), purged=round_.purged_at is not None,
    )
    return render_page(request, "tracker.html", page, status=status)


def _round_links(round_: Round, admin: bool) -> list[tuple[str, str, str]]:
    """The round's other pages for the department (msgid, href, element id)."""
    if not admin:
        return []
    return [
        (N_("Changes since the last round"), reverse("portal:changes", args=[round_.pk]),
         "link-changes"),
        (N_("Tagana volunteers"), reverse("portal:tagana", args=[round_.pk]), "link-tagana"),
        (N_("Reminders"), reverse("portal:reminders", args=[round_.pk]), "link-reminders"),
        (N_("Export the round (zip)"), reverse("portal:round-export", args=[round_.pk]),
         "link-export"),
    ]


@roles(Role.ADMIN)
@require_POST
def round_state_view(request: HttpRequest, round_id: int, action: str) -> HttpResponse:
    """Close a round (no more uploads) or open it again."""
    round_ = get_object_or_404(Round, pk=round_id)
    if action == "close":
        round_.is_open, round_.closed_at = False, timezone.now()
    else:
        round_.is_open, round_.closed_at = True, None
    round_.save(update_fields=["is_open", "closed_at"])
    audit.record(account(request), "round-closed" if action == "close" else "round-opened", round_)
    return redirect("portal:tracker", round_.pk)


@roles(Role.ADMIN)
@require_POST
def department_file_upload(request: HttpRequest, round_id: int) -> HttpResponse:
    """A health-office export or the Tagana plan for the round, checked by the core's readers."""
    round_ = get_object_or_404(Round, pk=round_id)
    kind = request.GET.get("kind") or DepartmentFile.Kind.REGISTRY
    if kind not in DepartmentFile.Kind.values:
        raise Http404
    received = receive(request)
    if received.missing:
        return tracker_view(request, round_id, error=N_("Choose a file first."), status=400)
    if received.too_big:
        reading = intake.too_big(limit_mb())
    else:
        assert received.stored is not None
        reading = intake.read_department_file(received.stored, kind, round_.census_date)
    record = DepartmentFile.objects.create(
        round=round_, kind=kind, uploaded_by=account(request), file=received.stored,
        original_name=blobstore.safe_name(received.name or "-"), outcome=reading.outcome,
        message=reading.message, message_values=reading.values, rows=reading.rows,
    )
    audit.record(account(request), "department-file", record, f"{kind} {reading.outcome}")
    return redirect(reverse("portal:tracker", args=[round_.pk]) + "#files")


@roles(Role.ADMIN)
def department_file_download(request: HttpRequest, pk: int) -> HttpResponse:
    """A department file as it was uploaded (person-level: audited)."""
    record = get_object_or_404(DepartmentFile.objects.select_related("file"), pk=pk)
    if record.file is None:
        raise Http404
    audit.record(account(request), "download", record, f"{record.kind} {record.pk}")
    suffix = blobstore.SUFFIX.get(record.file.kind, ".bin")
    return FileResponse(blobstore.path_of(record.file).open("rb"), as_attachment=True,
                        filename=f"{record.kind}_{record.pk}{suffix}")


@roles(Role.ADMIN)
@require_POST
def run_start_view(request: HttpRequest, round_id: int) -> HttpResponse:
    """Start a census over the round's current submissions (it runs in the background)."""
    round_ = get_object_or_404(Round, pk=round_id)
    run = tasks.start_run(round_, account(request))
    return redirect("portal:run", run.pk)
