"""A unit in a round: upload a workbook, see how it was read and every finding, download copies."""

from __future__ import annotations

from collections import OrderedDict

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from census.i18n import N_, translator
from census.web import audit, blobstore, intake
from census.web.access import account, roles, submission_or_404, unit_or_404
from census.web.middleware import language_of
from census.web.models import (
    CensusRun,
    Outcome,
    Role,
    Round,
    RunState,
    Submission,
    SubmissionFinding,
    Unit,
)
from census.web.receiving import limit_mb, receive
from census.web.screens import (
    FindingGroup,
    FindingRow,
    SheetView,
    SubmissionView,
    UnitPage,
    VersionRow,
    render_page,
    when,
)
from census.web.speech import say
from census.web.versions import compare

UNIT_ROLES = (Role.ADMIN, Role.OPERATOR)


@roles(*UNIT_ROLES)
@require_http_methods(["GET", "POST"])
def unit_view(request: HttpRequest, round_id: int, code: str) -> HttpResponse:
    """The unit's page in a round; POST uploads a new version of its workbook."""
    unit = unit_or_404(request, code)
    round_ = get_object_or_404(Round, pk=round_id)
    if request.method == "POST":
        if not round_.is_open:
            return _unit_page(request, round_, unit, N_("This round is closed: uploads are over."), 409)
        received = receive(request)
        if received.missing:
            return _unit_page(request, round_, unit, N_("Choose a workbook file first."), 400)
        if received.too_big:
            reading = intake.too_big(limit_mb())
        else:
            assert received.stored is not None
            reading = intake.read_roster(received.stored, unit.code, round_.census_date)
        submission = intake.record_submission(round_, unit, account(request), received.stored,
                                              received.name or "-", reading)
        audit.record(account(request), "upload" if submission.accepted else "upload-refused",
                     submission, f"{unit.code} v{submission.version}")
        return redirect("portal:submission", submission.pk)
    return _unit_page(request, round_, unit)


def _unit_page(request: HttpRequest, round_: Round, unit: Unit, error: str = "",
               status: int = 200) -> HttpResponse:
    lang = language_of(request)
    versions = list(Submission.objects.filter(round=round_, unit=unit)
                    .select_related("uploaded_by").order_by("-version"))
    current = next((s for s in versions if s.accepted), None)
    page = UnitPage(
        round_id=round_.pk,
        round_name=round_.name,
        round_open=round_.is_open,
        unit_code=unit.code,
        unit_name=unit.name,
        can_upload=round_.is_open,
        limit_mb=limit_mb(),
        current=submission_view(current, lang) if current is not None else None,
        history=[_version_row(s, current, lang) for s in versions],
        report_links=_report_links(round_, unit),
        error=error,
    )
    return render_page(request, "unit.html", page, status=status)


def _version_row(submission: Submission, current: Submission | None, lang: str) -> VersionRow:
    return VersionRow(
        id=submission.pk,
        version=submission.version,
        uploaded_at=when(submission.uploaded_at),
        uploaded_by=submission.uploaded_by.get_username() if submission.uploaded_by else "-",
        original_name=submission.original_name,
        accepted=submission.accepted,
        rows=submission.rows,
        errors=submission.errors,
        warnings=submission.warnings,
        message=say(lang, submission.message, submission.message_values),
        current=current is not None and submission.pk == current.pk,
        href=reverse("portal:submission", args=[submission.pk]),
    )


def _report_links(round_: Round, unit: Unit) -> list[tuple[str, str]]:
    run = (CensusRun.objects.filter(round=round_, state=RunState.DONE)
           .order_by("-finished_at", "-pk").first())
    if run is None:
        return []
    names = [f"units/{unit.code}.html", f"units/{unit.code}.xlsx"]
    return [(name.rsplit(".", 1)[1].upper(), reverse("portal:run-file", args=[run.pk, name]))
            for name in names if name in run.files]


def _finding_row(row: SubmissionFinding, lang: str) -> FindingRow:
    where = f"{row.column}{row.row or ''}"
    cell = f"{row.sheet}!{where}" if row.sheet and where else (row.sheet or where)
    return FindingRow(cell=cell, code=row.code, severity=row.severity, value=row.value,
                      message=intake.finding_message(row, lang))


def submission_view(submission: Submission, lang: str) -> SubmissionView:
    """Everything the page shows about one version (`lang`: the messages' language)."""
    t = translator(lang)
    findings = list(submission.findings.all())
    groups: OrderedDict[str, list[FindingRow]] = OrderedDict()
    for row in findings:  # sheets in the core's order, cells in reading order within each
        groups.setdefault(row.sheet, []).append(_finding_row(row, lang))
    for rows in groups.values():
        rows.sort(key=_cell_order)
    previous = (Submission.objects.filter(round=submission.round_id, unit=submission.unit_id,
                                          outcome=Outcome.ACCEPTED, version__lt=submission.version)
                .order_by("-version").first()) if submission.accepted else None
    changes = compare(list(previous.findings.all()), findings) if previous is not None else None
    sheets = [
        SheetView(
            sheet=str(sheet["sheet"]),
            category=t("from the category column") if sheet["category"] == "column"
            else str(sheet["category"] or ""),
            header_row=str(sheet["header_row"] or ""),
            rows=int(sheet["rows"]),
            columns=[(str(c[0]), str(c[1]), str(c[2])) for c in sheet["columns"]],
            skipped=sheet["header_row"] is None,
            cases=bool(sheet.get("cases")),
        )
        for sheet in submission.understood.get("sheets", [])
    ]
    return SubmissionView(
        id=submission.pk,
        unit_code=submission.unit.code,
        unit_name=submission.unit.name,
        round_name=submission.round.name,
        version=submission.version,
        uploaded_at=when(submission.uploaded_at),
        uploaded_by=submission.uploaded_by.get_username() if submission.uploaded_by else "-",
        original_name=submission.original_name,
        accepted=submission.accepted,
        message=say(lang, submission.message, submission.message_values),
        rows=submission.rows,
        errors=submission.errors,
        warnings=submission.warnings,
        sheets=sheets,
        groups=[FindingGroup(sheet, rows) for sheet, rows in groups.items()],
        previous_version=previous.version if previous is not None else None,
        fixed=[_finding_row(f, lang) for f in changes.fixed] if changes else [],
        new=[_finding_row(f, lang) for f in changes.new] if changes else [],
        kept=len(changes.kept) if changes else 0,
        annotated_href=reverse("portal:annotated", args=[submission.pk])
        if submission.accepted and submission.file is not None
        and submission.file.kind in blobstore.ANNOTATABLE else "",
        original_href=reverse("portal:original", args=[submission.pk])
        if submission.file_id else "",
        unit_href=reverse("portal:unit", args=[submission.round_id, submission.unit.code]),
    )


def _cell_order(row: FindingRow) -> tuple[int, int, str]:
    where = row.cell.rsplit("!", 1)[-1]
    letters = "".join(ch for ch in where if ch.isalpha())
    digits = "".join(ch for ch in where if ch.isdigit())
    return (int(digits) if digits else 0, len(letters), letters)


@roles(*UNIT_ROLES)
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One version: how it was understood, every finding by sheet, fixed/new since the last."""
    submission = submission_or_404(request, pk)
    page = submission_view(submission, language_of(request))
    return render_page(request, "submission.html", page)


@roles(*UNIT_ROLES)
def annotated_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit's own workbook with every finding marked (in the page's language)."""
    submission = submission_or_404(request, pk)
    if not submission.accepted or submission.file is None or \
            submission.file.kind not in blobstore.ANNOTATABLE:
        raise Http404
    path = intake.annotated_copy(submission, language_of(request))
    audit.record(account(request), "download", submission,
                 f"annotated {submission.unit.code} v{submission.version}")
    name = f"{submission.unit.code}_v{submission.version}_temuan.xlsx"
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)


@roles(*UNIT_ROLES)
def original_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The file exactly as it was uploaded (only to its own unit and the administrator)."""
    submission = submission_or_404(request, pk)
    if submission.file is None:
        raise Http404
    audit.record(account(request), "download", submission,
                 f"original {submission.unit.code} v{submission.version}")
    suffix = blobstore.SUFFIX.get(submission.file.kind, ".bin")
    name = f"{submission.unit.code}_v{submission.version}{suffix}"
    return FileResponse(blobstore.path_of(submission.file).open("rb"), as_attachment=True,
                        filename=name)
