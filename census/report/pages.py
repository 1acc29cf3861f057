"""Build the typed page contexts from the summary numbers and the unit tables."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import pandas as pd

from census.config import Config
from census.findings import label as finding_label
from census.i18n import N_, Translator
from census.report.context import (
    Cell,
    CoverageRow,
    Kpi,
    PageLink,
    Pager,
    PeopleList,
    QualityLine,
    RemarkLine,
    Reminder,
    Running,
    Signature,
    SummaryPage,
    TopFinding,
    UnitPage,
)
from census.report.cover import department_signature, head_title, unit_place
from census.report.reminder import reminder_text, wa_link, wa_number
from census.report.summary import STATUSES, Counts, Summary, UnitSummary
from census.report.svg import Bar, bar_chart
from census.report.tables import QualityRow

#: The footer of every printed page.
PAGES = N_("Page {page} of {pages}")


def coverage_cell(counts: Counts, target: float | None, t: Translator) -> Cell:
    """The coverage of `counts` coloured against `target` (no colour without a target)."""
    if counts.coverage is None:
        return Cell(t.percent(None), "na")
    if target is None:
        return Cell(t.percent(counts.coverage))
    return Cell(t.percent(counts.coverage), "met" if counts.coverage >= target - 1e-9 else "unmet")


def unit_met(unit: UnitSummary) -> bool | None:
    """True when every category with eligible people meets its target; None when none has any."""
    flags = [c.target_met for c in unit.by_category.values() if c.target_met is not None]
    return all(flags) if flags else None


def _row(label: str, code: str, counts: Counts, t: Translator, target: float | None = None,
         categories: list[Cell] | None = None, is_total: bool = False) -> CoverageRow:
    def n(value: int) -> str:
        return t.number(value)

    return CoverageRow(
        label=label,
        code=code,
        total=n(counts.total),
        by_status=[n(counts.by_status[s]) for s in STATUSES],
        eligible=n(counts.eligible),
        dosed=n(counts.at_least_one_dose),
        coverage=coverage_cell(counts, target, t),
        target=Cell(t.target(target)) if target is not None else Cell("-"),
        dropout=Cell(t.percent(counts.dropout)),
        categories=categories or [],
        is_total=is_total,
    )


def _of_eligible(counts: Counts, t: Translator) -> str:
    return t("{complete} complete of {eligible} eligible", complete=t.number(counts.by_status["complete"]),
             eligible=t.number(counts.eligible))


def summary_page(summary: Summary, quality: list[QualityRow], config: Config,
                 t: Translator) -> SummaryPage:
    """The department summary page."""
    categories = list(summary.totals.by_category)
    rows = []
    for code, unit in summary.units.items():
        cells = []
        for category in categories:
            entry = unit.by_category.get(category)
            if entry is None:
                cells.append(Cell("", ""))
                continue
            note = "" if entry.target == config.targets.get(category, entry.target) else (
                t("Target {target}", target=t.target(entry.target))
            )
            cell = coverage_cell(entry, entry.target, t)
            cells.append(Cell(cell.text, cell.state, note))
        rows.append(_row(unit.name, code, unit, t, categories=cells))
    totals = summary.totals
    total_cells = [coverage_cell(c, c.target, t) for c in totals.by_category.values()]
    rows.append(_row(t("Whole department"), "", totals, t, categories=total_cells, is_total=True))

    outstanding = sum(totals.by_status[s] for s in ("partial", "unvaccinated", "deferred"))
    kpis = [
        Kpi(t("Total"), t.number(totals.total), t("people")),
        Kpi(t("Coverage"), t.percent(totals.coverage), _of_eligible(totals, t)),
        Kpi(t("Dropout"), t.percent(totals.dropout)),
        Kpi(t("outstanding"), t.number(outstanding), t("people")),
        Kpi(t("Data quality"), f"{sum(q.errors for q in quality)} / "
            f"{sum(q.warnings for q in quality)}", " / ".join((t("Errors"), t("Warnings")))),
    ]
    unit_bars = [
        Bar(unit.name, unit.coverage, unit_target(unit), unit_met(unit))
        for unit in summary.units.values()
    ]
    category_bars = [
        Bar(t.category(c), entry.coverage, entry.target, entry.target_met)
        for c, entry in totals.by_category.items()
    ]
    return SummaryPage(
        t=t,
        lang=t.lang,
        department=summary.department,
        as_of=t.date(summary.as_of),
        kpis=kpis,
        statuses=[t.status(s) for s in STATUSES],
        categories=[
            Cell(t.category(c), "", t("Target {target}", target=t.target(e.target)))
            for c, e in totals.by_category.items()
        ],
        coverage_rows=rows,
        quality=[quality_line(q, summary, t) for q in quality],
        remarks=[RemarkLine(r.text, t.number(r.count)) for r in summary.remarks_not_understood],
        chart_units=bar_chart(unit_bars, t("Coverage by unit"), t),
        chart_categories=bar_chart(category_bars, t("Coverage by category against target"), t,
                                   legend=(N_("target met"), N_("target not met"))),
        totals_note=totals_note(summary, t),
        signature=department_signature(config, t),
        running=running(summary.department, t("Department Summary"), summary, t),
    )


def unit_target(unit: UnitSummary) -> float | None:
    """The coverage a unit needs overall: its categories' targets weighted by their eligible
    people (None without eligible people)."""
    eligible = sum(c.eligible for c in unit.by_category.values())
    if eligible <= 0:
        return None
    return sum(c.target * c.eligible for c in unit.by_category.values()) / eligible


def totals_note(summary: Summary, t: Translator) -> str:
    """Why the unit rows add up to more people than the department total ('' when they do not)."""
    several = summary.in_several_units
    if not several:
        return ""
    units_total = sum(unit.total for unit in summary.units.values())
    return t.n(
        "{count} person belongs to two or more units and counts in each of them: the unit rows "
        "add up to {units} people, the department total counts everyone once ({total}).",
        "{count} people belong to two or more units and count in each of them: the unit rows "
        "add up to {units} people, the department total counts everyone once ({total}).",
        several, units=t.number(units_total), total=t.number(summary.totals.total))


def running(left: str, middle: str, summary: Summary, t: Translator) -> Running:
    """Header and footer of a report's printed pages."""
    return Running(left=f"{left} · {middle}", right=t("As of {date}", date=t.date(summary.as_of)),
                   pages=t(PAGES))


def quality_line(row: QualityRow, summary: Summary, t: Translator) -> QualityLine:
    """A QualityRow as printed: unit name and its most frequent findings by name."""
    if row.unit is None:
        label, code = t("No unit (unreadable files, etc.)"), ""
    else:
        unit = summary.units.get(row.unit)
        label, code = (unit.name if unit else row.unit), row.unit
    top = [TopFinding(t(finding_label(c)), c, n, severity) for c, n, severity in row.top_codes]
    return QualityLine(label, code, row.errors, row.warnings, top)


def signature(code: str, config: Config, t: Translator) -> Signature:
    """The head of unit `code` from census.toml (blank lines when not configured), with the
    unit's place and the census date."""
    unit = config.units.get(code)
    return Signature(
        place_date=place_date_line(unit_place(code, config), config, t),
        known=t("Acknowledged,"),
        title=head_title(code, config, t),
        name=(unit.head or "") if unit else "",
        nip=(unit.head_nip or "") if unit else "",
    )


def place_date_line(place: str, config: Config, t: Translator) -> str:
    """'Jombang, 31 Maret 2022' (the census date alone without a place)."""
    day = t.date(config.as_of)
    return f"{place}, {day}" if place else day


#: Columns of the outstanding list: (key, header, numeric, nowrap, badge). Columns without
#: data for any person of the unit are left out (a roster without phones prints no phone column).
OUTSTANDING_HEAD = [
    ("no", N_("No."), True, False, False), ("name", N_("Name"), False, False, False),
    ("nik", N_("NIK"), False, True, False), ("category", N_("Category"), False, False, False),
    ("status", N_("Status"), False, True, False), ("next_dose", N_("Next dose"), False, True, False),
    ("from", N_("From"), False, True, False), ("overdue", N_("Overdue"), False, False, True),
    ("reason", N_("Reason/Remark"), False, False, False), ("phone", N_("Phone"), False, True, False),
]  # fmt: skip
REFUSED_HEAD = [
    ("no", N_("No."), True, False, False), ("name", N_("Name"), False, False, False),
    ("nik", N_("NIK"), False, True, False), ("category", N_("Category"), False, False, False),
    ("status", N_("Status"), False, False, False), ("reason", N_("Reason/Remark"), False, False, False),
    ("phone", N_("Phone"), False, True, False),
]  # fmt: skip
#: Columns printed even when empty.
ALWAYS = {"no", "name", "status", "next_dose"}
FINDINGS_HEAD = [N_("No."), N_("File"), N_("Sheet"), N_("Row"), N_("Cell"), N_("Severity"),
                 N_("Message"), N_("Code")]


def people_list(columns: Sequence[tuple[str, str, bool, bool, bool]],
                values: dict[str, list[str]], t: Translator, late: list[bool] | None = None,
                reminders: list[Reminder | None] | None = None) -> PeopleList:
    """A PeopleList of the columns that hold data (`values`: column key → text per row)."""
    kept = [c for c in columns if c[0] in ALWAYS
            or any(v not in ("", "-") for v in values[c[0]])]
    rows = list(zip(*(values[c[0]] for c in kept), strict=True)) if kept else []
    return PeopleList(
        head=[t(c[1]) for c in kept],
        rows=rows,
        numeric=tuple(i for i, c in enumerate(kept) if c[2]),
        nowrap=tuple(i for i, c in enumerate(kept) if c[3]),
        badge=tuple(i for i, c in enumerate(kept) if c[4]),
        late=late or [],
        reminders=reminders if reminders and any(r is not None for r in reminders) else [],
    )


def outstanding_list(table: pd.DataFrame | None, code: str, unit_name: str, config: Config,
                     t: Translator) -> PeopleList:
    """The unit's outstanding list as printed, with a reminder for each person with a phone."""
    if table is None or table.empty:
        return people_list(OUTSTANDING_HEAD, {c[0]: [] for c in OUTSTANDING_HEAD}, t)
    text = _texts(table, ["name", "nik", "category", "status", "next_dose", "reason", "phone"])
    overdue = [bool(v) for v in table["overdue"].tolist()]
    yes = t("Yes")
    from_dates = _cells(table["from_date"])
    values = {
        "no": [str(i) for i in range(1, len(table) + 1)], **text,
        "from": _dates(from_dates, t),
        "overdue": [yes if v else "" for v in overdue],
    }
    unit = config.units.get(code)
    place = (unit.vaccination_place if unit and unit.vaccination_place else
             t("the nearest puskesmas or vaccination post"))
    reminders: list[Reminder | None] = []
    for name, dose, since, phone in zip(text["name"], text["next_dose"], from_dates,
                                        text["phone"], strict=True):
        number = wa_number(phone)
        if number is None:
            reminders.append(None)
            continue
        message = reminder_text(name, dose, since, config.as_of, unit_name, place, t)
        reminders.append(Reminder(message, wa_link(number, message)))
    return people_list(OUTSTANDING_HEAD, values, t, late=overdue, reminders=reminders)


def unit_page(code: str, unit: UnitSummary, outstanding: pd.DataFrame | None,
              refused: pd.DataFrame | None, findings: pd.DataFrame | None, config: Config,
              summary: Summary, t: Translator) -> UnitPage:
    """One unit's pack page (without its cover letter: see census.report.cover)."""
    rows = [
        _row(t.category(c), code, entry, t, target=entry.target)
        for c, entry in unit.by_category.items()
    ]
    rows.append(_row(t("Total"), code, unit, t, is_total=True))
    waiting = outstanding_list(outstanding, code, unit.name, config, t)
    overdue = sum(waiting.late)
    keys = ["name", "nik", "category", "status", "reason", "phone"]
    refused_values = _texts(refused, keys) if refused is not None and len(refused) else {
        k: [] for k in keys}
    refused_values["no"] = [str(i) for i in range(1, len(refused_values["name"]) + 1)]
    find_rows = _text_rows(findings, ["file", "sheet", "row", "cell", "severity", "message",
                                      "code"])
    as_of = t.date(summary.as_of)
    kpis = [
        Kpi(t("Total"), t.number(unit.total), t("people")),
        Kpi(t("Coverage"), t.percent(unit.coverage), _of_eligible(unit, t)),
        Kpi(t("outstanding"), t.number(len(waiting.rows)), t("people")),
        Kpi(t("Overdue"), t.number(overdue), t("people")),
        Kpi(t("Data quality"), t.number(len(find_rows)), t("Data-quality findings of this unit")),
    ]
    return UnitPage(
        t=t,
        lang=t.lang,
        department=summary.department,
        as_of=as_of,
        unit_code=code,
        unit_name=unit.name,
        kpis=kpis,
        statuses=[t.status(s) for s in STATUSES],
        coverage_rows=rows,
        outstanding=waiting,
        overdue_count=overdue,
        refused=people_list(REFUSED_HEAD, refused_values, t),
        findings_head=[t(k) for k in FINDINGS_HEAD],
        findings=find_rows,
        signature=signature(code, config, t),
        running=running(summary.department, unit.name, summary, t),
        outstanding_total=len(waiting.rows),
        refused_total=len(refused_values["no"]),
        findings_total=len(find_rows),
    )


def _texts(table: pd.DataFrame, columns: list[str]) -> dict[str, list[str]]:
    """Each column's cells as text, '' when missing (one isna over the column, not per cell)."""
    texts = {}
    for column in columns:
        cells = table[column].to_numpy(dtype=object, copy=True)
        cells[pd.isna(cells)] = ""
        texts[column] = list(map(str, cells.tolist()))
    return texts


def _cells(values: pd.Series) -> list[Any]:
    """values.tolist(), a column of dates' Timestamps (NaT when missing) each made once: a
    list has few distinct dates, and a Timestamp made per row cost a tenth of the packs."""
    if values.dtype.kind != "M":
        return values.tolist()
    codes, distinct = pd.factorize(values)  # NaT: code -1, which picks the NaT appended last
    made = pd.Series([*distinct.tolist(), pd.NaT], dtype=object).to_numpy()
    return made[codes].tolist()  # type: ignore[no-any-return]


def _dates(values: list[Any], t: Translator) -> list[str]:
    """t.date of each value, each distinct date worded once (a list has few distinct dates)."""
    words: dict[Any, str] = {}
    texts = []
    for value in values:
        text = words.get(value)
        if text is None:
            text = words[value] = t.date(value)
        texts.append(text)
    return texts


#: Rows of each list on one HTML page of a unit pack: a district's 200,000 people make 100 pages
#: of a few hundred kilobytes each, not one page of tens of megabytes (the workbook has them all).
PAGE_ROWS = 2000


def paged(page: UnitPage, stem: str, rows: int | None = None) -> list[tuple[str, UnitPage]]:
    """(file name, page) of each HTML page of a unit pack: `stem`.html alone when every list fits
    in `rows` (default PAGE_ROWS), else `stem`.html, `stem`.p2.html, … each with the next `rows`
    of every list."""
    rows = rows or PAGE_ROWS
    longest = max(len(page.outstanding.rows), len(page.refused.rows), len(page.findings))
    count = max(1, -(-longest // rows))
    if count == 1:
        return [(f"{stem}.html", page)]
    t = page.t
    names = [f"{stem}.html"] + [f"{stem}.p{n}.html" for n in range(2, count + 1)]
    pages = []
    for k, name in enumerate(names):
        window = slice(k * rows, (k + 1) * rows)
        pager = Pager(
            label=t("Page {number} of {count}", number=k + 1, count=count),
            links=[PageLink(str(n + 1), other, n == k) for n, other in enumerate(names)],
            note=t("Each list is split into pages of {rows} rows; the workbook {file} holds "
                   "them whole.", rows=t.number(rows), file=f"{stem}.xlsx"),
            first=k == 0,
        )
        pages.append((name, dataclasses.replace(
            page, outstanding=_window(page.outstanding, window),
            refused=_window(page.refused, window), findings=page.findings[window], pager=pager,
            # The cover letter heads the first page only.
            letter=page.letter if k == 0 else None,
        )))
    return pages


def _window(people: PeopleList, window: slice) -> PeopleList:
    return dataclasses.replace(people, rows=people.rows[window], late=people.late[window],
                               reminders=people.reminders[window])


def _text_rows(table: pd.DataFrame | None, columns: list[str]) -> list[tuple[str, ...]]:
    if table is None or table.empty:
        return []
    values = list(_texts(table, columns).values())
    return [(str(i + 1), *row) for i, row in enumerate(zip(*values, strict=True))]
