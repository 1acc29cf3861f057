"""What changed between two census rounds, per unit and for the department (`census diff`).

Definitions (people are linked across rounds by census.rounds.linking; "linked" = in both):
- newly_complete: linked, complete now, not complete before;
- new_doses: doses of linked people dated on a day none of their earlier doses was (which dose,
  what date) — given since, or recorded only now;
- newly_overdue: linked, overdue now, not before; still_overdue: overdue in both (with the days
  past the due date on the new census date);
- regressions: linked, complete before and not now, or fewer primary doses than before: doses do
  not vanish, so this is a data problem (a roster row overwritten, a date deleted);
- new_people: on a roster now and on none before; gone_people: the reverse;
- a unit's joined / left: linked people who are in the unit now and were not / were and are not
  (from and to which units); the department's moves: linked people whose units changed;
- category_changes: linked people whose categories changed (in the unit, for a unit);
- identity_changes: linked people whose id changed (a NIK, name or birth date corrected);
- status_changes: linked people by (old status, new status), when they differ;
- findings_fixed / findings_new: findings matched by unit, code, file, sheet and column — on the
  same row and value first, then on the same row, then the same value, then any (rows move when
  others are added above them; a date may be typed another way);
- coverage: before → after per category and for the whole unit, against the new targets.

A unit's lists hold the people who are its members in the new round (gone people, and people
who left: in the old one). NIKs are masked as in the unit packs; the names are the department's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from functools import cache
from itertools import repeat
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, Field

from census.read.cells import collector_paused
from census.report.mask import mask_nik, mask_text
from census.report.summary import UnitSummary
from census.rounds.built import built
from census.rounds.diff_findings import finding_changes
from census.rounds.diff_sides import FACTS, DoseDays, Records, changed_facts, new_doses
from census.rounds.linking import Links, link
from census.rounds.snapshot import Snapshot, load_snapshot

#: The count keys of a unit's changes (the department has `moves` instead of joined / left).
UNIT_COUNTS = ["newly_complete", "new_doses", "newly_overdue", "still_overdue", "regressions",
               "new_people", "gone_people", "joined", "left", "category_changes",
               "identity_changes", "findings_fixed", "findings_new"]
DEPARTMENT_COUNTS = [c for c in UNIT_COUNTS if c not in ("joined", "left")] + ["moves"]


class RoundRef(BaseModel):
    """One of the two rounds: its folder name, census date and number of people."""

    folder: str
    as_of: date
    persons: int


class PersonRef(BaseModel):
    """A person as the change lists name them: id, name, masked NIK, units, status (now; before
    for gone people)."""

    person_id: str
    name: str
    nik: str
    units: list[str]
    status: str


class NewDose(PersonRef):
    """A dose recorded since the old round: slot (dose1 … booster2), date, brand code."""

    slot: str
    date: date
    brand: str | None


class Overdue(PersonRef):
    """An overdue person: the dose needed, its due date and the days past it on the new date."""

    next_dose: str | None
    due: date | None
    days: int | None


class DoseRef(BaseModel):
    """A dose by slot and date."""

    slot: str
    date: date


class Regression(PersonRef):
    """A person with fewer doses than before: a data problem. `missing`: doses gone since."""

    old_status: str
    old_primary_doses: int
    primary_doses: int
    missing: list[DoseRef]


class Move(PersonRef):
    """A person whose units changed: from (old round) and to (new round)."""

    from_units: list[str]
    to_units: list[str]


class CategoryChange(PersonRef):
    """A person whose categories changed (within `unit`; the department: over all units)."""

    before: list[str]
    after: list[str]


class IdentityChange(PersonRef):
    """A person whose id changed: the old id, how they were linked, the old NIK (masked)."""

    old_id: str
    kind: str
    old_nik: str


class StatusChange(BaseModel):
    """How many linked people went from one status to another."""

    before: str
    after: str
    count: int


class FindingRef(BaseModel):
    """A finding fixed or new (value masked as in the unit packs)."""

    code: str
    severity: str
    file: str
    sheet: str | None
    row: int | None
    column: str | None
    value: str | None
    message: str


class CoverageChange(BaseModel):
    """Coverage of a category ('' for the whole unit) before and after, against its target."""

    category: str
    before: float | None
    after: float | None
    target: float | None
    met_before: bool | None
    met_after: bool | None


class Changes(BaseModel):
    """The changes of one unit or of the department (`counts` has UNIT_COUNTS or
    DEPARTMENT_COUNTS keys; each list is what its count counts)."""

    name: str
    counts: dict[str, int]
    newly_complete: list[PersonRef] = []
    new_doses: list[NewDose] = []
    newly_overdue: list[Overdue] = []
    still_overdue: list[Overdue] = []
    regressions: list[Regression] = []
    new_people: list[PersonRef] = []
    gone_people: list[PersonRef] = []
    joined: list[Move] = []
    left: list[Move] = []
    moves: list[Move] = []
    category_changes: list[CategoryChange] = []
    identity_changes: list[IdentityChange] = []
    status_changes: list[StatusChange] = []
    findings_fixed: list[FindingRef] = []
    findings_new: list[FindingRef] = []
    coverage: list[CoverageChange] = []


class Diff(BaseModel):
    """The shape of `census diff --format json` (documented in the README)."""

    format: Literal["census-diff"] = "census-diff"
    version: int = 1
    old: RoundRef
    new: RoundRef
    department: Changes
    units: dict[str, Changes] = Field(description="unit code → its changes, by code")


def diff_folders(old: Path, new: Path) -> Diff:
    """`census diff OLD NEW`: what changed from the run kept in `old` to the one in `new`."""
    return diff_rounds(load_snapshot(old), load_snapshot(new))


def diff_rounds(old: Snapshot, new: Snapshot, links: Links | None = None) -> Diff:
    """What changed from `old` to `new` (see the module docstring)."""
    links = links or link(old, new)
    with collector_paused():  # lists of a hundred thousand people: see census.read.cells
        return _diff(old, new, links)


def _diff(old: Snapshot, new: Snapshot, links: Links) -> Diff:
    work = _Work(old, new, links)
    units = sorted(set(old.memberships["unit"].unique().tolist())
                   | set(new.memberships["unit"].unique().tolist())
                   | set(old.summary.units) | set(new.summary.units))
    department = work.changes(None, new.summary.department)
    per_unit = {code: work.changes(code, work.unit_name(code)) for code in units}
    return Diff(
        old=RoundRef(folder=old.label, as_of=old.as_of, persons=len(old.persons)),
        new=RoundRef(folder=new.label, as_of=new.as_of, persons=len(new.persons)),
        department=department,
        units=per_unit,
    )


class _Work:
    """The per-person facts of a diff, computed once, then cut per unit."""

    def __init__(self, old: Snapshot, new: Snapshot, links: Links) -> None:
        self.old, self.new, self.links = old, new, links
        pairs = links.pairs
        # Plain lists: iterating a pandas string column costs a call per value.
        old_ids, new_ids = pairs["old_id"].tolist(), pairs["new_id"].tolist()
        self.old_of: dict[str, str] = dict(zip(new_ids, old_ids, strict=True))
        self.new_of: dict[str, str] = dict(zip(old_ids, new_ids, strict=True))
        self.kind_of: dict[str, str] = dict(zip(new_ids, pairs["kind"].tolist(), strict=True))
        self.records = {"old": Records(old.persons), "new": Records(new.persons)}
        self.units = {"old": old.units, "new": new.units}
        self.pairs = {"old": old.unit_pairs, "new": new.unit_pairs}
        self.dates = {"old": DoseDays(old.doses), "new": DoseDays(new.doses)}
        self.members_of = {side: _members(snap.memberships) for side, snap in (("old", old),
                                                                              ("new", new))}
        self._refs: dict[tuple[str, str], dict[str, Any]] = {}
        self._models: dict[tuple[str, str], PersonRef] = {}
        self._moves: dict[str, Move] = {}
        # Facts only for the people with a change of their own (the same empty facts for the
        # rest); a unit's lists look only at them, those who moved and the new people.
        self.person: dict[str, dict[str, Any]] = dict.fromkeys(self.old_of, {})
        facts = changed_facts(old.persons, new.persons, pairs)
        self.person.update({fact[0]: self._person(*fact)
                            for fact in zip(*(facts[key] for key in FACTS), strict=True)})
        # map(): the lookups of a hundred thousand people in C, not a bytecode loop each.
        placed = {pid for pid, before, now in zip(
            new_ids, map(self.pairs["old"].get, old_ids, repeat(())),
            map(self.pairs["new"].get, new_ids, repeat(())), strict=True) if before != now}
        self.fresh = set(links.new)
        self.placed = placed
        self.notable = {pid for pid, facts in self.person.items() if facts} | placed | self.fresh
        # Who may be in a scope's gone or left list: the gone, and the linked whose units or
        # categories changed (only they can leave a unit).
        self.gone_or_moved = set(links.gone) | {self.old_of[pid] for pid in placed}
        self.new_doses: dict[str, list[NewDose]] = {}
        for pid, day, slot, brand in new_doses(old.doses, new.doses, self.old_of):
            self.new_doses.setdefault(pid, []).append(
                built(NewDose, {**self.ref(pid), "slot": slot, "date": day, "brand": brand}))
        self.rank = self._ranks(self.notable | self.new_doses.keys())
        fixed, found = finding_changes(old.findings, new.findings)
        # One FindingRef per finding, listed by the department and by its unit; values and
        # messages repeat (a date, a code's text), each masked once.
        text = cache(mask_text)

        def masked(value: object) -> str:
            return text(value) if isinstance(value, str) else mask_text(value)

        self.fixed = [(f.get("unit"), _finding_ref(f, masked)) for f in fixed]
        self.found = [(f.get("unit"), _finding_ref(f, masked)) for f in found]

    # ---------------------------------------------------------------- per person, once
    def _ranks(self, pids: set[str]) -> dict[str, int]:
        """The new round's `pids` → their place in the order of the lists (_order: name
        without case, then id). A scope's people taken in this order fill its lists in order:
        no sort with a Python key per item of each list of each unit."""
        ids = list(pids)
        at = self.new.persons.index.get_indexer(pd.Index(ids))
        names = self.new.persons["name"].to_numpy(dtype=object)[at].tolist()
        keys = [(_name(name).casefold(), pid) for name, pid in zip(names, ids, strict=True)]
        ordered = sorted(range(len(ids)), key=keys.__getitem__)
        return dict(zip([ids[i] for i in ordered], range(len(ids)), strict=True))

    def person_ref(self, pid: str, side: str = "new") -> PersonRef:
        """The PersonRef of a person (one model, listed by the department and their unit)."""
        key = (pid, side)
        if key not in self._models:
            self._models[key] = built(PersonRef, self.ref(pid, side))
        return self._models[key]

    def ref(self, pid: str, side: str = "new") -> dict[str, Any]:
        """The PersonRef fields of a person (made once: most people never appear in a list)."""
        key = (pid, side)
        if key not in self._refs:
            person = self.records[side][pid]
            self._refs[key] = {
                "person_id": pid, "name": _name(person["name"]), "nik": _masked(person["nik"]),
                "units": list(self.units[side].get(pid, ())), "status": person["status"]}
        return self._refs[key]

    def _person(self, pid: str, old_id: str, kind: str, old_status: str, old_overdue: bool,
                old_primary: int, old_nik_typed: str | None, status: str, overdue: bool,
                primary: int, name: str | None, nik: str | None, next_dose: str | None,
                next_due: date | None) -> dict[str, Any]:
        """The changes of one linked person that do not depend on the unit looked at (their
        facts: diff_sides.FACTS)."""
        out: dict[str, Any] = {}
        # Its PersonRef fields from the facts at hand (ref() would look them up again). The
        # models of the many (doses, overdue, complete people) are built, not validated: their
        # fields are typed by construction (str, None, int, date), as diff_sides gives them.
        ref = self._refs[(pid, "new")] = {
            "person_id": pid, "name": _name(name), "nik": _masked(nik),
            "units": list(self.units["new"].get(pid, ())), "status": status}
        if old_status != status:
            out["transition"] = (old_status, status)
        if status == "complete" and old_status != "complete":
            out["newly_complete"] = built(PersonRef, ref)
        if overdue:
            key = "still_overdue" if old_overdue else "newly_overdue"
            out[key] = built(Overdue, {
                **ref, "next_dose": next_dose, "due": next_due,
                "days": (self.new.as_of - next_due).days if next_due else None})
        if (old_status == "complete" and status != "complete") or primary < old_primary:
            gone = self.dates["old"].get(old_id)
            now = self.dates["new"].get(pid)
            out["regressions"] = Regression(
                **ref, old_status=old_status, old_primary_doses=old_primary,
                primary_doses=primary,
                missing=[DoseRef(slot=slot, date=day) for day, slot in sorted(gone.items())
                         if day not in now])
        if kind != "same":
            out["identity_changes"] = IdentityChange(
                **ref, old_id=old_id, kind=kind,
                old_nik=mask_nik(old_nik_typed) if old_nik_typed else "-")
        return out

    # ---------------------------------------------------------------- one scope
    def members(self, unit: str | None, side: str) -> set[str]:
        if unit is None:
            return set(self.records[side])
        found: set[str] = self.members_of[side].get(unit, set())
        return found

    def unit_name(self, code: str) -> str:
        if code in self.new.summary.units:
            return self.new.unit_name(code)
        return self.old.unit_name(code)

    def changes(self, unit: str | None, name: str) -> Changes:
        now, then = self.members(unit, "new"), self.members(unit, "old")
        lists: dict[str, list[Any]] = {key: [] for key in UNIT_COUNTS + ["moves"]}
        transitions: Counter[tuple[str, str]] = Counter()
        # In the lists' order (_ranks): every list filled here is in order as it is filled.
        for pid in sorted(now & self.notable, key=self.rank.__getitem__):
            facts = self.person.get(pid)
            if facts is None:
                if pid in self.fresh:
                    lists["new_people"].append(self.person_ref(pid))
                continue
            for key in ("newly_complete", "newly_overdue", "still_overdue", "regressions",
                        "identity_changes"):
                if key in facts:
                    lists[key].append(facts[key])
            if "transition" in facts:
                transitions[facts["transition"]] += 1
            if pid in self.placed:  # other units or categories
                self._places(unit, pid, lists)
        for old_id in sorted(then & self.gone_or_moved):
            new_id = self.new_of.get(old_id)
            if new_id is None:
                lists["gone_people"].append(self.person_ref(old_id, "old"))
            elif unit is not None and new_id not in now:
                lists["left"].append(self._move(new_id, old_id))
        # The old round's people: in the order of their ids, sorted as the lists want now.
        lists["gone_people"].sort(key=_order)
        lists["left"].sort(key=_order)
        # A person's doses are by date (diff_sides.new_doses): people in order, doses in order.
        lists["new_doses"] = [dose for pid in sorted(now & self.new_doses.keys(),
                                                     key=self.rank.__getitem__)
                              for dose in self.new_doses[pid]]
        lists["findings_fixed"] = [ref for home, ref in self.fixed if unit is None or home == unit]
        lists["findings_new"] = [ref for home, ref in self.found if unit is None or home == unit]
        wanted = UNIT_COUNTS if unit is not None else DEPARTMENT_COUNTS
        return Changes(
            name=name,
            counts={key: len(lists[key]) for key in wanted},
            **{key: lists[key] for key in wanted},
            status_changes=[StatusChange(before=a, after=b, count=n)
                            for (a, b), n in sorted(transitions.items())],
            coverage=self._coverage(unit),
        )

    def _units(self, pid: str, side: str) -> list[str]:
        return list(self.units[side].get(pid, ()))

    def _move(self, pid: str, old_id: str) -> Move:
        """A person's move from the old round's units to the new's (the department's move,
        and a unit's joined or left, are one model)."""
        if pid not in self._moves:
            self._moves[pid] = built(Move, {**self.ref(pid), "from_units": self._units(
                old_id, "old"), "to_units": self._units(pid, "new")})
        return self._moves[pid]

    def _places(self, unit: str | None, pid: str, lists: dict[str, list[Any]]) -> None:
        old_id = self.old_of[pid]
        pairs_before = self.pairs["old"].get(old_id, ())
        pairs_now = self.pairs["new"].get(pid, ())
        if pairs_before == pairs_now:
            return  # the same units and categories: no move, no category change
        ref = self.ref(pid)
        units_before, units_now = self._units(old_id, "old"), self._units(pid, "new")
        if unit is None:
            if units_before != units_now:
                lists["moves"].append(self._move(pid, old_id))
            before = sorted({c for _u, c in pairs_before})
            after = sorted({c for _u, c in pairs_now})
        else:
            if unit not in units_before:
                lists["joined"].append(self._move(pid, old_id))
                return
            before = sorted(c for u, c in pairs_before if u == unit)
            after = sorted(c for u, c in pairs_now if u == unit)
        if before != after:
            lists["category_changes"].append(CategoryChange(**ref, before=before, after=after))

    def _coverage(self, unit: str | None) -> list[CoverageChange]:
        old_unit = self.old.summary.totals if unit is None else self.old.summary.units.get(unit)
        new_unit = self.new.summary.totals if unit is None else self.new.summary.units.get(unit)
        rows = []
        categories = list(dict.fromkeys([*(new_unit.by_category if new_unit else {}),
                                         *(old_unit.by_category if old_unit else {})]))
        for category in categories:
            before = old_unit.by_category.get(category) if old_unit else None
            after = new_unit.by_category.get(category) if new_unit else None
            target = after.target if after else (before.target if before else None)
            rows.append(CoverageChange(
                category=category,
                before=before.coverage if before else None,
                after=after.coverage if after else None,
                target=target,
                met_before=_met(before.coverage if before else None, target),
                met_after=_met(after.coverage if after else None, target),
            ))
        rows.append(CoverageChange(category="", before=_coverage_of(old_unit),
                                   after=_coverage_of(new_unit), target=None, met_before=None,
                                   met_after=None))
        return rows


def _members(memberships: pd.DataFrame) -> dict[str, set[str]]:
    """unit → the ids of its members."""
    ids = memberships["person_id"].to_numpy(dtype=object)
    return {str(unit): set(ids[rows].tolist())
            for unit, rows in memberships.groupby("unit").indices.items()}


def _masked(nik: Any) -> str:
    """mask_nik, without its regular expression for the usual 16 digits."""
    if isinstance(nik, str) and len(nik) == 16 and nik.isdigit() and nik.strip("0"):
        return f"{nik[:4]}********{nik[12:]}"
    return mask_nik(nik)


def _name(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _coverage_of(unit: UnitSummary | None) -> float | None:
    return unit.coverage if unit is not None else None


def _met(coverage: float | None, target: float | None) -> bool | None:
    if coverage is None or target is None:
        return None
    return bool(coverage >= target - 1e-9)


def _order(item: Any) -> tuple[str, str, str]:
    # isinstance, not getattr(item, "date", ""): a model's missing attribute raises inside
    # pydantic first, a cost per item of every sort.
    if isinstance(item, NewDose):
        return (item.name.casefold(), item.person_id, str(item.date))
    if isinstance(item, PersonRef):
        return (item.name.casefold(), item.person_id, "")
    return ("", "", "")


def _finding_ref(f: dict[str, Any], masked: Callable[[object], str]) -> FindingRef:
    value = f.get("value")
    return FindingRef(code=f["code"], severity=f.get("severity", ""), file=f.get("file", ""),
                      sheet=f.get("sheet"), row=f.get("row"), column=f.get("column"),
                      value=masked(value) if value is not None else None,
                      message=masked(f.get("message", "")))
