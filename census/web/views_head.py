"""The unit head's page: the unit's pack in the browser, its downloads, "Diterima", and notes
about the outstanding people (notes never change a status: the next round's roster does)."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from census.i18n import N_, translator
from census.report.context import Kpi
from census.web import audit, runner
from census.web.access import account, may_open, roles, unit_or_404
from census.web.contexts import Download, NoteView, OutstandingRow, PackPage
from census.web.middleware import language_of
from census.web.models import Action, ActionNote, Receipt, Role, Round, Unit
from census.web.screens import render_page, when

PACK_ROLES = (Role.ADMIN, Role.HEAD, Role.OPERATOR)
#: Download labels by file suffix, in the order shown.
DOWNLOADS = {".pdf": "PDF", ".xlsx": "Excel", ".html": "HTML"}
ACTION_WORDS = dict(Action.choices)


def note_view(note: ActionNote, lang: str) -> NoteView:
    t = translator(lang)
    return NoteView(ACTION_WORDS.get(note.action, note.action), t.date(note.on_date) if note.on_date else "", note.text,
                    note.username, when(note.at))


def newest_notes(round_: Round | None, unit: Unit | None = None,
                 person_ids: set[str] | None = None) -> dict[str, ActionNote]:
    """The newest note per person in the round (optionally one unit's, some people)."""
    if round_ is None:
        return {}
    notes = ActionNote.objects.filter(round=round_)
    if unit is not None:
        notes = notes.filter(unit=unit)
    if person_ids is not None:
        notes = notes.filter(person_id__in=person_ids)
    newest: dict[str, ActionNote] = {}
    for note in notes.order_by("-at", "-pk"):
        newest.setdefault(note.person_id, note)
    return newest


def latest_receipt(round_: Round, unit: Unit) -> Receipt | None:
    return Receipt.objects.filter(run__round=round_, unit=unit).order_by("-at").first()


@roles(*PACK_ROLES)
@require_http_methods(["GET"])
def pack_view(request: HttpRequest, round_id: int, code: str) -> HttpResponse:
    """The unit's pack of the round's newest run, as the head receives it."""
    unit = unit_or_404(request, code)
    round_ = get_object_or_404(Round, pk=round_id)
    return _pack_page(request, round_, unit)


def _pack_page(request: HttpRequest, round_: Round, unit: Unit, error: str = "",
               status: int = 200) -> HttpResponse:
    from census.rounds.people import outstanding_people

    user = account(request)
    lang = language_of(request)
    t = translator(lang)
    run = runner.latest_run(round_)
    base = {"round_id": round_.pk, "round_name": round_.name, "round_open": round_.is_open,
            "unit_code": unit.code, "unit_name": unit.name}
    if run is None or round_.purged_at is not None:
        return render_page(request, "pack.html", PackPage(**base, has_run=False), status=status)
    numbers = run.units.get(unit.code, {})
    coverage = numbers.get("coverage")
    kpis = [
        Kpi(t("People"), t.number(numbers.get("people", 0))),
        Kpi(t("Eligible"), t.number(numbers.get("eligible", 0))),
        Kpi(t("Complete"), t.number(numbers.get("complete", 0))),
        Kpi(t("Coverage"), t.percent(coverage) if coverage is not None else "-"),
    ]
    mine = [name for name in run.files if may_open(user, name) and name.startswith("units/")
            and name.split("/")[-1].startswith(unit.code)]
    downloads = sorted(
        (Download(DOWNLOADS[suffix], name, reverse("portal:run-file", args=[run.pk, name]))
         for name in mine for suffix in DOWNLOADS if name.endswith(suffix)),
        key=lambda d: (list(DOWNLOADS.values()).index(d.label), d.name))
    html = f"units/{unit.code}.html"
    people = outstanding_people(runner.outputs(run), unit.code)
    ids = {p.person_id for p in people}
    notes = newest_notes(round_, unit, ids)
    before = run.previous.round if run.previous is not None else None
    earlier = newest_notes(before, unit, ids)
    rows = [
        OutstandingRow(
            person_id=p.person_id, name=p.name, nik=p.nik, categories=", ".join(
                t.category(c) for c in p.categories),
            status=t.status(p.status),
            next_dose=t.dose(p.next_dose),
            due=t.date(p.next_due) if p.next_due else "-",
            late=t.number(p.days_overdue) if p.days_overdue is not None else "",
            href=reverse("portal:person", args=[round_.pk, p.person_id]),
            note=note_view(notes[p.person_id], lang) if p.person_id in notes else None,
            earlier=note_view(earlier[p.person_id], lang) if p.person_id in earlier else None,
        )
        for p in people
    ]
    receipt = latest_receipt(round_, unit)
    page = PackPage(
        **base, has_run=True, kpis=kpis, downloads=downloads,
        pack_href=reverse("portal:run-file", args=[run.pk, html]) if html in run.files else "",
        receipt=(t("Received on {date} by {name}", date=when(receipt.at),
                       name=receipt.username) if receipt else ""),
        can_receive=user.role == Role.HEAD and receipt is None and round_.is_open,
        can_note=user.role == Role.HEAD and round_.is_open,
        actions=list(Action.choices), rows=rows,
        changes_href=(reverse("portal:unit-changes", args=[round_.pk, unit.code])
                      if run.previous is not None else ""),
        error=error,
    )
    return render_page(request, "pack.html", page, status=status)


@roles(Role.HEAD)
@require_POST
def receipt_view(request: HttpRequest, round_id: int, code: str) -> HttpResponse:
    """The head acknowledges receipt of the unit's pack ("Diterima", with the date)."""
    unit = unit_or_404(request, code)
    round_ = get_object_or_404(Round, pk=round_id)
    run = runner.latest_run(round_)
    if run is None or not round_.is_open:
        return _pack_page(request, round_, unit, N_("There is no pack to acknowledge."), 409)
    user = account(request)
    receipt, made = Receipt.objects.get_or_create(
        run=run, unit=unit, defaults={"account": user, "username": user.get_username()})
    if made:
        audit.record(user, "receipt", receipt, f"{unit.code} run {run.pk}")
    return redirect("portal:pack", round_.pk, unit.code)


@roles(Role.HEAD)
@require_POST
def note_view_post(request: HttpRequest, round_id: int, code: str) -> HttpResponse:
    """The head notes what was done about one outstanding person of the unit."""
    from census.rounds.people import outstanding_people

    unit = unit_or_404(request, code)
    round_ = get_object_or_404(Round, pk=round_id)
    run = runner.latest_run(round_)
    if run is None or not round_.is_open:
        return _pack_page(request, round_, unit, N_("This round is closed: nothing can be noted."),
                          409)
    person_id = request.POST.get("person_id", "")
    action = request.POST.get("action", "")
    # Only the unit's own outstanding people: a forged id of another unit's person is refused.
    if person_id not in {p.person_id for p in outstanding_people(runner.outputs(run), unit.code)}:
        return _pack_page(request, round_, unit, N_("No such person in the unit's list."), 404)
    on_date = None
    if request.POST.get("on_date"):
        try:
            on_date = date.fromisoformat(request.POST["on_date"])
        except ValueError:
            on_date = None
    if action not in Action.values or (action == Action.SCHEDULED and on_date is None):
        return _pack_page(request, round_, unit,
                          N_("Choose what was done (and the date of a scheduled dose)."), 400)
    user = account(request)
    note = ActionNote.objects.create(
        round=round_, unit=unit, person_id=person_id, action=action,
        on_date=on_date if action == Action.SCHEDULED else None,
        text=request.POST.get("text", "").strip()[:300], account=user,
        username=user.get_username())
    audit.record(user, "action-note", note, f"{unit.code} {action}")
    return redirect(reverse("portal:pack", args=[round_.pk, unit.code]) + f"#p-{person_id}")
