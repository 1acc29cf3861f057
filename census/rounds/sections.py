"""The reports' change sections (census.report.since) from a diff and the history of the rounds."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from census.i18n import N_, Translator, translator
from census.read.cells import collector_paused
from census.report.mask import mask_text
from census.report.since import (
    RoundSeries,
    SinceFigure,
    SinceList,
    SinceReport,
    SinceRow,
    SummarySince,
    UnitSince,
)
from census.report.svg_lines import line_chart
from census.rounds.diff import Changes, Diff, diff_rounds
from census.rounds.diff_text import COUNT_LABELS
from census.rounds.history import History, HistoryTable, history_and_links
from census.rounds.snapshot import Snapshot

#: Counts shown as headline figures of the summary's section.
FIGURES = ["newly_complete", "new_doses", "newly_overdue", "regressions", "new_people",
           "gone_people"]
#: How many units "moved most" names.
MOVED_MOST = 3
#: Sheet name of the change (Excel: at most 31 characters).
SHEET = N_("Changes")


@dataclass(frozen=True)
class RunRounds:
    """What a run with earlier rounds adds: the history (always), and with a previous round the
    diff against the latest of them and the reports' change sections."""

    history: HistoryTable
    diff: Diff | None
    since: SinceReport | None


def follow_rounds(previous: list[Snapshot], current: Snapshot, lang: str = "id") -> RunRounds:
    """The current round set beside the `previous` ones (none: a history of one round)."""
    with collector_paused():  # lists and models of every person (census.read.cells)
        return _follow(previous, current, lang)


def _follow(previous: list[Snapshot], current: Snapshot, lang: str) -> RunRounds:
    history, links = history_and_links(previous, current)
    if not previous:
        return RunRounds(history, None, None)
    latest = max(previous, key=lambda s: (s.as_of, s.label))
    diff = diff_rounds(latest, current, links)  # the history linked them already
    return RunRounds(history, diff, since_report(diff, history, lang))


def since_report(diff: Diff, history: History | HistoryTable, lang: str = "id") -> SinceReport:
    """The summary's "Perubahan sejak <tanggal>" section and each unit pack's short one."""
    t, words = translator(lang), translator(lang)
    return SinceReport(
        summary=_summary(diff, history, t, words),
        units={code: _unit(diff, changes, t, words) for code, changes in diff.units.items()},
    )


def _title(diff: Diff, t: Translator, words: Translator) -> str:
    return t("Changes since {date}", date=words.date(diff.old.as_of))


def _points(before: float | None, after: float | None, words: Translator, t: Translator
            ) -> tuple[str, str]:
    """('+5,2 points', 'up') — the change in percentage points and its direction."""
    if before is None or after is None:
        return "-", "same"
    change = round((after - before) * 100, 1)
    text = f"{change:+.1f}"
    if words.lang != "en":
        text = text.replace(".", ",")
    state = "up" if change > 0 else "down" if change < 0 else "same"
    return t("{change} points", change=text), state


def _row(code: str, name: str, changes: Changes, words: Translator, t: Translator) -> SinceRow:
    total = changes.coverage[-1]
    change, state = _points(total.before, total.after, words, t)
    counts = changes.counts
    return SinceRow(code, (name, words.percent(total.before), words.percent(total.after), change,
                           str(counts["newly_complete"]), str(counts["new_doses"]),
                           str(counts["newly_overdue"])), state)


def _summary(diff: Diff, history: History | HistoryTable, t: Translator, words: Translator
             ) -> SummarySince:
    department = diff.department
    rows = [_row(code, unit.name, unit, words, t) for code, unit in diff.units.items()]
    moved = []
    for code, unit in diff.units.items():
        total = unit.coverage[-1]
        if total.before is not None and total.after is not None and total.after > total.before:
            moved.append((total.after - total.before, unit.name, code))
    moved.sort(key=lambda m: (-m[0], m[1]))
    if moved:
        named = ", ".join(
            f"{name} ({_points(0.0, change, words, t)[0]})" for change, name, _c in moved[:MOVED_MOST])
        moved_most = t("Moved most: {units}.", units=named)
    else:
        moved_most = t("No unit's coverage went up.")
    still = [unit.name for unit in diff.units.values()
             if not unit.counts["new_doses"] and unit.coverage[-1].before == unit.coverage[-1].after]
    not_moved = (t("Did not move (no new dose, coverage unchanged): {units}.",
                   units=", ".join(still)) if still else t("Every unit moved."))
    latest = history.rounds[-1]
    series = [RoundSeries(unit.name, history.coverage(code)) for code, unit in latest.units.items()]
    rounds = [words.date(r.as_of) for r in history.rounds]
    chart_title = t("Coverage per unit over the rounds")
    return SummarySince(
        title=_title(diff, t, words),
        note=t("Compared with the census of {date} (folder {folder}). Coverage = complete / "
               "eligible; the change is in percentage points.",
               date=words.date(diff.old.as_of), folder=diff.old.folder),
        figures=[SinceFigure(t(COUNT_LABELS[key]), str(department.counts[key])) for key in FIGURES],
        head=[t("Unit"), t("Coverage {date}", date=words.date(diff.old.as_of)),
              t("Coverage {date}", date=words.date(diff.new.as_of)), t("Change"),
              t(COUNT_LABELS["newly_complete"]), t(COUNT_LABELS["new_doses"]),
              t(COUNT_LABELS["newly_overdue"])],
        rows=rows,
        total=_row("", t("Whole department"), department, words, t),
        moved_most=moved_most,
        not_moved=not_moved,
        rounds=rounds,
        series=series,
        chart_title=chart_title,
        chart=line_chart(rounds, series, chart_title),
        sheet=t(SHEET)[:31],
    )


def _unit(diff: Diff, changes: Changes, t: Translator, words: Translator) -> UnitSince:
    total = changes.coverage[-1]
    counts = changes.counts
    summary = t("Coverage {before} → {after}. Complete since then: {complete}; newly overdue: "
                "{overdue}; new doses recorded: {doses}.",
                before=words.percent(total.before), after=words.percent(total.after),
                complete=counts["newly_complete"], overdue=counts["newly_overdue"],
                doses=counts["new_doses"])
    # Tens of thousands of doses and dates on a few hundred distinct days: each word once.
    dose_word, date_word = cache(words.dose), cache(words.date)
    doses: dict[str, list[str]] = {}
    for dose in changes.new_doses:
        doses.setdefault(dose.person_id, []).append(
            f"{dose_word(dose.slot)} {date_word(dose.date)}")
    completed: list[tuple[str, ...]] = [
        (str(i), mask_text(p.name), p.nik, "; ".join(doses.get(p.person_id, [])) or "-")
        for i, p in enumerate(changes.newly_complete, start=1)
    ]
    overdue: list[tuple[str, ...]] = [
        (str(i), mask_text(p.name), p.nik, dose_word(p.next_dose), date_word(p.due),
         str(p.days) if p.days is not None else "-")
        for i, p in enumerate(sorted(changes.newly_overdue, key=lambda p: -(p.days or 0)),
                              start=1)
    ]
    return UnitSince(
        title=_title(diff, t, words),
        summary=summary,
        lists=[
            SinceList(t("Complete since then"),
                      [t("No."), t("Name"), t("NIK"), t("New doses")],
                      completed),
            SinceList(t("Newly overdue"),
                      [t("No."), t("Name"), t("NIK"),
                       t("Next dose"), t("Due since"), t("Days late")], overdue),
        ],
        empty=t("None."),
        sheet=t(SHEET)[:31],
    )
