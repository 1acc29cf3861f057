"""Builds the demo province in memory: people with statuses decided first, doses, roster rows."""

from __future__ import annotations

import random
from datetime import date

from census.rules import default_rules
from demo.doses import EXEMPT_REMARKS, SERIES_START, Scheduler
from demo.layouts import Row, SheetSpec
from demo.people import AS_OF, Person, Population
from demo.units import MIX, TAGANA_KABKOTA, Group, Unit, province

DEGREES = [", S.Sos.", ", S.E.", ", S.Kom.", ", M.Si", ", S.H.", ", A.Md.", ", S.Pd.", ", M.Hum",
           ", S.Kep."]
CHILD_WINDOW = (date(2021, 12, 14), date(2022, 2, 25))
ADULT_WINDOW = (SERIES_START, date(2021, 12, 31))
TEEN_WINDOW = (date(2021, 7, 5), date(2021, 12, 31))
BRAND_GROUP = {"asn": "staff", "ptt": "staff", "adult": "staff", "elderly": "elderly",
               "teen": "teen", "child": "child", "tagana": "tagana"}


class Builder:
    """Holds the random stream, the rules, the population and every unit's sheets."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.rules = default_rules()
        self.pop = Population(self.rng)
        self.sched = Scheduler(self.rng, self.rules, random.Random(f"remarks-{seed}"))
        self.units: list[Unit] = province()
        self.specs: dict[tuple[str, str], SheetSpec] = {
            (u.code, s.title): s for u in self.units for s in u.specs
        }

    # ------------------------------------------------------------------ people
    def mix_for(self, kind: str, age: int) -> str:
        if age < 6:
            return "not_eligible"
        if age < 12:
            return "child"
        if age < 18:
            return "teen"
        if age >= 60:
            return "elderly"
        return {"asn": "asn", "ptt": "ptt", "tagana": "tagana"}.get(kind, "adult")

    def realise(self, person: Person, intent: str, mix: str) -> None:
        """Give the person doses and remarks that fit `intent`; fall back to no dose."""
        group = BRAND_GROUP.get(mix, "staff")
        window = {"child": CHILD_WINDOW, "teen": TEEN_WINDOW}.get(mix, ADULT_WINDOW)
        ok = True
        if intent in ("complete", "complete_booster", "claim", "hamil"):
            ok = self.sched.complete(person, group, intent == "complete_booster", *window)
            if ok and intent == "claim":
                person.remark = "sudah vaksin"
            if ok and intent == "hamil" and person.sex == "P" and 20 <= person.age_on(AS_OF) <= 40:
                person.remark = "hamil"
        elif intent in ("partial", "partial_overdue"):
            ok = self.sched.partial(person, group, intent == "partial_overdue")
        elif intent == "janssen":
            ok = self.sched.janssen(person)
        elif intent == "deferred":
            self.sched.deferred(person, active=True)
        elif intent == "expired":
            self.sched.deferred(person, active=False)
        elif intent == "refused":
            person.remark = self.sched.refused()
        elif intent == "exempt":
            with_dose = self.rng.random() < 0.5
            person.remark = EXEMPT_REMARKS[0 if with_dose else 1]
            if with_dose:
                first = self.sched._dose1(person, group, SERIES_START, date(2021, 10, 31))
                if first is not None:
                    from demo.people import Dose

                    person.doses = [Dose("dose1", first[0], first[1])]
                else:
                    person.remark = EXEMPT_REMARKS[1]
        person.intent = intent if intent in ("refused", "exempt", "deferred") else "doses"
        if not ok:
            person.doses = []
        if person.doses and self.rng.random() < 0.08:
            person.in_registry = False  # vaccinated where the export does not reach

    def new_person(self, group: Group, regency: str, ages: tuple[int, int] | None = None,
                   sex: str | None = None, with_nik: bool = True) -> Person:
        lo, hi = ages or group.ages
        staff = None
        if group.kind == "asn":
            staff = "pppk" if self.rng.random() < 0.15 else "pns"
        person = self.pop.make(hi, lo, regency, sex=sex, with_nik=with_nik, staff=staff)
        mix = self.mix_for(group.kind, person.age_on(AS_OF))
        intent = "not_eligible" if mix == "not_eligible" else self.pick(MIX[mix])
        self.realise(person, intent, mix)
        if not with_nik:
            person.in_registry = False
        return person

    def pick(self, weights: dict[str, int]) -> str:
        return self.rng.choices(list(weights), list(weights.values()))[0]

    # ------------------------------------------------------------------ rows
    def display_name(self, person: Person, category: str, titles: bool = True) -> str:
        """The name as an office types it: titles and degrees for some staff and elders."""
        name = person.name
        if not titles:
            return name
        r = self.rng.random()
        if category == "asn":
            if r < 0.06:
                name = ("Drs. " if person.sex == "L" else "Dra. ") + name
            elif r < 0.10:
                name = "dr. " + name
            elif r < 0.14:
                name = ("H. " if person.sex == "L" else "Hj. ") + name
            if self.rng.random() < 0.45 and not name.startswith("dr."):
                name += self.rng.choice(DEGREES)
        elif category == "ptt" and r < 0.15:
            name += self.rng.choice([", A.Md.", ", S.E.", ", S.Kom."])
        elif category == "klien" and person.age_on(AS_OF) >= 60 and r < 0.12:
            name = ("H. " if person.sex == "L" else "Hj. ") + name
        elif category == "keluarga" and person.age_on(AS_OF) >= 25 and r < 0.05:
            name += self.rng.choice(DEGREES)
        return name

    def row(self, person: Person, category: str, relation: str | None = None,
            titles: bool = True, shown_all: bool = False) -> Row:
        """A roster row for `person`; sometimes the roster was not updated after the last dose."""
        shown = {d.slot for d in person.doses}
        if (not shown_all and person.in_registry and person.nik and person.doses
                and self.rng.random() < 0.12):
            shown.discard(max(person.doses, key=lambda d: d.when).slot)
        return Row(person, category, self.display_name(person, category, titles), relation,
                   person.remark, shown)

    def fill(self) -> None:
        """Generate every group's people and rows (before planting mistakes and overlaps)."""
        for unit in self.units:
            for group in unit.groups:
                spec = self.specs[(unit.code, group.sheet)]
                no_nik = set(self.rng.sample(range(group.count), group.no_nik))
                for i in range(group.count):
                    spec.rows.append(self._group_row(unit, group, i in no_nik))

    def _group_row(self, unit: Unit, group: Group, no_nik: bool) -> Row:
        regency = unit.regency
        relation = None
        ages = None
        if group.kind == "tagana":
            kabkota = self.rng.choice(sorted(TAGANA_KABKOTA))
            person = self.new_person(group, TAGANA_KABKOTA[kabkota])
            person.kabkota = kabkota
            return self.row(person, group.category)
        if group.kind == "keluarga":
            relation = self.pick({"Istri": 22, "Suami": 13, "Anak": 50, "Orang Tua": 15})
            ages = {"Istri": (24, 58), "Suami": (26, 60), "Anak": (0, 25),
                    "Orang Tua": (60, 85)}[relation]
            sex = {"Istri": "P", "Suami": "L"}.get(relation)
            person = self.new_person(group, regency, ages, sex=sex)
            return self.row(person, group.category, relation)
        if group.kind == "children":
            ages = (5, 5) if self.rng.random() < 0.1 else (6, 17)
        person = self.new_person(group, regency, ages, with_nik=not no_nik)
        row = self.row(person, group.category, titles=not no_nik)
        if no_nik:
            row.overrides["nik"] = self.rng.choice([None, None, "-", "belum ada"])
            row.expect.append(("nik", "nik-missing"))
        return row

    def overlaps(self) -> None:
        """A few head-office ASN volunteer in Tagana; a married couple across two units."""
        asn = self.specs[("dinsos_kantor", "ASN")]
        tagana = self.specs[("tagana", "Tagana")]
        volunteers = [r for r in asn.rows if r.person.age_on(AS_OF) <= 50 and r.person.nip
                      and r.person.intent == "doses"][:3]
        for k, source in enumerate(volunteers):
            person = source.person
            person.kabkota = "Kota Surabaya"
            if k == 0:
                # The same man as 'Muhammad …' at the office and 'Moch. …' at Tagana.
                person.first = "Muhammad"
                source.name_text = f"Muhammad {person.last}, S.Kom."
                text = f"Moch. {person.last}"
            else:
                text = person.name
            row = Row(person, "tagana", text, None, person.remark, {d.slot for d in person.doses})
            tagana.rows.insert(10 + 40 * k, row)
        # The couple: he is ASN at the head office, she is PNS in Jombang; each is in the
        # other's unit as family.
        husband = next(r for r in asn.rows[20:] if r not in volunteers and r.person.sex == "L"
                       and r.person.age_on(
            AS_OF) >= 35 and r.person.intent == "doses" and r.person.in_registry).person
        pns = self.specs[("upt_pstw_jombang", "PNS")]
        wife = next(r for r in pns.rows[5:] if r.person.sex == "P" and r.person.intent == "doses"
                    and r.person.in_registry).person
        wife_row = next(r for r in pns.rows if r.person is wife)
        wife_row.name_text = f"Hj. {wife.name}, S.Sos."
        husband_row = next(r for r in asn.rows if r.person is husband)
        husband_row.name_text = f"Drs. H. {husband.name}, M.Si"
        family = self.specs[("dinsos_kantor", "Keluarga")]
        family.rows.insert(30, Row(wife, "keluarga", wife.name, "Istri", wife.remark,
                                   {d.slot for d in wife.doses}))
        family = self.specs[("upt_pstw_jombang", "Keluarga")]
        family.rows.insert(12, Row(husband, "keluarga", husband.name, "Suami", husband.remark,
                                   {d.slot for d in husband.doses}))
        self.couple = (husband, wife)
