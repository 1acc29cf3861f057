"""Build the typed page contexts from the summary numbers and the unit tables."""

from __future__ import annotations

import dataclasses

import pandas as pd

from census.config import Config
from census.i18n import EMPTY, N_, Translator
from census.report.context import (
    Cell,
    CoverageRow,
    Kpi,
    PageLink,
    Pager,
    QualityLine,
    RemarkLine,
    Signature,
    SummaryPage,
    UnitPage,
)
from census.report.summary import STATUSES, Counts, Summary, UnitSummary
from census.report.svg import Bar, bar_chart
from census.report.tables import QualityRow


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
        Bar(unit.name, unit.coverage, None, unit_met(unit)) for unit in summary.units.values()
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
    )


def quality_line(row: QualityRow, summary: Summary, t: Translator) -> QualityLine:
    """A QualityRow as printed: unit name and 'code (n), code (n)'."""
    if row.unit is None:
        label, code = t("No unit (unreadable files, etc.)"), ""
    else:
        unit = summary.units.get(row.unit)
        label, code = (unit.name if unit else row.unit), row.unit
    top = ", ".join(f"{c} ({n})" for c, n in row.top_codes) or EMPTY
    return QualityLine(label, code, row.errors, row.warnings, top)


def signature(code: str, config: Config, t: Translator, as_of: str) -> Signature:
    """The head of unit `code` from census.toml, blank lines when not configured."""
    unit = config.units.get(code)
    return Signature(
        place_date=as_of,
        known=t("Acknowledged,"),
        title=t("Head of {unit}", unit=config.unit_name(code)),
        name=(unit.head or "") if unit else "",
        nip=(unit.head_nip or "") if unit else "",
    )


OUTSTANDING_HEAD = [
    N_("No."), N_("Name"), N_("NIK"), N_("Category"), N_("Status"), N_("Next dose"), N_("From"),
    N_("Overdue"), N_("Reason/Remark"), N_("Phone"),
]  # fmt: skip
REFUSED_HEAD = [N_("No."), N_("Name"), N_("NIK"), N_("Category"), N_("Status"), N_("Reason/Remark"),
                N_("Phone")]
FINDINGS_HEAD = [N_("No."), N_("File"), N_("Sheet"), N_("Row"), N_("Cell"), N_("Severity"),
                 N_("Message"), N_("Code")]


def unit_page(code: str, unit: UnitSummary, outstanding: pd.DataFrame | None,
              refused: pd.DataFrame | None, findings: pd.DataFrame | None, config: Config,
              summary: Summary, t: Translator) -> UnitPage:
    """One unit's pack page."""
    rows = [
        _row(t.category(c), code, entry, t, target=entry.target)
        for c, entry in unit.by_category.items()
    ]
    rows.append(_row(t("Total"), code, unit, t, is_total=True))
    out_rows: list[tuple[str, ...]] = []
    late: list[bool] = []
    if outstanding is not None and len(outstanding):
        dates = [t.date(d) for d in outstanding["from_date"].tolist()]
        overdue = outstanding["overdue"].tolist()
        yes, no = t("Yes"), ""
        out_rows = [
            (str(i + 1), name, nik, cat, status, dose, day, yes if od else no, reason, phone)
            for i, (name, nik, cat, status, dose, day, od, reason, phone) in enumerate(zip(
                outstanding["name"].tolist(), outstanding["nik"].tolist(),
                outstanding["category"].tolist(), outstanding["status"].tolist(),
                outstanding["next_dose"].tolist(), dates, overdue,
                outstanding["reason"].tolist(), outstanding["phone"].tolist(), strict=True,
            ))
        ]
        late = [bool(v) for v in overdue]
    ref_rows = _text_rows(refused, ["name", "nik", "category", "status", "reason", "phone"])
    find_rows = _text_rows(findings, ["file", "sheet", "row", "cell", "severity", "message",
                                      "code"])
    as_of = t.date(summary.as_of)
    outstanding_n = len(out_rows)
    kpis = [
        Kpi(t("Total"), t.number(unit.total), t("people")),
        Kpi(t("Coverage"), t.percent(unit.coverage), _of_eligible(unit, t)),
        Kpi(t("outstanding"), t.number(outstanding_n), t("people")),
        Kpi(t("Overdue"), t.number(sum(late)), t("people")),
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
        outstanding_head=[t(k) for k in OUTSTANDING_HEAD],
        outstanding=out_rows,
        outstanding_late=late,
        overdue_count=sum(late),
        refused_head=[t(k) for k in REFUSED_HEAD],
        refused=ref_rows,
        findings_head=[t(k) for k in FINDINGS_HEAD],
        findings=find_rows,
        signature=signature(code, config, t, as_of),
        outstanding_total=len(out_rows),
        refused_total=len(ref_rows),
        findings_total=len(find_rows),
    )


#: Rows of each list on one HTML page of a unit pack: a district's 200,000 people make 100 pages
#: of a few hundred kilobytes each, not one page of tens of megabytes (the workbook has them all).
PAGE_ROWS = 2000


def paged(page: UnitPage, stem: str, rows: int | None = None) -> list[tuple[str, UnitPage]]:
    """(file name, page) of each HTML page of a unit pack: `stem`.html alone when every list fits
    in `rows` (default PAGE_ROWS), else `stem`.html, `stem`.p2.html, … each with the next `rows`
    of every list."""
    rows = rows or PAGE_ROWS
    longest = max(len(page.outstanding), len(page.refused), len(page.findings))
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
            page, outstanding=page.outstanding[window],
            outstanding_late=page.outstanding_late[window], refused=page.refused[window],
            findings=page.findings[window], pager=pager,
        )))
    return pages


def _text_rows(table: pd.DataFrame | None, columns: list[str]) -> list[tuple[str, ...]]:
    if table is None or table.empty:
        return []
    values = [
        ["" if pd.isna(v) else str(v) for v in table[c].tolist()] for c in columns
    ]
    return [(str(i + 1), *row) for i, row in enumerate(zip(*values, strict=True))]
