"""Round 2 of the demo province: three months later, the next census of the same department.

`python -m demo.generate --round 2 --out demo/round2` (`make demo`) builds round 1 exactly as
`inputs/` holds it, then moves time forward to AS_OF2 and changes what a real quarter changes:

- new doses (Advance.doses): some partial people get their next dose, some unvaccinated and some
  formerly deferred people a first one, some complete adults a booster — recorded in the
  health-office export (for people it covers) and, for most, on their roster row too;
- people added (new staff, new clients — one without NIK —, a new volunteer) and removed (a client
  who died, a youth who left the home, a family member), one PTT moved from Jombang to the head
  office, one head-office PTT appointed PPPK (now in the ASN sheet: a category change);
- planted mistakes fixed (a 31 February date, a dose dated in the future, a sex 'X', a missing
  brand) and one NIK corrected (the 15-digit NIK of Jombang's Honorer sheet gets its lost digit);
- one data problem: a complete person's dose 2 vanished from the roster (a regression);
- one new mistake: a new ASN's NIP with 17 digits.

The generator then counts what `census diff inputs-run round2-run` must report, with the
definitions of census/rounds/diff.py, from what it knows (the Person objects, not the workbooks):
tests/fixtures/demo_round2_changes.json. It also writes the round's person-by-person truth
(demo_round2_truth.csv, as demo_truth.csv) and every finding `census run` must give
(demo_round2_findings.csv), and demo/round2/CHANGES.md for people.
"""

from __future__ import annotations

import csv
import json
import random
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from demo.build import Builder
from demo.doses import BOOSTER_MIX, eligible_on, months_after
from demo.generate import (
    PLAN_TOML,
    Province,
    build_province,
    truth_rows,
    visible_doses,
    write_inputs,
    write_truth,
)
from demo.layouts import Num, Row, SheetSpec, long_date, spaced_nip
from demo.people import AS_OF, Dose, Person
from demo.truth import decide
from demo.units import Group

AS_OF2 = date(2022, 6, 30)
#: Doses of round 2 fall in this window (recorded by the census date).
WINDOW = (AS_OF + timedelta(days=1), AS_OF2 - timedelta(days=3))
#: Shares of people whose next dose comes in the quarter.
NEXT_DOSE_RATE, FIRST_DOSE_RATE, AFTER_DEFERRAL_RATE, BOOSTER_RATE = 0.45, 0.15, 0.3, 0.12
#: Share of new doses also typed on the roster (the rest only in the health-office export).
ON_ROSTER_RATE = 0.75

Finding = tuple[str, str, int, str, str]


@dataclass
class PersonState:
    """What the census must see of one person in one round."""

    key: str  # the identity the census derives: NIK, else 'name|birth date'
    units: dict[str, set[str]]  # unit → categories
    status: str
    primary: int
    overdue: bool
    dates: Counter[date]  # dates of the doses counted


@dataclass
class Advance:
    """The quarter's changes to a built province, and a log of them for CHANGES.md."""

    province: Province
    rng: random.Random
    log: list[str] = field(default_factory=list)
    touched: set[int] = field(default_factory=set)

    @property
    def b(self) -> Builder:
        return self.province.b

    def run(self) -> None:
        # People with a case record stay as they are: removing one would make their case
        # record point at nobody (a finding the quarter did not plant).
        self.touched |= {id(case.person) for case in self.province.cases if case.person}
        self.dateless()
        self.fixes()
        self.people()
        self.regression()
        self.doses()

    # ------------------------------------------------------------------ helpers
    def spec(self, unit: str, sheet: str) -> SheetSpec:
        return self.b.specs[(unit, sheet)]

    def rows_of(self) -> dict[int, list[tuple[str, SheetSpec, Row]]]:
        out: dict[int, list[tuple[str, SheetSpec, Row]]] = {}
        for unit in sorted(self.b.units, key=lambda u: u.code):
            for spec in unit.specs:
                for row in spec.rows:
                    out.setdefault(id(row.person), []).append((unit.code, spec, row))
        return out

    def ordinary(self, unit: str, sheet: str, **want: object) -> Row:
        """The first untouched, unplanted row of a sheet whose person has only this row."""
        rows = self.rows_of()
        for row in self.spec(unit, sheet).rows:
            p = row.person
            if (p.note or id(p) in self.touched or len(rows[id(p)]) != 1 or not p.nik
                    or row.overrides or p in getattr(self.b, "couple", ())):
                continue
            if all(getattr(p, key) == value for key, value in want.items()):
                self.touched.add(id(p))
                return row
        raise LookupError(f"no ordinary row in {unit} / {sheet}")

    def planted(self, label: str) -> Row:
        item = next(p for p in self.province.planted if p.label == label)
        self.touched.add(id(item.row.person))
        return item.row

    def dateless(self) -> None:
        """A covid remark without a date ('belum bisa divaksin karena covid') still stands on the
        roster: the census counts it from each census date, so the person is deferred again."""
        moved = 0
        for entries in self.rows_of().values():
            person = entries[0][2].person
            if (person.event is not None and person.event[2] == AS_OF and person.remark
                    and not any(ch.isdigit() for ch in person.remark)):
                person.event = (person.event[0], person.event[1], AS_OF2)
                self.touched.add(id(person))
                moved += 1
        self.log.append(f"still deferred: {moved} people whose covid remark has no date (the "
                        "census counts it from each census date)")

    # ------------------------------------------------------------------ fixes
    def fixes(self) -> None:
        row = self.planted("nik-15-digits")
        row.overrides.pop("nik")
        row.expect.remove(("nik", "nik-length"))
        self.log.append(f"NIK corrected: {row.name_text} (upt_pstw_jombang / Honorer) had 15 "
                        "digits; the lost digit is back (a new person id, linked to the old one)")
        row = self.planted("date-31-feb")
        row.overrides.pop("dose1_date")
        row.expect.remove(("dose1_date", "date-invalid"))
        self.log.append(f"fixed: {row.name_text}'s dose 1 date '31/02/2021' (upt_pstw_jombang / PNS)")
        row = self.planted("dose-in-future")
        row.overrides.pop("dose2_date")
        row.overrides.pop("dose2_brand")
        row.person.doses.append(Dose("dose2", date(2021, 8, 12), "sinovac"))
        row.shown.add("dose2")
        row.expect.remove(("dose2_date", "date-in-future"))
        self.log.append(f"fixed: {row.name_text}'s dose 2 dated 12-8-2022 is 12-8-2021 "
                        "(upt_psbr_kediri / Keluarga): a dose counted now, and complete")
        row = self.planted("sex-x")
        row.overrides.pop("sex")
        row.expect.remove(("sex", "sex-invalid"))
        self.log.append(f"fixed: {row.name_text}'s sex 'X' (tagana / Sahabat Tagana)")
        row = self.planted("brand-missing")
        row.overrides.pop("dose2_brand")
        row.expect.remove(("dose2_brand", "brand-missing"))
        self.log.append(f"fixed: {row.name_text}'s missing dose 2 brand "
                        "(upt_pstw_banyuwangi / Non ASN)")

    # ------------------------------------------------------------------ people
    def people(self) -> None:
        b = self.b
        units = {u.code: u for u in b.units}
        asn = self.spec("dinsos_kantor", "ASN")
        for k in range(2):
            person = b.new_person(Group("ASN", "asn", 1, (23, 40), "asn"), "3578")
            row = b.row(person, "asn")
            if k == 1:
                row.overrides["nip"] = spaced_nip(person.nip or "")[:-1]
                row.expect.append(("nip", "nip-format"))
            asn.rows.insert(60 + 30 * k, row)
            self.touched.add(id(person))
            self.log.append(f"new: {row.name_text} (dinsos_kantor / ASN)"
                            + (", NIP typed with 17 digits (a new mistake)" if k else ""))
        clients = self.spec("upt_pstw_jombang", "Penerima Manfaat")
        group = next(g for g in units["upt_pstw_jombang"].groups if g.sheet == "Penerima Manfaat")
        for k, no_nik in enumerate((False, True)):
            row = b._group_row(units["upt_pstw_jombang"], group, no_nik)
            clients.rows.insert(20 + 50 * k, row)
            self.touched.add(id(row.person))
            self.log.append(f"new: {row.name_text} (upt_pstw_jombang / Penerima Manfaat)"
                            + (", no NIK" if no_nik else ""))
        tagana = self.spec("tagana", "Tagana")
        group = next(g for g in units["tagana"].groups if g.sheet == "Tagana")
        row = b._group_row(units["tagana"], group, False)
        tagana.rows.insert(100, row)
        self.touched.add(id(row.person))
        self.log.append(f"new: {row.name_text} (tagana / Tagana)")

        for unit, sheet in (("upt_pstw_banyuwangi", "Penerima Manfaat"),
                            ("upt_psbr_kediri", "Klien"), ("dinsos_kantor", "Keluarga")):
            row = self.ordinary(unit, sheet)
            self.spec(unit, sheet).rows.remove(row)
            self.log.append(f"gone: {row.name_text} ({unit} / {sheet})")

        row = self.ordinary("upt_pstw_jombang", "Honorer")
        self.spec("upt_pstw_jombang", "Honorer").rows.remove(row)
        self.spec("dinsos_kantor", "Non ASN").rows.insert(30, row)
        self.log.append(f"moved: {row.name_text} from upt_pstw_jombang / Honorer to "
                        "dinsos_kantor / Non ASN")

        row = self.ordinary("dinsos_kantor", "Non ASN")
        person = row.person
        self.spec("dinsos_kantor", "Non ASN").rows.remove(row)
        person.nip = b.pop.nip(person.birth, person.sex, pppk=True)
        asn.rows.insert(120, Row(person, "asn", row.name_text, None, row.remark, set(row.shown)))
        self.log.append(f"category: {row.name_text} appointed PPPK (dinsos_kantor: Non ASN → ASN)")

    def regression(self) -> None:
        rows = self.rows_of()
        unit = next(u for u in self.b.units if u.code == "upt_pstw_banyuwangi")
        for spec in unit.specs:
            for row in spec.rows:
                p = row.person
                primary = [d for d in p.doses if d.slot.startswith("dose")]
                if (p.note or id(p) in self.touched or p.in_registry or len(rows[id(p)]) != 1
                        or row.overrides or [d.slot for d in p.doses] != ["dose1", "dose2"]
                        or len(primary) != 2 or p.intent != "doses"):
                    continue
                row.shown.discard("dose2")
                self.touched.add(id(p))
                self.log.append(f"data problem: {row.name_text}'s dose 2 is gone from the roster "
                                f"(upt_pstw_banyuwangi / {spec.title}); no export has it")
                return
        raise LookupError("no person for the regression")

    # ------------------------------------------------------------------ doses
    def doses(self) -> None:
        rows = self.rows_of()
        rules = self.b.rules
        counts: Counter[str] = Counter()
        for entries in rows.values():
            person = entries[0][2].person
            if person.note or id(person) in self.touched:
                continue
            places = [(spec, row) for _u, spec, row in entries]
            state = decide(person, visible_doses(person, places), rules, AS_OF)
            primary = [d for d in person.doses if d.slot.startswith("dose")]
            new: Dose | None = None
            r = self.rng.random()
            if person.intent == "deferred" and person.event and not person.doses:
                if r < AFTER_DEFERRAL_RATE:
                    reason, illness, event = person.event
                    rule = rules.deferral(reason, illness, AS_OF)
                    assert rule is not None
                    new = self._first(person, months_after(event, rule.months) + timedelta(1))
            elif person.intent != "doses":
                continue
            elif state["status"] == "partial" and len(primary) == 1 == len(person.doses):
                if r < NEXT_DOSE_RATE:
                    first = primary[0]
                    interval = rules.interval(first.brand, first.when, person.age_on(first.when))
                    assert interval is not None
                    new = self._on(person, "dose2", first.brand,
                                   first.when + timedelta(days=interval.recommended_days))
            elif state["status"] == "unvaccinated" and not person.doses:
                if r < FIRST_DOSE_RATE:
                    new = self._first(person, WINDOW[0])
            elif (state["status"] == "complete" and state["next_dose"] == "booster1"
                  and not any(d.slot.startswith("booster") for d in person.doses)
                  and r < BOOSTER_RATE):
                last = max(d.when for d in person.doses)
                mix = BOOSTER_MIX
                brand = self.rng.choices(list(mix), list(mix.values()))[0]
                new = self._on(person, "booster1", brand, months_after(last, 3))
            if new is None or not self._record(person, places, new):
                continue
            counts[new.slot] += 1
        self.log.append("new doses: " + ", ".join(f"{slot} {n}" for slot, n in sorted(counts.items())))

    def _first(self, person: Person, earliest: date) -> Dose | None:
        for _ in range(10):
            dose = self._on(person, "dose1", "", earliest)
            if dose is None:
                return None
            if eligible_on(person, dose.when, self.b.rules):
                dose.brand = self.b.sched._brand("staff" if person.age_on(dose.when) >= 18
                                                 else "teen", dose.when)
                return dose
        return None

    def _on(self, person: Person, slot: str, brand: str, earliest: date) -> Dose | None:
        lo = max(earliest, WINDOW[0])
        if lo > WINDOW[1]:
            return None
        return Dose(slot, lo + timedelta(days=self.rng.randrange((WINDOW[1] - lo).days + 1)),
                    brand)

    def _record(self, person: Person, places: list[tuple[SheetSpec, Row]], dose: Dose) -> bool:
        """Give the dose: in the export for people it covers, on the roster rows (most of them)."""
        exported = person.in_registry and bool(person.nik)
        earlier = {d.slot for d in person.doses}
        typed = False
        for spec, row in places:
            if not spec.has(f"{dose.slot}_date") or not earlier <= row.shown:
                continue  # a roster that lags behind stays behind
            if not exported or self.rng.random() < ON_ROSTER_RATE:
                row.shown.add(dose.slot)
                typed = True
        if not exported and not typed:
            return False  # nobody would know of it: not given in this demo
        person.doses.append(dose)
        return True


def _retitle(b: Builder, as_of: date) -> None:
    """'KEADAAN PER 30 JUNI 2022' on every sheet."""
    for unit in b.units:
        for spec in unit.specs:
            spec.titles = [f"KEADAAN PER {long_date(as_of).upper()}" if line.startswith(
                "KEADAAN PER") else line for line in spec.titles]


def _states(b: Builder, places: list[tuple[str, SheetSpec, Row]],
            as_of: date) -> dict[int, PersonState]:
    by_person: dict[int, list[tuple[str, SheetSpec, Row]]] = {}
    for place in places:
        by_person.setdefault(id(place[2].person), []).append(place)
    out = {}
    for key, entries in by_person.items():
        person = entries[0][2].person
        usable = any("nik" not in row.overrides for _u, _s, row in entries) and bool(person.nik)
        # As truth_rows: a number-cell NIK completed from the export is the person's NIK.
        usable = usable or (bool(person.nik) and person.in_registry
                            and any(isinstance(row.overrides.get("nik"), Num)
                                    for _u, _s, row in entries)
                            and any(d.slot not in person.registry_drop for d in person.doses))
        units: dict[str, set[str]] = {}
        for unit, _spec, row in entries:
            units.setdefault(unit, set()).add(row.category)
        doses = [d for d in visible_doses(person, [(s, r) for _u, s, r in entries])
                 if d.when <= as_of]
        state = decide(person, doses, b.rules, as_of)
        identity = person.nik if usable else f"{person.name.lower()}|{person.birth.isoformat()}"
        out[key] = PersonState(str(identity), units, state["status"], int(state["primary_doses"]),
                               state["overdue"] == "True", Counter(d.when for d in doses))
    return out


COUNTS = ["newly_complete", "new_doses", "newly_overdue", "still_overdue", "regressions",
          "new_people", "gone_people", "joined", "left", "category_changes", "identity_changes",
          "findings_fixed", "findings_new"]


def count_changes(before: dict[int, PersonState], after: dict[int, PersonState],
                  found_before: list[Finding], found_after: list[Finding]) -> dict[str, object]:
    """What `census diff` must count (the definitions of census/rounds/diff.py)."""
    units = sorted({u for s in [*before.values(), *after.values()] for u in s.units})
    department: Counter[str] = Counter()
    per_unit: dict[str, Counter[str]] = {u: Counter() for u in units}
    for key, new in after.items():
        old = before.get(key)
        if old is None:
            department["new_people"] += 1
            for unit in new.units:
                per_unit[unit]["new_people"] += 1
            continue
        flags = {
            "newly_complete": old.status != "complete" and new.status == "complete",
            "newly_overdue": new.overdue and not old.overdue,
            "still_overdue": new.overdue and old.overdue,
            "regressions": (old.status == "complete" and new.status != "complete")
            or new.primary < old.primary,
        }
        doses = sum((new.dates - old.dates).values())
        department["new_doses"] += doses
        flags["identity_changes"] = old.key != new.key
        department.update(name for name, flag in flags.items() if flag)
        if set(old.units) != set(new.units):
            department["moves"] += 1
        if set().union(*old.units.values()) != set().union(*new.units.values()):
            department["category_changes"] += 1
        for unit, categories in new.units.items():
            per_unit[unit]["new_doses"] += doses
            per_unit[unit].update(name for name, flag in flags.items() if flag)
            if unit not in old.units:
                per_unit[unit]["joined"] += 1
            elif old.units[unit] != categories:
                per_unit[unit]["category_changes"] += 1
        for unit in set(old.units) - set(new.units):
            per_unit[unit]["left"] += 1
    for key, old in before.items():
        if key not in after:
            department["gone_people"] += 1
            for unit in old.units:
                per_unit[unit]["gone_people"] += 1
    fixed, new_found = finding_changes(found_before, found_after)
    for name, found in (("findings_fixed", fixed), ("findings_new", new_found)):
        department[name] = len(found)
        for f in found:
            per_unit.setdefault(f[0].removesuffix(".xlsx"), Counter())[name] += 1
    keys = COUNTS + ["moves"]
    return {
        "department": {k: department.get(k, 0) for k in keys if k not in ("joined", "left")},
        "units": {u: {k: c.get(k, 0) for k in COUNTS} for u, c in per_unit.items()},
    }


def finding_changes(before: list[Finding], after: list[Finding]) -> tuple[list[Finding],
                                                                            list[Finding]]:
    """(fixed, new): findings matched by file, sheet, column and code — on the same row first,
    then on any row (rows move when rows are added or removed above them). The generator does
    not know the values typed; no two of its findings differ only by value."""
    old = list(before)
    new = list(after)
    for exact in (True, False):
        left = []
        for finding in new:
            match = next((o for o in old if o[:2] == finding[:2] and o[3:] == finding[3:]
                          and (not exact or o[2] == finding[2])), None)
            if match is None:
                left.append(finding)
            else:
                old.remove(match)
        new = left
    return old, new


@dataclass
class Round2:
    """What generate_round2 wrote, with the counts worth printing."""

    workbooks: list[Path]
    people: int
    changes: dict[str, object]


def generate_round2(out: Path, seed: int = 2021, fixtures: Path | None = None) -> Round2:
    """Write round 2 of the demo province into `out` (its fixtures into `fixtures`)."""
    province = build_province(seed)
    with tempfile.TemporaryDirectory() as scratch:
        first = write_inputs(province, Path(scratch))  # round 1, exactly as inputs/ holds it
    before = _states(province.b, first.places, AS_OF)
    advance = Advance(province, random.Random(seed * 1000 + 2))
    advance.run()
    _retitle(province.b, AS_OF2)
    written = write_inputs(province, out, AS_OF2)
    (out / "tagana_plan.toml").write_text(PLAN_TOML, encoding="utf-8")
    after = _states(province.b, written.places, AS_OF2)
    changes = count_changes(before, after, first.found + first.found_run + first.found_cases,
                            written.found + written.found_run + written.found_cases)
    changes = {"as_of": {"before": AS_OF.isoformat(), "after": AS_OF2.isoformat()}, **changes}
    (out / "CHANGES.md").write_text(_changes_md(advance.log, changes), encoding="utf-8")
    if fixtures is not None:
        fixtures.mkdir(parents=True, exist_ok=True)
        (fixtures / "demo_round2_changes.json").write_text(
            json.dumps(changes, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        write_truth(fixtures / "demo_round2_truth.csv",
                    truth_rows(province.b, written.places, AS_OF2))
        with (fixtures / "demo_round2_findings.csv").open("w", encoding="utf-8",
                                                          newline="") as handle:
            handle.write("# Every finding `census run demo/round2` must give (validate and run).\n"
                         "# Written by demo/round2.py. Read with comment='#'.\n")
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["file", "sheet", "row", "column", "code"])
            found: list[Finding] = sorted(written.found + written.found_run + written.found_cases,
                                          key=_finding_order)
            writer.writerows(found)
    return Round2(written.workbooks, len(after), changes)


def _finding_order(f: Finding) -> tuple[str, str, int, int, str, str]:
    return (f[0], f[1], f[2], len(f[3]), f[3], f[4])


def _changes_md(log: list[str], changes: dict[str, object]) -> str:
    department = changes["department"]
    assert isinstance(department, dict)
    lines = [
        "# Round 2 of the demo province",
        "",
        "Written by `python -m demo.generate --round 2 --out demo/round2`; do not edit by hand.",
        f"Census date (as_of): {AS_OF2.isoformat()}, three months after `inputs/` "
        f"({AS_OF.isoformat()}). What the generator changed:",
        "",
        *[f"- {line}" for line in log],
        "",
        "What `census diff` must count for the department "
        "(per unit: tests/fixtures/demo_round2_changes.json):",
        "",
        "| change | count |",
        "|---|---|",
        *[f"| {name} | {count} |" for name, count in department.items()],
        "",
    ]
    return "\n".join(lines)
