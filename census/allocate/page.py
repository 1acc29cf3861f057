"""The typed context of templates/allocation/allocation.html: exactly what the page prints."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from census.allocate.assign import Allocation
from census.i18n import N_, Translator, translator
from census.report.context import Running
from census.report.mask import mask_nik, mask_phone


@dataclass(frozen=True)
class PhaseRow:
    """One phase (or the total row, `is_total`): every number already printed as text.

    `period`: '10 Januari 2022 – 31 Januari 2022'. `regions`: the Kab/Kota served, or
    'semua Kab/Kota'. `over`: more doses administered than the quota (remaining < 0).
    """

    name: str
    period: str
    regions: str
    quota: int
    assigned: int
    administered: int
    administered_unassigned: int
    remaining: int
    no_shows: int
    pending: int
    over: bool = False
    is_total: bool = False


@dataclass(frozen=True)
class RegionRow:
    """One Kab/Kota: volunteers, how many need a dose on as_of, assigned, administered in a
    phase, no-shows, and those needing a dose without a phase."""

    name: str
    volunteers: int
    need_now: int
    assigned: int
    administered: int
    no_shows: int
    unassigned_need: int


@dataclass(frozen=True)
class PersonRow:
    """One volunteer of a list. `nik` is masked ('3578********0001'); dates and coded values
    are words in the page's language; `outcome_code` (administered, no_show, pending, '') lets
    the page colour the row."""

    number: int
    person_id: str
    nik: str
    name: str
    kabkota: str
    phone: str
    priority: str
    dose: str
    due: str
    status_at_start: str
    status: str
    given: str
    outcome: str
    outcome_code: str = ""
    reason: str = ""


@dataclass(frozen=True)
class PhaseList:
    """The volunteers assigned to one phase, in assignment order."""

    name: str
    period: str
    regions: str
    rows: list[PersonRow]


@dataclass(frozen=True)
class RegionGroup:
    """The waiting volunteers of one Kab/Kota (`name`), in order of due date."""

    name: str
    rows: list[PersonRow]


@dataclass(frozen=True)
class DoseRow:
    """A dose given to a volunteer outside any phase (masked NIK, date and brand as words)."""

    number: int
    person_id: str
    nik: str
    name: str
    kabkota: str
    dose: str
    date: str
    brand: str
    reason: str


@dataclass(frozen=True)
class AllocationPage:
    """Everything allocation.html prints.

    `lang`: 'id' or 'en'; `t`: the Translator of that language (t("Quota")). `department`,
    `title`: header lines (the plan's own title). `as_of`: census date as words. `source`: plan
    file name (the footer's). `total_doses`, `volunteers`: headline numbers. `phases`: PhaseRows
    then a total row. `regions`: RegionRows. `lists`: one PhaseList per phase. `unassigned`:
    PersonRows of volunteers still needing a dose with no phase (reason filled), grouped by
    Kab/Kota in `waiting`. `outside`: DoseRows (brands by their display names). `running`:
    the printed pages' header and footer.
    """

    lang: str
    t: Translator
    department: str
    title: str
    as_of: str
    source: str
    total_doses: int
    volunteers: int
    phases: list[PhaseRow]
    regions: list[RegionRow]
    lists: list[PhaseList]
    unassigned: list[PersonRow]
    outside: list[DoseRow]
    waiting: list[RegionGroup]
    running: Running


#: Coded values of the allocation tables in words (the code itself prints when unknown).
WORDS: dict[str, dict[str, str]] = {
    "priority": {
        "next_dose": N_("next dose"),
        "first_dose": N_("first dose"),
        "deferred": N_("deferred"),
        "booster": N_("booster"),
    },
    "outcome": {
        "administered": N_("vaccinated"),
        "no_show": N_("no-show"),
        "pending": N_("pending"),
    },
    "reason": {
        "no_phase": N_("no phase on that date"),
        "other_region": N_("phase for other Kab/Kota"),
        "no_phase_for_region": N_("no phase for this Kab/Kota"),
        "due_after_last_phase": N_("due after the last phase"),
        "phases_full": N_("phase quotas full"),
        "missed_phase": N_("did not come in their phase"),
    },
}


def word(t: Translator, kind: str, code: object) -> str:
    """A coded value in words: kind 'status', 'dose', 'priority', 'outcome' or 'reason'."""
    if code is None or code is pd.NA or (isinstance(code, float) and code != code):
        return "-"
    if kind == "status":
        return t.status(code)
    if kind == "dose":
        return t.dose(code)
    message = WORDS[kind].get(str(code))
    return t(message) if message else str(code)


def _text(value: object, default: str = "-") -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return default
    if isinstance(value, float) and value != value:
        return default
    return str(value)


def period(t: Translator, start: object, end: object) -> str:
    """'10 Januari 2022 – 31 Januari 2022'."""
    return f"{t.date(start)} – {t.date(end)}"


def person_rows(frame: pd.DataFrame, t: Translator) -> list[PersonRow]:
    """PersonRows of an assignments or unassigned table (columns it lacks print as '-')."""
    rows = []
    for number, rec in enumerate(frame.to_dict("records"), start=1):
        outcome = rec.get("outcome")
        rows.append(PersonRow(
            number=number,
            person_id=_text(rec.get("person_id")),
            nik=mask_nik(rec.get("nik")),
            name=_text(rec.get("name")),
            kabkota=_text(rec.get("kabkota"), t("(Kab/Kota unknown)")),
            phone=mask_phone(rec.get("phone")),
            priority=word(t, "priority", rec.get("priority")),
            dose=word(t, "dose", rec.get("dose")),
            due=t.date(rec.get("due")),
            status_at_start=word(t, "status", rec.get("status_at_start")),
            status=word(t, "status", rec.get("status")),
            given=t.date(rec.get("given")),
            outcome=word(t, "outcome", outcome),
            outcome_code=_text(outcome, ""),
            reason=word(t, "reason", rec.get("reason")),
        ))
    return rows


def build_page(allocation: Allocation, department: str, lang: str,
               brands: dict[str, str] | None = None) -> AllocationPage:
    """The page context of an allocation, in `lang`; `brands`: brand code → display name (the
    rule table's labels)."""
    t = translator(lang)
    brands = brands or {}
    plan = allocation.plan
    phases = []
    for rec in allocation.phases.to_dict("records"):
        phases.append(PhaseRow(
            name=rec["phase"], period=period(t, rec["start"], rec["end"]),
            regions=rec["kabkota"] or t("all Kab/Kota"), quota=rec["quota"],
            assigned=rec["assigned"], administered=rec["administered"],
            administered_unassigned=rec["administered_unassigned"],
            remaining=rec["remaining"], no_shows=rec["no_shows"], pending=rec["pending"],
            over=rec["remaining"] < 0,
        ))
    sums = allocation.phases[["quota", "assigned", "administered", "administered_unassigned",
                              "remaining", "no_shows", "pending"]].sum()
    phases.append(PhaseRow(
        name=t("Total"), period="", regions="", is_total=True,
        **{key: int(value) for key, value in sums.items()},  # type: ignore[arg-type]
    ))
    regions = [
        RegionRow(name=_text(rec["kabkota"], t("(Kab/Kota unknown)")),
                  **{k: int(rec[k]) for k in ("volunteers", "need_now", "assigned",
                                              "administered", "no_shows", "unassigned_need")})
        for rec in allocation.regions.to_dict("records")
    ]
    lists = []
    for phase in plan.phases:
        mine = allocation.assignments[allocation.assignments["phase"] == phase.name]
        lists.append(PhaseList(phase.name, period(t, phase.start, phase.end),
                               "; ".join(phase.kabkota) or t("all Kab/Kota"),
                               person_rows(mine, t)))
    outside = [
        DoseRow(number=n, person_id=_text(rec["person_id"]), nik=mask_nik(rec["nik"]),
                name=_text(rec["name"]), kabkota=_text(rec["kabkota"], t("(Kab/Kota unknown)")),
                dose=word(t, "dose", rec["dose"]), date=t.date(rec["date"]),
                brand=brands.get(_text(rec["brand"]), _text(rec["brand"])),
                reason=word(t, "reason", rec["reason"]))
        for n, rec in enumerate(allocation.outside.to_dict("records"), start=1)
    ]
    unassigned = person_rows(allocation.unassigned, t)
    waiting: list[RegionGroup] = []
    for row in unassigned:
        if not waiting or waiting[-1].name != row.kabkota:
            waiting.append(RegionGroup(row.kabkota, []))
        waiting[-1].rows.append(row)
    title = plan.title or t("Tagana Volunteer Vaccine Allocation")
    return AllocationPage(
        lang=lang, t=t, department=department, title=title,
        as_of=t.date(allocation.as_of), source=plan.source, total_doses=plan.total_doses,
        volunteers=allocation.volunteers, phases=phases, regions=regions, lists=lists,
        unassigned=unassigned, outside=outside, waiting=waiting,
        running=Running(left=f"{department} · {title}",
                        right=t("As of {date}", date=t.date(allocation.as_of)),
                        pages=t("Page {page} of {pages}")),
    )
