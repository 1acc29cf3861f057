"""What the case pages print: the exposure summary (counts only), who is isolating now, each unit's
own cases for its pack — as typed page contexts of worded tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from markupsafe import Markup

from census.cases.exposure import GROUPS, Exposure, ExposureCounts, isolating_on, isolation_window
from census.config import Config
from census.i18n import N_, Translator
from census.model import CaseGroup, Record
from census.report.context import Kpi, Section, Table
from census.report.mask import mask_nik
from census.report.svg import GREY, Series, stacked_columns
from census.rules.table import Rules
from census.rules.vocab import case_label, role_label

GROUP_LABELS = {
    str(CaseGroup.STAFF): N_("Staff"),
    str(CaseGroup.CLIENT): N_("Clients"),
    str(CaseGroup.OTHER): N_("Others"),
}
GROUP_COLOURS = {str(CaseGroup.STAFF): "#3b6ea5", str(CaseGroup.CLIENT): "#d9822b",
                 str(CaseGroup.OTHER): GREY}


@dataclass(frozen=True)
class CasePage:
    """Context of templates/cases/page.html: one page of headed sections.

    `t`, `lang`: the page's words. `department`: printed in the band. `title`: the page's
    heading; `subtitle`: the line under it (the date the page is about). `kpis`: headline
    numbers. `sections`: the parts of the page, in order. `note`: the footer.
    `confidential`: 'RAHASIA' on every page (health data). `orientation`: of the printed page.
    """

    t: Translator
    lang: str
    department: str
    title: str
    subtitle: str
    kpis: list[Kpi]
    sections: list[Section]
    note: str = ""
    confidential: bool = True
    orientation: str = "portrait"


def group_label(group: str, t: Translator) -> str:
    return t(GROUP_LABELS[group]) if group in GROUP_LABELS else group


def _counts_row(counts: ExposureCounts) -> tuple[int, int, int, int]:
    return counts.ever, counts.now, counts.recovered, counts.died


def summary_page(found: Exposure, t: Translator) -> CasePage:
    """kasus/ringkasan.html: the department's exposure register, counts only."""
    day = t.date(found.as_of)
    totals = found.totals
    kpis = [
        Kpi(t("Ever positive"), str(totals.total.ever), t("people")),
        Kpi(t("Positive now"), str(totals.total.now), t("isolating on {date}", date=day)),
        Kpi(t("Recovered"), str(totals.total.recovered), t("people")),
        Kpi(t("Died"), str(totals.total.died), t("people")),
        Kpi(t("Isolation rooms in use"), str(sum(u.rooms_in_use for u in found.units.values())),
            t("in the units")),
    ]
    counts_head = [t("Unit"), t("Ever positive"), t("Positive now"), t("Recovered"), t("Died")]
    per_unit = Table(
        head=[*counts_head, t("Isolation rooms in use")],
        rows=[(u.name, *_counts_row(u.total), u.rooms_in_use) for u in found.units.values()],
        numeric=(1, 2, 3, 4, 5),
        total=(t("Whole department"), *_counts_row(totals.total),
               sum(u.rooms_in_use for u in found.units.values())),
        empty=t("No case recorded."),
    )
    apart_rows: list[tuple[str | int, ...]] = []
    for unit in found.units.values():
        for group in GROUPS:
            counts = unit.by_group[group]
            if counts.ever:
                apart_rows.append((unit.name, group_label(group, t), *_counts_row(counts)))
    apart = Table(head=[counts_head[0], t("Group"), *counts_head[1:]], rows=apart_rows,
                  numeric=(2, 3, 4, 5), empty=t("No case recorded."))
    by_group = Table(
        head=[t("Group"), *counts_head[1:]],
        rows=[(group_label(g, t), *_counts_row(totals.by_group[g])) for g in GROUPS],
        numeric=(1, 2, 3, 4), total=(t("Whole department"), *_counts_row(totals.total)),
    )
    months = Table(
        head=[t("Month"), *[group_label(g, t) for g in GROUPS], t("Total")],
        rows=[(month_label(m, t), *[totals.by_month[m][g] for g in GROUPS],
               sum(totals.by_month[m].values())) for m in found.months],
        numeric=(1, 2, 3, 4),
        total=(t("Total"), *[sum(totals.by_month[m][g] for m in found.months) for g in GROUPS],
               sum(sum(totals.by_month[m].values()) for m in found.months)),
        empty=t("No case recorded."),
    )
    return CasePage(
        t=t, lang=t.lang, department=found.department, title=t("COVID-19 exposure register"),
        subtitle=t("Census date {date}", date=day), kpis=kpis,
        sections=[
            Section(t("New cases by month"), t("Positive tests that open a case (a repeat "
                    "positive within an isolation is the same case), staff and clients apart."),
                    chart=month_chart(found, t), table=months, sheet=t("By month")),
            Section(t("People by unit"), t("Each person once per unit: positive now = isolating "
                    "on the census date; recovered = ever positive − positive now − died."),
                    table=per_unit, sheet=t("By unit")),
            Section(t("Staff and clients apart"), table=apart, sheet=t("By group")),
            Section(t("Whole department by group"), table=by_group, sheet=t("Department")),
        ],
        note=t("Counts only: the names are in each unit's own pack. Made by census from the "
               "case records (Kasus / Terpapar sheets and inputs/kasus/)."),
        confidential=False,
    )


def month_label(month: str, t: Translator) -> str:
    """'2021-07' → 'Jul 2021' in the page's language."""
    stamp = pd.Timestamp(f"{month}-01")
    return t.date(stamp).split(" ", 1)[1][:3] + f" {stamp.year}"


def month_chart(found: Exposure, t: Translator) -> Markup:
    """The department's new cases per month, stacked by group (inline SVG)."""
    series = [
        Series(group_label(g, t), GROUP_COLOURS[g],
               [found.totals.by_month[m][g] for m in found.months])
        for g in GROUPS
    ]
    return stacked_columns([month_label(m, t) for m in found.months], series,
                           t("New cases by month"), empty=t("No case recorded."))


def who(case: Record, t: Translator, rules: Rules) -> str:
    """'PTT / Non ASN · Pamdal', 'Klien', or the role cell as typed for a case of no roster."""
    parts = []
    if case.get("category"):
        parts.append(t.category(str(case["category"])))
    if case.get("role_code"):
        parts.append(role_label(str(case["role_code"]), t, rules.roles))
    if not parts and case.get("role"):
        parts.append(str(case["role"]))
    return " · ".join(parts)


def place_text(case: Record, t: Translator) -> str:
    """'Isolation room of the unit (Ruang Isolasi 2)', 'Hospital (RSUD Jombang)', 'Isoman'."""
    code = case.get("isolation_place")
    raw = str(case.get("isolation_place_raw") or "")
    label = case_label(str(code), t) if code and code != "unknown" else ""
    if label and raw and raw.casefold() != label.casefold():
        return f"{label} ({raw})"
    return label or raw


def isolation_table(cases: pd.DataFrame, day: date, t: Translator, rules: Rules,
                    with_unit: bool, config: Config) -> Table:
    """Who isolates on `day`: where, since and until when, which puskesmas (NIK masked)."""
    now = cases[isolating_on(cases, day, rules).to_numpy(dtype=bool)]
    start, until = isolation_window(now, rules)
    now = now.assign(_start=start, _until=until).sort_values(["unit", "_until", "name"],
                                                             na_position="last", kind="stable")
    # A repeat positive within the isolation is the same person isolating: the latest end.
    now = now.drop_duplicates(["unit", "person_key"], keep="last")
    rows: list[tuple[str | int, ...]] = []
    for i, case in enumerate(now.to_dict("records"), start=1):
        cells: list[str | int] = [i]
        if with_unit:
            cells.append(config.unit_name(str(case["unit"])))
        cells += [str(case["name"] or ""), mask_nik(case["nik"]), who(case, t, rules),
                  place_text(case, t), t.date(case["_start"]),
                  t.date(case["_until"]), str(case["puskesmas"] or "")]
        rows.append(tuple(cells))
    head = [t("No."), *([t("Unit")] if with_unit else []), t("Name"), t("NIK"), t("Who"),
            t("Isolation place"), t("Since"), t("Until"), t("Puskesmas")]
    return Table(head=head, rows=rows, nowrap=(3 + with_unit, 5 + with_unit, 6 + with_unit),
                 empty=t("Nobody is isolating on {date}.", date=t.date(day)))


def rooms_table(cases: pd.DataFrame, found: Exposure, day: date, t: Translator,
                rules: Rules) -> Table:
    """Isolation rooms of each UPT in use on `day`: how many, by whom, their names."""
    now = cases[isolating_on(cases, day, rules).to_numpy(dtype=bool)
                & cases["isolation_place"].eq("unit").to_numpy(dtype=bool)]
    rows: list[tuple[str | int, ...]] = []
    for code, unit in found.units.items():
        mine = now[now["unit"].astype(str) == code]
        if mine.empty:
            continue
        names = sorted({str(v) for v in mine["isolation_place_raw"].dropna()})
        rows.append((unit.name, unit.rooms_in_use, len(mine), ", ".join(names)))
    return Table(head=[t("Unit"), t("Rooms in use"), t("People"), t("Rooms")], rows=rows,
                 numeric=(1, 2), empty=t("No isolation room of a unit is in use."))


def isolation_page(cases: pd.DataFrame, found: Exposure, config: Config, rules: Rules,
                   t: Translator) -> CasePage:
    """kasus/isolasi.html: who isolates on the census date (for the secretary; NIKs masked)."""
    day = found.as_of
    table = isolation_table(cases, day, t, rules, with_unit=True, config=config)
    places = cases[isolating_on(cases, day, rules).to_numpy(dtype=bool)]["isolation_place"]
    kpis = [Kpi(t("Positive now"), str(len(table.rows)), t("people"))]
    for code in ("home", "facility", "unit", "hospital"):
        kpis.append(Kpi(case_label(code, t), str(int((places == code).sum())), t("people")))
    return CasePage(
        t=t, lang=t.lang, department=found.department, title=t("In isolation now"),
        subtitle=t("Census date {date}", date=t.date(day)), kpis=kpis,
        sections=[
            Section(t("Isolating on {date}", date=t.date(day)),
                    t("Until: the end of isolation in the record, else the test date + {days} "
                      "days.", days=rules.cases.isolation_days), table=table,
                    sheet=t("Isolating")),
            Section(t("Isolation rooms in use per UPT"), table=rooms_table(cases, found, day, t,
                                                                            rules),
                    sheet=t("Rooms")),
        ],
        note=t("Health data: for the department secretary only. NIKs are masked."),
        orientation="landscape",
    )


def unit_sections(cases: pd.DataFrame, found: Exposure, config: Config, rules: Rules,
                  t: Translator) -> dict[str, list[Section]]:
    """Each unit's own cases for its pack: counts, who isolates now, every case recorded."""
    out: dict[str, list[Section]] = {}
    head = [t("Group"), t("Ever positive"), t("Positive now"), t("Recovered"), t("Died")]
    for code, unit in found.units.items():
        mine = cases[cases["unit"].astype(str) == code]
        if mine.empty:
            continue
        counts = Table(
            head=head,
            rows=[(group_label(g, t), *_counts_row(unit.by_group[g])) for g in GROUPS
                  if unit.by_group[g].ever],
            numeric=(1, 2, 3, 4), total=(t("Total"), *_counts_row(unit.total)),
            empty=t("No case recorded."),
        )
        out[code] = [
            Section(t("COVID-19 cases of this unit"), t("Health data of this unit's people "
                    "only: keep it confidential."), table=counts, sheet=t("Cases")),
            Section(t("In isolation now"),
                    table=isolation_table(mine, found.as_of, t, rules, False, config)),
            Section(t("Every case recorded"), table=case_table(mine, t, rules)),
        ]
    return out


def case_table(cases: pd.DataFrame, t: Translator, rules: Rules) -> Table:
    """Every case of a unit, latest first (NIK masked)."""
    ordered = cases.sort_values(["test_date", "name"], ascending=[False, True],
                                na_position="last", kind="stable")
    rows: list[tuple[str | int, ...]] = []
    for i, case in enumerate(ordered.to_dict("records"), start=1):
        outcome = case_label(case["outcome"], t) if case["outcome"] != "unknown" else ""
        if outcome and not pd.isna(case["outcome_date"]):
            outcome = f"{outcome} {t.date(case['outcome_date'])}"
        rows.append((
            i, str(case["name"] or ""), mask_nik(case["nik"]), who(case, t, rules),
            t.date(case["test_date"]), case_label(case["test_type"], t),
            case_label(case["result"], t), case_label(case["severity"], t),
            place_text(case, t), outcome,
        ))
    return Table(
        head=[t("No."), t("Name"), t("NIK"), t("Who"), t("Test date"), t("Test"), t("Result"),
              t("Severity"), t("Isolation place"), t("Outcome")],
        rows=rows, nowrap=(2, 4), empty=t("No case recorded."),
    )
