"""Rounds compared: a round's changes since the previous round (the core's `census diff`) for
the department and, scoped, for one unit; a person's status per round and `census explain`."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from census.i18n import translator
from census.web import runner
from census.web.access import account, roles, unit_or_404
from census.web.contexts import ChangesView, PersonPage
from census.web.middleware import language_of
from census.web.models import ActionNote, Role, Round, Unit
from census.web.screens import render_page
from census.web.views_head import note_view

UNIT_ROLES = (Role.ADMIN, Role.OPERATOR, Role.HEAD)


@roles(Role.ADMIN)
def changes_view(request: HttpRequest, round_id: int) -> HttpResponse:
    """The department's changes since the previous round, with a link to each unit's."""
    round_ = get_object_or_404(Round, pk=round_id)
    return _changes(request, round_, None)


@roles(*UNIT_ROLES)
def unit_changes_view(request: HttpRequest, round_id: int, code: str) -> HttpResponse:
    """One unit's changes since the previous round (its own people only)."""
    unit = unit_or_404(request, code)
    round_ = get_object_or_404(Round, pk=round_id)
    return _changes(request, round_, unit)


def _changes(request: HttpRequest, round_: Round, unit: Unit | None) -> HttpResponse:
    from census.rounds.changes_page import changes_page, unit_changes_page
    from census.rounds.diff import Diff
    from census.rounds.people import coverage_chart

    lang = language_of(request)
    t = translator(lang)
    run = runner.latest_run(round_)
    path = runner.diff_file(run) if run is not None else None
    base = {"round_id": round_.pk, "round_name": round_.name,
            "unit_name": unit.name if unit is not None else ""}
    if path is None or not path.is_file() or round_.purged_at is not None:
        return render_page(request, "changes.html", ChangesView(**base, available=False))
    assert run is not None
    diff = Diff.model_validate_json(path.read_text("utf-8"))
    if unit is not None and unit.code not in diff.units:
        return render_page(request, "changes.html", ChangesView(**base, available=False))
    # Scoped to a unit: the core's report of that unit alone (no other unit's people).
    report = (unit_changes_page(diff, unit.code, lang) if unit is not None
              else changes_page(diff, lang))
    links = [] if unit is not None else [
        (u.name, reverse("portal:unit-changes", args=[round_.pk, u.code]))
        for u in Unit.objects.filter(active=True)]
    chart = coverage_chart(runner.outputs(run), unit.code if unit is not None else None,
                           t("Coverage over the rounds"), lang)
    page = ChangesView(**base, available=True, as_of=report.as_of, kpis=report.kpis,
                       tables=report.tables, empty=report.empty, chart=chart, unit_links=links)
    return render_page(request, "changes.html", page)


@roles(*UNIT_ROLES)
def person_view(request: HttpRequest, round_id: int, person_id: str) -> HttpResponse:
    """A person's status in each round and why (the core's explain); the administrator, or
    the person's own unit only (anyone else: 404, the person's existence not revealed)."""
    from census.pipeline import explain_census
    from census.rounds.explain_text import explain_text
    from census.rounds.people import person_rounds, units_of

    user = account(request)
    round_ = get_object_or_404(Round, pk=round_id)
    run = runner.latest_run(round_)
    if run is None or round_.purged_at is not None:
        raise Http404
    out = runner.outputs(run)
    units = units_of(out, person_id)
    if not units:
        raise Http404
    if user.role != Role.ADMIN and (user.unit is None or user.unit.code not in units):
        raise Http404
    lang = language_of(request)
    words = translator(lang)
    history = person_rounds(out, person_id)
    rounds = []
    if history is not None:
        rounds = [(words.date(day), status or "", bool(late))
                  for day, status, late in zip(history.rounds, history.status, history.overdue,
                                               strict=True)]
    explanation = ""
    inputs = runner.folder(run) / "inputs"
    if inputs.is_dir():
        from census.config import load_config

        config = load_config(inputs, as_of=round_.census_date, lang=lang)
        found = explain_census(inputs, person_id, config=config)
        if user.role != Role.ADMIN:
            # The unit sees its own roster rows of the person, never another unit's.
            assert user.unit is not None
            code = user.unit.code
            found = found.model_copy(update={"rows": [
                r for r in found.rows if r.file.rsplit(".", 1)[0] == code]})
        explanation = explain_text(found, lang)
    notes = ActionNote.objects.filter(person_id=person_id)
    if user.role != Role.ADMIN:
        notes = notes.filter(unit=user.unit)
    page = PersonPage(
        round_id=round_.pk, person_id=person_id,
        name=history.name if history is not None else person_id,
        units=", ".join(units), rounds=rounds, explanation=explanation,
        notes=[note_view(n, lang) for n in notes.order_by("-at")[:50]],
    )
    return render_page(request, "person.html", page)
