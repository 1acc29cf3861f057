"""A census run: its progress (an htmx fragment polled while it runs), its numbers, its files."""

from __future__ import annotations

import mimetypes
import threading
from pathlib import Path

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from census.web import audit, runner
from census.web.access import DEPARTMENT, EVERYONE, account, is_person_level, may_open, roles
from census.web.audit import ACTIONS
from census.web.middleware import language_of
from census.web.models import AuditEvent, CensusRun, Role, RunState
from census.web.screens import AuditPage, AuditRow, OutputFile, RunPage, render_page, when
from census.web.speech import say


def _size(path: Path) -> str:
    size = path.stat().st_size if path.exists() else 0
    return f"{size / 1024:.0f} KB" if size < 1 << 20 else f"{size / (1 << 20):.1f} MB"


def run_page(request: HttpRequest, run: CensusRun) -> RunPage:
    """The run as this account may see it (a viewer: the summary files only)."""
    user = account(request)
    out = runner.outputs(run)
    files = [
        OutputFile(name, reverse("portal:run-file", args=[run.pk, name]), _size(out / name))
        for name in run.files if may_open(user, name)
    ]
    done = run.state == RunState.DONE
    percent = 100 if done else min(95, round(100 * run.step / runner.STEPS))
    return RunPage(
        id=run.pk, round_id=run.round_id, round_name=run.round.name, state=run.state,
        active=run.state in (RunState.QUEUED, RunState.RUNNING), stage=run.stage,
        percent=percent, message=say(language_of(request), run.message, run.message_values),
        created_at=when(run.created_at),
        started_by=run.started_by.get_username() if run.started_by else "-",
        finished_at=when(run.finished_at), persons=run.persons, errors=run.errors,
        warnings=run.warnings, units=len(run.units),
        files=files,
    )


@roles(*DEPARTMENT)
def run_view(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(CensusRun.objects.select_related("round", "started_by"), pk=pk)
    return render_page(request, "run.html", run_page(request, run))


@roles(*DEPARTMENT)
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress box alone (htmx polls it every second while the run is active)."""
    run = get_object_or_404(CensusRun.objects.select_related("round", "started_by"), pk=pk)
    return render_page(request, "run_progress.html", run_page(request, run))


@roles(*EVERYONE)
def run_file(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """One output file of a run, if this account may open it (else 404: not revealed)."""
    run = get_object_or_404(CensusRun, pk=pk)
    user = account(request)
    if name not in run.files or not may_open(user, name):
        raise Http404
    out = runner.outputs(run).resolve()
    path = (out / name).resolve()
    if not path.is_relative_to(out):
        raise Http404
    if path.suffix == ".pdf" and not path.is_file():
        _print(path.with_suffix(".html"))
    if not path.is_file():
        raise Http404
    if is_person_level(name):
        audit.record(user, "download", run, name)
    content_type, _ = mimetypes.guess_type(path.name)
    inline = path.suffix in (".html", ".json")
    response = FileResponse(path.open("rb"), as_attachment=not inline,
                            filename=path.name if not inline else None,
                            content_type=content_type or "application/octet-stream")
    if path.suffix == ".html":
        # A report is a document, not part of the portal: no scripts at all inside it.
        # The unit head's page shows the pack in a frame of the portal itself.
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            "frame-ancestors 'self'")
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


_PRINTING = threading.Lock()


def _print(html: Path) -> None:
    """Print a report's PDF from its HTML (once: kept beside it; one at a time)."""
    from census.report.pdf import pdf_path, write_pdf

    with _PRINTING:
        if html.is_file() and not pdf_path(html).is_file():
            write_pdf(html)


@roles(Role.ADMIN)
def audit_view(request: HttpRequest) -> HttpResponse:
    """The audit log (newest first), optionally one action."""
    action = request.GET.get("action", "")
    events = AuditEvent.objects.all()
    if action in ACTIONS:
        events = events.filter(action=action)
    else:
        action = ""
    limit = 500
    rows = [
        AuditRow(when(e.at), e.username, e.action, ACTIONS.get(e.action, e.action),
                 f"{e.object_type} {e.object_id}".strip(), e.detail)
        for e in events[:limit]
    ]
    page = AuditPage(rows, sorted(ACTIONS.items()), action, limit)
    return render_page(request, "audit.html", page)
