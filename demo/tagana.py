"""The demo's Tagana allocation: the plan, and what happened to the volunteers under it.

`PLAN_TOML` is written as inputs/tagana_plan.toml (350 doses in three phases). From the plan's
first day on, the doses of every Tagana and Sahabat Tagana volunteer (the head-office ASN who
volunteer too) are not the ones `demo.build` drew: `Coordinator` replaces them by the
coordinator's year, so the allocation report looks like the field example (most volunteers
assigned to a phase came):

1. Doses before the first phase stay; later ones are dropped (a booster among them is
   remembered). No volunteer gets a dose from the plan's start except as below.
2. Phases in date order. Volunteers who need a primary dose are assigned exactly as
   `census allocate` assigns them (census/allocate/assign.py): need on the phase start (the next
   dose due by the phase end, a first dose, a deferral ending by the phase end), then priority,
   due date and the census's person order (file, sheet, row of first appearance); a regional
   phase only takes its Kab/Kota; at most `quota`; once per dose: who came for dose 1 in one
   phase is assigned again, for dose 2, to the phase where it falls due (NEXT_DOSE, before the
   first doses), while a no-show is not assigned that dose again. The census decides the need
   on the phase start from the status on the census date, rolled back to the doses before the
   start for a volunteer with a dose on or after it; the run goes in date order, so that is
   simply the doses given so far (dated before the start: a dose given elsewhere may already be
   known with a later date). The boosters of step 5 change no need (the plan counts none).
3. SHOW_RATE of the assigned come, on a day of the window (for a next dose: at least the
   brand's minimum interval after the last one): the next primary dose of their series' brand,
   or a first dose of a Tagana brand. Days after LAST_DAY have not come yet on the census date
   (Tahap 3 runs to 30 April 2022): those volunteers are pending. A few no-shows get the dose
   elsewhere after the phase, outside any phase (CATCH_UP_RATE; they are not assigned that dose
   again). Then a few volunteers of the phase's Kab/Kota who needed a dose on its start but
   were not assigned to it (it was full, or they did not come when assigned before) come
   anyway (WALK_IN_RATE, while its doses last: administered without assignment).
4. Whoever got a dose of an unfinished series may not wait: ELSEWHERE_RATE of them get the next
   dose outside any phase, on one of the first free days once the minimum interval has passed
   and before the next phase serving them begins (from its start on, the census would assign
   them that dose there). The others are assigned it by step 2 in the phase where it falls due.
5. Boosters are not part of the plan (it does not set count_boosters): a volunteer whose drawn
   doses held a booster gets one (BOOSTER_RATE) of a booster brand, on a day outside every phase
   that serves them once the booster rule in force that day allows it.

All draws come from a random stream of their own (seeded from the demo's seed), so the rest of
the province is the same people whatever happens here. `Coordinator.uptake` counts the result
the way `census allocate` does; generate.py writes it to tests/fixtures/demo_tagana.csv.
"""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta

from census.allocate.kabkota import resolve
from demo.build import Builder
from demo.doses import BOOSTER_MIX, BRAND_MIX, months_after
from demo.layouts import Row
from demo.people import AS_OF, Dose, Person
from demo.truth import decide

PLAN_TOML = """\
# Rencana alokasi vaksin relawan Tagana dan Sahabat Tagana (Tagana volunteer vaccine allocation).
# Read by `census allocate` and `census run`; the schema is documented in census/allocate/__init__.py.
#
#   title          optional, printed on the report
#   total_doses    doses allocated to the volunteers in all (whole number)
#   count_boosters optional, true = also assign volunteers whose booster is due (default false)
#   reassign_no_shows optional, true = who missed a finished phase may be assigned that dose
#                  again in a later phase (default false)
#   [[phases]]     one table per phase:
#     name         unique name of the phase
#     start, end   first and last day (both inclusive); phases may not overlap
#     quota        doses for the phase; the quotas may not add up to more than total_doses
#     kabkota      optional: the phase serves only volunteers of these Kab/Kota
#                  (names as in Kemendagri's list: "Kota Surabaya", "Kabupaten Sidoarjo",
#                  "Kab. Malang" is fine too; a bare "Malang" is ambiguous)
#
# Volunteers who still need a dose are assigned to phases in date order: next doses due first,
# then first doses, then deferred volunteers once their deferral ends; then by person number.
# A volunteer is assigned once per dose: who came for dose 1 is assigned again for dose 2, in
# the phase where it falls due.

title = "Alokasi Vaksin Tagana dan Sahabat Tagana 2022"
total_doses = 350

[[phases]]
name = "Tahap 1"
start = 2022-01-10
end = 2022-01-31
quota = 150

[[phases]]
name = "Tahap 2"
start = 2022-02-07
end = 2022-02-28
quota = 100
kabkota = ["Kota Surabaya", "Kabupaten Sidoarjo", "Kabupaten Gresik"]

[[phases]]
name = "Tahap 3"
start = 2022-03-07
end = 2022-04-30
quota = 100
"""

#: Of the assigned volunteers, who come in their phase.
SHOW_RATE = 0.75
#: Of those with an unfinished series: the next dose elsewhere, outside any phase (the others
#: are assigned it in the phase where it falls due).
ELSEWHERE_RATE = 0.08
#: Of the no-shows: vaccinated elsewhere after the phase.
CATCH_UP_RATE = 0.15
#: Of the volunteers of a phase's Kab/Kota who need a dose and are not assigned to it: come anyway.
WALK_IN_RATE = 0.06
#: Of the volunteers whose drawn doses held a booster: given one outside the phases.
BOOSTER_RATE = 0.5
#: As `Builder.row`: the roster was not updated after the last dose (the export has it).
ROSTER_LAG = 0.12
#: The last day a dose can have been given and recorded by the census date.
LAST_DAY = AS_OF - timedelta(days=2)
#: How many of the first free days after the due date a volunteer picks from.
SOON = 7
#: Priority groups of census/allocate/assign.py.
NEXT_DOSE, FIRST_DOSE, DEFERRED = 1, 2, 3
OUTSIDE = "(di luar tahap)"
UPTAKE_COLUMNS = ["phase", "quota", "assigned", "administered", "administered_unassigned",
                  "remaining", "no_shows", "pending"]


@dataclass(frozen=True)
class Phase:
    """One phase of the plan; `kabkota`: official names it serves (empty: every Kab/Kota)."""

    name: str
    start: date
    end: date
    quota: int
    kabkota: frozenset[str]

    def serves(self, region: str | None) -> bool:
        return not self.kabkota or region in self.kabkota

    def holds(self, day: date, region: str | None) -> bool:
        """Whether a dose given on `day` to a volunteer of `region` counts for this phase."""
        return self.start <= day <= self.end and self.serves(region)


def plan_phases() -> list[Phase]:
    """The phases of PLAN_TOML in date order, Kab/Kota resolved as the census resolves them."""
    data = tomllib.loads(PLAN_TOML)
    assert not data.get("count_boosters"), "the demo's coordinator assigns primary doses only"
    phases = []
    for item in data["phases"]:
        names = {resolve(text).name for text in item.get("kabkota", [])}
        assert None not in names, item
        phases.append(Phase(item["name"], item["start"], item["end"], item["quota"],
                            frozenset(str(n) for n in names)))
    return sorted(phases, key=lambda p: p.start)


@dataclass
class Need:
    """What an assignable volunteer needs: priority group, the dose slot, the day the allocator
    orders and fits them by (None for a first dose: `earliest` fits them), and the first day it
    may be given."""

    group: int
    dose: str
    due: date | None
    earliest: date

    def fits(self, phase: Phase) -> bool:
        """Whether the allocator may assign it to `phase` (due by its end)."""
        return (self.due or self.earliest) <= phase.end


@dataclass
class Coordinator:
    """Runs the plan over the demo's volunteers (see the module docstring)."""

    b: Builder
    seed: int
    phases: list[Phase] = field(default_factory=plan_phases)

    def __post_init__(self) -> None:
        self.rng = random.Random(f"tagana-{self.seed}")
        self.rules = self.b.rules
        self.volunteers = volunteers(self.b)
        self.region = {id(p): resolve(p.kabkota).name for p in self.volunteers}
        self.assigned: dict[str, list[Person]] = {p.name: [] for p in self.phases}
        self.budget = {p.name: p.quota for p in self.phases}
        self.drawn = {id(p): list(p.doses) for p in self.volunteers}
        self.free: dict[str | None, list[date]] = {}

    # ------------------------------------------------------------------ the run
    def run(self) -> None:
        """Replace the volunteers' doses from the plan's start, then mend their roster rows."""
        start = self.phases[0].start
        wants_booster = []
        for person in self.volunteers:
            kept = [d for d in person.doses if d.when < start]
            if any(d.slot.startswith("booster") for d in person.doses if d.when >= start):
                wants_booster.append(person)
            person.doses = kept
        taken: set[tuple[int, str]] = set()  # (volunteer, dose) assigned once: never again
        for phase in self.phases:
            needs = {id(p): self.need(p, phase.start) for p in self.volunteers}
            chosen = self._assign(phase, needs, taken)
            for person, need in chosen:
                taken.add((id(person), need.dose))
                self.assigned[phase.name].append(person)
                self._visit(phase, person, need)
            self._walk_ins(phase, needs, {id(p) for p, _n in chosen})
        for person in wants_booster:
            if self.rng.random() < BOOSTER_RATE:
                self._booster(person)
        self._mend_rows()

    def _assign(self, phase: Phase, needs: dict[int, Need | None],
                taken: set[tuple[int, str]]) -> list[tuple[Person, Need]]:
        """The volunteers `census allocate` assigns to `phase`, in its order."""
        candidates = []
        for order, person in enumerate(self.volunteers):
            need = needs[id(person)]
            if (need is None or (id(person), need.dose) in taken or not need.fits(phase)
                    or not phase.serves(self.region[id(person)])):
                continue
            candidates.append((need.group, need.due or date.min, order, person, need))
        candidates.sort(key=lambda c: c[:3])
        return [(c[3], c[4]) for c in candidates[: phase.quota]]

    def need(self, person: Person, start: date) -> Need | None:
        """A volunteer's need on a phase's `start`: from the doses given before it (the census
        rolls back who has a dose on or after the start; the others are as on the census date)."""
        before = [d for d in person.doses if d.when < start]
        state = decide(person, before, self.rules)
        status, dose = state["status"], state["next_dose"]
        if status == "partial":
            due = date.fromisoformat(state["next_due"])
            return Need(NEXT_DOSE, dose, due, self._next_earliest(person, before))
        if status == "unvaccinated":
            return Need(FIRST_DOSE, dose, None, date.fromisoformat(state["next_due"]))
        if status == "deferred":
            until = date.fromisoformat(state["eligible_from"])
            return Need(DEFERRED, dose, until, until)
        return None

    def _visit(self, phase: Phase, person: Person, need: Need) -> None:
        """An assigned volunteer comes (SHOW_RATE) or not; a no-show may go elsewhere later."""
        # Doses given elsewhere fall before the next phase serving the volunteer, and a no-show
        # who catches up is not assigned that dose again: nobody assigned has the dose already.
        assert not any(d.when >= phase.start for d in person.doses), person
        if self.rng.random() < SHOW_RATE:
            self.budget[phase.name] -= 1
            lo = max(phase.start, need.earliest)
            self._give(person, lo + timedelta(self.rng.randrange((phase.end - lo).days + 1)))
        elif phase.end < AS_OF and self.rng.random() < CATCH_UP_RATE:
            day = self._outside_day(person, max(need.earliest, phase.end + timedelta(1)))
            if day is not None:
                self._give(person, day)

    def _walk_ins(self, phase: Phase, needs: dict[int, Need | None], chosen: set[int]) -> None:
        """A few volunteers of the phase's Kab/Kota who needed a dose on its start and were not
        assigned to it (it was full, or they did not come when assigned before) come anyway."""
        last = min(phase.end, LAST_DAY)
        for person in self.volunteers:
            need = needs[id(person)]
            if (need is None or id(person) in chosen or need.earliest > last
                    or not phase.serves(self.region[id(person)])
                    or any(d.when >= phase.start for d in person.doses)):
                continue
            if self.rng.random() < WALK_IN_RATE and self.budget[phase.name] > 0:
                self.budget[phase.name] -= 1
                lo = max(phase.start, need.earliest)
                self._give(person, lo + timedelta(self.rng.randrange((last - lo).days + 1)))

    def _give(self, person: Person, day: date) -> None:
        """The next primary dose on `day` (when it has happened by LAST_DAY); a few get the
        following one elsewhere."""
        if day > LAST_DAY:
            return
        primary = [d for d in person.doses if d.slot.startswith("dose")]
        if primary:
            brand = primary[0].brand
        else:
            mix = BRAND_MIX["tagana"]
            brand = self.rng.choices(list(mix), list(mix.values()))[0]
        person.doses.append(Dose(f"dose{len(primary) + 1}", day, brand))
        person.doses.sort(key=lambda d: d.when)
        if (len(primary) + 1 < self.rules.brand_by_code[brand].primary_doses
                and self.rng.random() < ELSEWHERE_RATE):
            # Before the next phase serving them begins: from then on it would assign that dose.
            region = self.region[id(person)]
            following = [p.start for p in self.phases if p.start > day and p.serves(region)]
            later = self._outside_day(person, self._next_earliest(person, person.doses),
                                      min(following, default=date.max))
            if later is not None:
                self._give(person, later)

    def _next_earliest(self, person: Person, doses: list[Dose]) -> date:
        """The last primary dose of `doses` + the minimum interval of its brand."""
        last = max((d for d in doses if d.slot.startswith("dose")), key=lambda d: d.when)
        rule = self.rules.interval(last.brand, last.when, person.age_on(last.when))
        assert rule is not None
        return last.when + timedelta(rule.min_days)

    def _outside(self, person: Person) -> list[date]:
        """The days from the plan's start to LAST_DAY on which no phase serves the volunteer."""
        region = self.region[id(person)]
        if region not in self.free:
            day, days = self.phases[0].start, []
            while day <= LAST_DAY:
                if not any(p.holds(day, region) for p in self.phases):
                    days.append(day)
                day += timedelta(1)
            self.free[region] = days
        return self.free[region]

    def _outside_day(self, person: Person, earliest: date,
                     before: date = date.max) -> date | None:
        """One of the first free days (no phase serving them) from `earliest` on, before
        `before`."""
        days = [d for d in self._outside(person) if earliest <= d < before][:SOON]
        return self.rng.choice(days) if days else None

    def _booster(self, person: Person) -> None:
        primary = [d for d in person.doses if d.slot.startswith("dose")]
        if not primary or person.doses[-1].slot.startswith("booster"):
            return
        if len(primary) < self.rules.brand_by_code[primary[0].brand].primary_doses:
            return
        last = primary[-1].when
        days = []
        for day in self._outside(person):
            rule = self.rules.booster(1, day)
            if (rule is not None and person.age_on(day) >= rule.min_age
                    and day >= months_after(last, rule.min_months)):
                days.append(day)
        if days:
            brand = self.rng.choices(list(BOOSTER_MIX), list(BOOSTER_MIX.values()))[0]
            person.doses.append(Dose("booster1", self.rng.choice(days), brand))

    def _mend_rows(self) -> None:
        """Roster rows of the volunteers whose doses changed show them (as `Builder.row` does:
        now and then not the last one, when the export has it)."""
        for spec in self.b.specs.values():
            for row in spec.rows:
                drawn = self.drawn.get(id(row.person))
                if drawn is not None and drawn != row.person.doses:
                    self._show(row, row.person)

    def _show(self, row: Row, person: Person) -> None:
        row.shown = {d.slot for d in person.doses}
        if (not person.note and person.in_registry and person.nik and person.doses
                and self.rng.random() < ROSTER_LAG):
            row.shown.discard(person.doses[-1].slot)

    # ------------------------------------------------------------------ counting
    def uptake(self) -> list[dict[str, object]]:
        """Per phase what `census allocate` reports (UPTAKE_COLUMNS), then a row of the doses
        outside any phase (administered only). Every dose here is visible to the census."""
        start = self.phases[0].start
        rows: list[dict[str, object]] = []
        outside = 0
        for person in self.volunteers:
            region = self.region[id(person)]
            outside += sum(1 for d in person.doses if start <= d.when <= AS_OF
                           and not any(p.holds(d.when, region) for p in self.phases))
        for phase in self.phases:
            mine = {id(p) for p in self.assigned[phase.name]}
            given = [(person, d) for person in self.volunteers for d in person.doses
                     if d.when <= AS_OF and phase.holds(d.when, self.region[id(person)])]
            came = {id(person) for person, _d in given}
            missing = [p for p in self.assigned[phase.name] if id(p) not in came]
            ended = phase.end < AS_OF
            rows.append({
                "phase": phase.name, "quota": phase.quota, "assigned": len(mine),
                "administered": len(given),
                "administered_unassigned": sum(1 for p, _d in given if id(p) not in mine),
                "remaining": phase.quota - len(given),
                "no_shows": len(missing) if ended else 0,
                "pending": 0 if ended else len(missing),
            })
        rows.append({"phase": OUTSIDE, "administered": outside})
        return rows


def volunteers(b: Builder) -> list[Person]:
    """The people with a Tagana row, in the census's person order: by file name, sheet name and
    row of their first row (census/register numbers people in that order)."""
    order: dict[int, tuple[int, Person]] = {}
    tagana: set[int] = set()
    places = sorted(((f"{code}.xlsx", sheet), spec) for (code, sheet), spec in b.specs.items())
    for _where, spec in places:
        for row in spec.rows:
            order.setdefault(id(row.person), (len(order), row.person))
            if row.category == "tagana":
                tagana.add(id(row.person))
    return [person for key, (_n, person) in sorted(order.items(), key=lambda kv: kv[1][0])
            if key in tagana]
