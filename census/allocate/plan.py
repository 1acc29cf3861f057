"""The Tagana allocation plan (total doses, phases) and the checks that it adds up."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from census.allocate.kabkota import resolve
from census.errors import BadPlan
from census.i18n import N_, Message, Translator, joined
from census.values.dates import parse_date
from census.values.words import yes_no

#: The national programme started on this day (DOMAIN §3): no phase can start earlier.
PROGRAMME_START = date(2021, 1, 13)


def latest_start(as_of: date) -> date:
    """A phase may start at most a year after the census date (a plan for the coming year)."""
    try:
        return as_of.replace(year=as_of.year + 1)
    except ValueError:  # 29 February
        return as_of.replace(year=as_of.year + 1, day=28)


@dataclass(frozen=True)
class Phase:
    """One phase: doses `quota` to be given from `start` to `end` (both inclusive).

    `kabkota`: official Kab/Kota names (census/data/wilayah/kabkota.csv) the phase serves;
    empty when the phase serves every volunteer. `line`: where the phase is written (TOML line of
    its `[[phases]]` header, or worksheet row), for messages.
    """

    name: str
    start: date
    end: date
    quota: int
    kabkota: tuple[str, ...] = ()
    line: int | None = None

    @property
    def regional(self) -> bool:
        """True when the phase only serves the volunteers of some Kab/Kota."""
        return bool(self.kabkota)


@dataclass(frozen=True)
class Plan:
    """A checked plan: `phases` sorted by start, none overlapping, quotas within `total_doses`.

    `source`: the plan's file name. `count_boosters`: whether volunteers whose primary series is
    complete but whose booster is due are assigned too (default False: primary doses only).
    `reassign_no_shows`: whether a volunteer who did not come in a phase that has ended may be
    assigned again to a later phase for the same dose (default False: one phase per dose).
    """

    total_doses: int
    phases: tuple[Phase, ...]
    source: str
    count_boosters: bool = False
    title: str | None = None
    reassign_no_shows: bool = False


@dataclass(frozen=True)
class PlanProblem:
    """One reason a plan does not add up: a code (stable, for tests and tools), the message,
    and `where` it is ("line 12, phase 2 'Tahap 2'"), rendered in the reader's language."""

    line: int | None
    phase: int | None
    code: str
    message: Message
    where: Message | str = ""

    def as_message(self) -> Message:
        """'where: message' (the message alone for the plan as a whole)."""
        if not self.where:
            return self.message
        return Message.of(N_("{where}: {problem}"), where=self.where, problem=self.message)

    def text(self, t: Translator) -> str:
        """One line in t's language."""
        return t(self.as_message())


class PlanError(BadPlan):
    """A plan with one or more problems; `problems` lists them all, the message one per line."""

    def __init__(self, source: str, problems: list[PlanProblem]):
        self.source = source
        # In file order: problems without a line (the file as a whole) first.
        problems = sorted(problems, key=lambda p: p.line or 0)
        self.problems = problems
        super().__init__(
            N_("{source}: the allocation plan does not add up ({problems}):{details}"),
            source=source,
            problems=Message.n("{count} problem", "{count} problems", len(problems)),
            details=joined([p.as_message() for p in problems], "\n  ", prefix="\n  "),
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (PlanError, (self.source, self.problems))


@dataclass
class RawPhase:
    """A phase as written, before checking: values of any type, and where each key was written."""

    index: int  # 1-based position in the file
    values: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)
    line: int | None = None  # the phase's own line (TOML header, worksheet row)
    sheet: str | None = None  # the worksheet of a workbook plan (None: a TOML plan)


class Problems:
    """Collects PlanProblems while a plan is checked (never stop at the first one)."""

    def __init__(self) -> None:
        self.items: list[PlanProblem] = []

    def add(self, code: str, message: str, *, line: int | None = None,
            phase: RawPhase | None = None, where: Message | str | None = None,
            **values: object) -> None:
        """Add problem `code`: `message` (an N_-marked id) with its placeholder `values`."""
        if line is None and phase is not None:
            line = phase.line
        if where is None:
            where = phase_where(phase, line) if phase is not None else ""
        index = phase.index if phase is not None else None
        self.items.append(
            PlanProblem(line, index, code, Message(message, tuple(values.items())), where)
        )


def place(line: int | None, sheet: str | None = None) -> Message | str:
    """Where in the plan file: 'line 7' (TOML), 'sheet Rencana row 7' / 'sheet Rencana'."""
    if sheet is not None:
        if line is None:
            return Message.of(N_("sheet {sheet}"), sheet=sheet)
        return Message.of(N_("sheet {sheet} row {line}"), sheet=sheet, line=line)
    return Message.of(N_("line {line}"), line=line) if line is not None else ""


def phase_where(phase: RawPhase, line: int | None = None) -> Message:
    """"line 12, phase 2 'Tahap 2'" — how a message names a phase."""
    name = phase.values.get("name")
    if isinstance(name, str) and name.strip():
        what = Message.of(N_("phase {index} '{name}'"), index=phase.index, name=name)
    else:
        what = Message.of(N_("phase {index}"), index=phase.index)
    at = line if line is not None else phase.line
    if at is None:
        return what
    return Message.of(N_("{where}, {phase}"), where=place(at, phase.sheet), phase=what)


def parse_day(value: Any) -> date | None:
    """A plan date as any roster cell gives it (census.values.dates): a date, an Excel serial,
    or text '2022-01-10', '10/01/2022', '10 Januari 2022', '10 Jan 2022'."""
    return parse_date(value)


def parse_quota(value: Any) -> int | None:
    """A whole, positive number of doses (350, 350.0, '350', '1.000' as Indonesians write it)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"\d{1,3}(\.\d{3})*|\d+", value.strip()):
        value = int(value.strip().replace(".", ""))
    return value if isinstance(value, int) and value > 0 else None


def parse_flag(value: Any) -> bool | None:
    """A yes/no option: true/false, or 'ya'/'tidak', 'yes'/'no', 1/0 as a cell holds them."""
    return yes_no(value)


def parse_regions(value: Any) -> list[str] | None:
    """Kab/Kota as written: a list of names or one text with names separated by ';' or ','."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in re.split(r"[;,\n]", value) if part.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    return None


@dataclass(frozen=True)
class Draft:
    """A phase as far as it could be read: the values that are usable (None for the others)."""

    item: RawPhase
    name: str | None
    start: date | None
    end: date | None
    quota: int | None
    regions: tuple[str, ...] | None

    def phase(self) -> Phase | None:
        """The Phase, when every value is usable."""
        if self.name and self.start and self.end and self.quota and self.regions is not None:
            return Phase(self.name, self.start, self.end, self.quota, self.regions,
                         self.item.line)
        return None


def check_phases(raw: list[RawPhase], problems: Problems, as_of: date) -> list[Draft]:
    """Each phase on its own: keys present, values readable, dates in range, regions known."""
    drafts = []
    latest = latest_start(as_of)
    for item in raw:
        v, lines = item.values, item.lines
        for key in ("name", "start", "end", "quota"):
            if v.get(key) is None or v.get(key) == "":
                problems.add("missing-key", N_("'{key}' is missing"), phase=item, key=key)
        name = v.get("name")
        if name is not None and not isinstance(name, str | int):
            problems.add("bad-value", N_("the phase name must be text"),
                         phase=item, line=lines.get("name"))
            name = None
        start, end = _day(item, "start", problems), _day(item, "end", problems)
        quota = parse_quota(v.get("quota")) if v.get("quota") not in (None, "") else None
        if v.get("quota") not in (None, "") and quota is None:
            problems.add("bad-value", N_("quota '{quota}' must be a whole number above 0"),
                         phase=item, line=lines.get("quota"), quota=v["quota"])
        if start and end and end < start:
            problems.add("end-before-start", N_("end {end} is before start {start}"),
                         phase=item, line=lines.get("end"), end=end, start=start)
        if start and start < PROGRAMME_START:
            problems.add("before-programme",
                         N_("start {start} is before the programme began ({programme})"),
                         phase=item, line=lines.get("start"), start=start,
                         programme=PROGRAMME_START)
        if start and start > latest:
            problems.add("too-far-ahead",
                         N_("start {start} is more than a year after the census date {as_of}"),
                         phase=item, line=lines.get("start"), start=start, as_of=as_of)
        regions = _regions(item, problems)
        text = str(name).strip() if name is not None else None
        drafts.append(Draft(item, text or None, start, end, quota, regions))
    return drafts


def _day(item: RawPhase, key: str, problems: Problems) -> date | None:
    value = item.values.get(key)
    if value is None or value == "":
        return None
    day = parse_day(value)
    if day is None:
        problems.add("bad-value", N_("{key} date '{value}' cannot be read (write 2022-01-10)"),
                     phase=item, line=item.lines.get(key), key=key, value=value)
    return day


def _regions(item: RawPhase, problems: Problems) -> tuple[str, ...] | None:
    names = parse_regions(item.values.get("kabkota"))
    line = item.lines.get("kabkota")
    if names is None:
        problems.add("bad-value", N_("kabkota must be a list of Kab/Kota names"),
                     phase=item, line=line)
        return None
    official: list[str] = []
    for typed in names:
        found = resolve(typed)
        if found.name is not None:
            official.append(found.name)
        elif len(found.candidates) > 1:
            choices = " / ".join(found.candidates[:3])
            problems.add("ambiguous-region", N_("Kab/Kota '{typed}' is ambiguous: {choices}?"),
                         phase=item, line=line, typed=typed, choices=choices)
        else:
            problems.add("unknown-region", N_("unknown Kab/Kota '{typed}'"),
                         phase=item, line=line, typed=typed)
    if len(official) < len(names):
        return None
    return tuple(dict.fromkeys(official))


def check_plan(
    source: str,
    total: Any,
    total_line: int | None,
    total_where: Message | str,
    raw: list[RawPhase],
    problems: Problems,
    as_of: date,
    count_boosters: bool = False,
    title: str | None = None,
    reassign_no_shows: bool = False,
) -> Plan:
    """The whole plan: each phase, then names unique, no overlaps, quotas within the total.

    Raises PlanError with every problem found (problems already collected while reading too).
    """
    total_doses = parse_quota(total) if total not in (None, "") else None
    if total in (None, ""):
        problems.add("missing-key", N_("the total number of doses (total_doses) is missing"),
                     where=total_where)
    elif total_doses is None:
        problems.add("bad-value", N_("total doses '{total}' must be a whole number above 0"),
                     line=total_line, where=total_where, total=total)
    if not raw:
        problems.add("no-phases", N_("the plan has no phases"), where=source)
    drafts = check_phases(raw, problems, as_of)
    seen: set[str] = set()
    for draft in drafts:
        if draft.name is None:
            continue
        if draft.name.casefold() in seen:
            problems.add("duplicate-name", N_("phase name '{name}' is used twice"),
                         phase=draft.item, line=draft.item.lines.get("name"), name=draft.name)
        seen.add(draft.name.casefold())
    dated = sorted(
        # Dates already refused (outside the census) would only add noise here.
        (d for d in drafts if d.start and d.end and PROGRAMME_START <= d.start <= d.end
         and d.start <= latest_start(as_of)),
        key=lambda d: (d.start, d.end, d.item.index),
    )
    for i, first in enumerate(dated):
        for second in dated[i + 1:]:
            assert first.end is not None and second.start is not None
            if second.start <= first.end:
                label = first.name or str(first.item.index)
                problems.add(
                    "overlap", N_("dates overlap phase '{name}' ({start} to {end})"),
                    phase=second.item, line=second.item.lines.get("start"), name=label,
                    start=first.start, end=first.end,
                )
    quotas = sum(d.quota for d in drafts if d.quota)
    if total_doses is not None and quotas > total_doses:
        problems.add("quota-over-total",
                     N_("the phases' quotas add up to {quotas}, over the total of {total}"),
                     line=total_line, where=total_where, quotas=quotas, total=total_doses)
    if problems.items:
        raise PlanError(source, problems.items)
    phases = tuple(p for p in (d.phase() for d in dated) if p is not None)
    assert total_doses is not None and len(phases) == len(drafts)
    return Plan(total_doses, phases, source, count_boosters, title, reassign_no_shows)
