"""The typed context of changes.html and changes.xlsx (`census diff --out`): tables of a diff."""

from __future__ import annotations

from dataclasses import dataclass

from census.i18n import N_, Translator, translator
from census.report.context import Kpi
from census.rounds.diff import Changes, Diff, FindingRef, PersonRef
from census.rounds.diff_text import COUNT_LABELS, KIND_LABELS


@dataclass(frozen=True)
class ChangeTable:
    """One table of the change report: `title` (also the sheet name, cut to 31 characters),
    `note` (a line under the title, may be ''), `head`, `rows` of printed text, `numeric`:
    indexes of right-aligned columns."""

    title: str
    note: str
    head: list[str]
    rows: list[tuple[str, ...]]
    numeric: tuple[int, ...] = ()


@dataclass(frozen=True)
class ChangesPage:
    """Context of templates/rounds/changes.html (and of changes.xlsx).

    `t`, `lang`, `department`: as the report pages (templates/report/base.html frames it).
    `as_of`: the two census dates as printed ('31 Maret 2022 → 30 Juni 2022'). `title`: the
    heading. `kpis`: the department's counts. `tables`: every table, in order; an empty table
    prints `empty`.
    """

    t: Translator
    lang: str
    department: str
    as_of: str
    title: str
    kpis: list[Kpi]
    tables: list[ChangeTable]
    empty: str


#: Counts shown as headline figures.
KPIS = ["newly_complete", "new_doses", "newly_overdue", "still_overdue", "regressions",
        "new_people"]


def changes_page(diff: Diff, lang: str = "id") -> ChangesPage:
    """Every table of the change report, in the language `lang`."""
    t, words = translator(lang), translator(lang)
    department = diff.department
    return ChangesPage(
        t=words,
        lang=words.lang,
        department=department.name,
        as_of=f"{words.date(diff.old.as_of)} → {words.date(diff.new.as_of)}",
        title=t("Changes since {date}", date=words.date(diff.old.as_of)),
        kpis=[Kpi(t(COUNT_LABELS[key]), words.number(department.counts[key]))
              for key in KPIS],
        tables=_tables(diff, t, words),
        empty=t("None."),
    )


def _points(before: float | None, after: float | None, words: Translator) -> str:
    if before is None or after is None:
        return "-"
    text = f"{(after - before) * 100:+.1f}"
    return text if words.lang == "en" else text.replace(".", ",")


def _person(p: PersonRef) -> tuple[str, str, str]:
    return p.name, p.nik, ", ".join(p.units)


def _tables(diff: Diff, t: Translator, words: Translator) -> list[ChangeTable]:
    d = diff.department
    units = list(diff.units.items())
    person_head = [t("No."), t("Name"), t("NIK"), t("Unit")]

    def counts(c: Changes, unit: bool) -> tuple[str, ...]:
        n = c.counts
        moved = f"{n['joined']} / {n['left']}" if unit else str(n["moves"])
        return (str(n["newly_complete"]), str(n["new_doses"]), str(n["newly_overdue"]),
                str(n["still_overdue"]), str(n["regressions"]), str(n["new_people"]),
                str(n["gone_people"]), moved, f"{n['findings_fixed']} / {n['findings_new']}")

    def coverage(c: Changes) -> tuple[str, str, str]:
        total = c.coverage[-1]
        return (words.percent(total.before), words.percent(total.after),
                _points(total.before, total.after, words))

    tables = [
        ChangeTable(
            t("Per unit"), t("Coverage before → after and the change in percentage points; "
                             "people per change; moved in / out; findings fixed / new."),
            [t("Unit"), t("Before"), t("After"), t("Change"), t("Complete"), t("Doses"),
             t("Newly overdue"), t("Still overdue"), t("Went back"), t("New"), t("Gone"),
             t("Moved"), t("Findings")],
            [(f"{unit.name} ({code})", *coverage(unit), *counts(unit, True))
             for code, unit in units]
            + [(t("Whole department"), *coverage(d), *counts(d, False))],
            numeric=tuple(range(1, 13)),
        ),
        ChangeTable(
            t("Coverage by category"), t("Against the targets of the new round."),
            [t("Unit code"), t("Unit"), t("Category"), t("Before"),
             t("After"), t("Change"), t("Target"), t("Met")],
            [(code, name, words.category(row.category), words.percent(row.before),
              words.percent(row.after), _points(row.before, row.after, words),
              words.target(row.target),
              "-" if row.met_after is None else (t("Yes") if row.met_after else t("No")))
             for code, name, changes in [*[(c, u.name, u) for c, u in units],
                                         ("", t("Whole department"), d)]
             for row in changes.coverage[:-1]],
            numeric=(3, 4, 5, 6),
        ),
        ChangeTable(
            t(COUNT_LABELS["regressions"]),
            t("A dose recorded in the previous round is missing now: doses do not vanish, so "
              "a roster row was overwritten or a date deleted. Check the roster and the export."),
            [*person_head, t("Before"), t("Now"), t("Missing doses")],
            [(str(i), *_person(r), words.status(r.old_status), words.status(r.status),
              ", ".join(f"{words.dose(m.slot)} {words.date(m.date)}" for m in r.missing) or "-")
             for i, r in enumerate(d.regressions, start=1)],
            numeric=(0,),
        ),
        ChangeTable(
            t(COUNT_LABELS["identity_changes"]),
            t("The same person under a new id: the NIK, name or birth date was corrected."),
            [*person_head, t("How"), t("Old NIK"), t("Old id"), t("New id")],
            [(str(i), *_person(c), t(KIND_LABELS.get(c.kind, c.kind)), c.old_nik, c.old_id,
              c.person_id) for i, c in enumerate(d.identity_changes, start=1)],
            numeric=(0,),
        ),
        ChangeTable(
            t(COUNT_LABELS["moves"]), "",
            [t("No."), t("Name"), t("NIK"), t("From"), t("To")],
            [(str(i), m.name, m.nik, ", ".join(m.from_units) or "-", ", ".join(m.to_units) or "-")
             for i, m in enumerate(d.moves, start=1)],
            numeric=(0,),
        ),
        ChangeTable(
            t(COUNT_LABELS["category_changes"]), "",
            [*person_head, t("Before"), t("After")],
            [(str(i), *_person(c), ", ".join(words.category(x) for x in c.before) or "-",
              ", ".join(words.category(x) for x in c.after) or "-")
             for i, c in enumerate(d.category_changes, start=1)],
            numeric=(0,),
        ),
        _people(N_("New to a roster"), d.new_people, person_head, t, words),
        _people(N_("On no roster any more"), d.gone_people, person_head, t, words),
        _people(N_("Newly complete"), d.newly_complete, person_head, t, words),
        ChangeTable(
            t(COUNT_LABELS["new_doses"]),
            t("Doses dated on a day the previous round did not have: given since, or recorded "
              "only now."),
            [*person_head, t("Dose"), t("Date"), t("Brand")],
            [(str(i), *_person(n), words.dose(n.slot), words.date(n.date), n.brand or "-")
             for i, n in enumerate(d.new_doses, start=1)],
            numeric=(0,),
        ),
        _overdue(N_("Newly overdue"), d, "newly_overdue", person_head, t, words),
        _overdue(N_("Still overdue"), d, "still_overdue", person_head, t, words),
        _findings(N_("Findings fixed"), d.findings_fixed, t, words),
        _findings(N_("New findings"), d.findings_new, t, words),
    ]
    return tables


def _people(title: str, people: list[PersonRef], head: list[str], t: Translator,
            words: Translator) -> ChangeTable:
    return ChangeTable(t(title), "", [*head, t("Status")],
                       [(str(i), *_person(p), words.status(p.status))
                        for i, p in enumerate(people, start=1)], numeric=(0,))


def _overdue(title: str, changes: Changes, key: str, head: list[str], t: Translator,
             words: Translator) -> ChangeTable:
    people = sorted(getattr(changes, key), key=lambda p: (-(p.days or 0), p.name.casefold()))
    return ChangeTable(
        t(title), "", [*head, t("Next dose"), t("Due since"), t("Days late")],
        [(str(i), *_person(p), words.dose(p.next_dose), words.date(p.due),
          str(p.days) if p.days is not None else "-") for i, p in enumerate(people, start=1)],
        numeric=(0, 7),
    )


def _findings(title: str, found: list[FindingRef], t: Translator, words: Translator) -> ChangeTable:
    return ChangeTable(
        t(title), "",
        [t("No."), t("File"), t("Sheet"), t("Cell"),
         t("Code"), t("Message")],
        [(str(i), f.file, f.sheet or "", f"{f.column or ''}{f.row or ''}" or "-", f.code,
          f.message) for i, f in enumerate(found, start=1)],
        numeric=(0,),
    )


def unit_changes_page(diff: Diff, code: str, lang: str = "id") -> ChangesPage:
    """The change report of one unit alone (its head's and operator's view): the unit's own
    changes stand in for the department's, its people who joined or left as its moves, and no
    other unit's row or people are in it."""
    mine = diff.units[code]
    counts = {**mine.counts, "moves": mine.counts["joined"] + mine.counts["left"]}
    alone = mine.model_copy(update={"counts": counts, "moves": [*mine.joined, *mine.left]})
    page = changes_page(diff.model_copy(update={"department": alone, "units": {code: mine}}),
                        lang)
    first = page.tables[0]
    # The per-unit table: the unit's row only (the "whole department" row would repeat it).
    tables = [ChangeTable(first.title, first.note, first.head, first.rows[:1], first.numeric),
              *page.tables[1:]]
    return ChangesPage(page.t, page.lang, mine.name, page.as_of, page.title, page.kpis, tables,
                       page.empty)
