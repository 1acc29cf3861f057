"""Doses that fit the status decided first: eligible ages, brand intervals, boosters, remarks."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pandas as pd

from census.rules import Rules
from demo.people import AS_OF, Dose, Person

#: Brand weights per group of people (brand codes of census/data/rules.toml).
BRAND_MIX = {
    "staff": {"sinovac": 55, "astrazeneca": 25, "sinopharm": 8, "moderna": 6, "pfizer": 6},
    "elderly": {"sinovac": 70, "astrazeneca": 30},
    "teen": {"sinovac": 60, "pfizer": 40},
    "child": {"sinovac": 100},
    "tagana": {"sinovac": 50, "astrazeneca": 30, "sinopharm": 10, "pfizer": 10},
}
BOOSTER_MIX = {"pfizer": 40, "moderna": 30, "astrazeneca": 30}
BOOSTER_OPEN = date(2022, 1, 12)
#: Complete series start from March 2021 so the early 14-day Sinovac rule never decides anything.
SERIES_START = date(2021, 3, 1)
#: mRNA vaccines reached the regions in August 2021.
MRNA_FROM = date(2021, 8, 1)

#: What lies behind a deferral (reason, illness), drawn from the main random stream; the
#: wording of the remark comes from a stream of its own (Scheduler.words), so that wordings can
#: change without changing who is who in the demo.
DEFERRAL_REMARKS = [
    ("covid", "mild"), ("covid", "mild"), ("covid", "severe"), ("illness", "mild"),
]
#: Deferral remarks as offices word them (DOMAIN §3): '{d}' is the date of the positive test or
#: recovery, in one of REMARK_DATE_FORMS; the wordings without '{d}' give no date (the census
#: counts those from the census date).
COVID_WORDINGS = [
    "penyintas covid, positif {d}", "isoman {d}", "belum bisa divaksin karena covid, positif {d}",
    "terkonfirmasi covid-19 tgl {d}", "Positif Covid {d}", "sembuh dari covid {d}",
    "pasca covid (sembuh {d})", "isolasi mandiri sejak {d}",
    "kecuali yang belum bisa di vaksin karena covid", "belum bisa di vaksin karena covid",
    "penyintas covid", "isoman",
]
SEVERE_WORDINGS = ["positif covid {d}, dirawat di RS", "terkonfirmasi covid {d}, rawat inap"]
ILLNESS_WORDINGS = ["sedang sakit (demam) sejak {d}", "demam, ditunda {d}"]
REMARK_DATE_FORMS = ["slash", "iso", "short", "long", "dash2"]
#: Month abbreviations secretaries write in remarks ('5 Mrt 2022', '17 Agt 2021').
REMARK_MONTHS = ["Jan", "Feb", "Mrt", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nop", "Des"]
REFUSED_REMARKS = ["menolak", "tidak bersedia", "menolak divaksin", "tidak bersedia divaksin"]
REFUSED_VARIANTS = ["tdk bersedia divaksin", "Tidak mau di vaksin", "menolak, takut efek samping"]
EXEMPT_REMARKS = [
    "reaksi berat setelah dosis 1 (surat dokter)",
    "alergi berat, kontraindikasi (surat keterangan dokter)",
]


def remark_date(day: date, form: str) -> str:
    """A date as written inside a remark."""
    if form == "slash":
        return f"{day:%d/%m/%Y}"
    if form == "iso":
        return day.isoformat()
    if form == "short":
        return f"{day.day} {REMARK_MONTHS[day.month - 1]} {day.year}"
    if form == "long":
        months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
                  "September", "Oktober", "November", "Desember"]
        return f"{day.day} {months[day.month - 1]} {day.year}"
    if form == "dash2":
        return f"{day.day}-{day.month}-{day:%y}"
    raise ValueError(form)


def months_after(day: date, months: int) -> date:
    """Calendar months later, as pandas DateOffset does (31 Jan + 1 month = 28 Feb)."""
    return (pd.Timestamp(day) + pd.DateOffset(months=months)).date()


def first_eligible(person: Person, rules: Rules) -> date | None:
    """The first day the person's age was eligible under the dated age rules (None: not yet)."""
    best: date | None = None
    for rule in rules.eligibility:
        reach = _birthday(person.birth, rule.min_age)
        start = max(rule.from_, reach)
        if rule.max_age is not None and person.age_on(start) > rule.max_age:
            continue
        if start <= AS_OF and (best is None or start < best):
            best = start
    return best


def eligible_on(person: Person, day: date, rules: Rules) -> bool:
    """Whether the person's age on `day` was eligible under a rule in force on `day`."""
    age = person.age_on(day)
    return any(
        r.from_ <= day and age >= r.min_age and (r.max_age is None or age <= r.max_age)
        for r in rules.eligibility
    )


def _birthday(birth: date, years: int) -> date:
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # 29 February
        return date(birth.year + years, 3, 1)


class Scheduler:
    """Gives a person doses that fit an intended status, or says it cannot (returns False)."""

    def __init__(self, rng: random.Random, rules: Rules, words: random.Random | None = None) -> None:
        self.rng = rng
        self.rules = rules
        self.words = words or random.Random(0)

    def _day(self, lo: date, hi: date) -> date | None:
        if hi < lo:
            return None
        return lo + timedelta(days=self.rng.randrange((hi - lo).days + 1))

    def _brand(self, group: str, on: date) -> str:
        mix = BRAND_MIX[group]
        brand = self.rng.choices(list(mix), list(mix.values()))[0]
        if brand in ("pfizer", "moderna") and on < MRNA_FROM:
            brand = "sinovac"
        return brand

    def gap(self, brand: str, d1: date, person: Person) -> int:
        """Days from dose 1 to dose 2: at least the rule's minimum, usually a little more."""
        rule = self.rules.interval(brand, d1, person.age_on(d1))
        assert rule is not None
        if brand == "astrazeneca":
            return max(rule.min_days, self.rng.randint(70, 90))
        return rule.min_days + self.rng.choice([0, 0, 1, 2, 3, 5, 7])

    def recommended(self, brand: str, d1: date, person: Person) -> int:
        rule = self.rules.interval(brand, d1, person.age_on(d1))
        assert rule is not None
        return rule.recommended_days

    def _dose1(self, person: Person, group: str, lo: date, hi: date) -> tuple[date, str] | None:
        start = first_eligible(person, self.rules)
        if start is None:
            return None
        for _ in range(40):
            d1 = self._day(max(lo, start), hi)
            if d1 is None:
                return None
            if eligible_on(person, d1, self.rules):
                return d1, self._brand(group, d1)
        return None

    def complete(self, person: Person, group: str, booster: bool, lo: date, hi: date) -> bool:
        """Two doses (one for Janssen); a booster when asked and the rules allow it."""
        for _ in range(20):
            first = self._dose1(person, group, lo, hi)
            if first is None:
                return False
            d1, brand = first
            d2 = d1 + timedelta(days=self.gap(brand, d1, person))
            if d2 <= AS_OF - timedelta(days=2):
                break
        else:
            return False
        person.doses = [Dose("dose1", d1, brand), Dose("dose2", d2, brand)]
        if booster:
            b_lo = max(BOOSTER_OPEN, months_after(d2, 6))
            b = self._day(b_lo, AS_OF - timedelta(days=2))
            if b is not None and person.age_on(b) >= 18:
                mix = BOOSTER_MIX
                person.doses.append(
                    Dose("booster1", b, self.rng.choices(list(mix), list(mix.values()))[0])
                )
        return True

    def janssen(self, person: Person) -> bool:
        d1 = self._day(date(2021, 9, 1), date(2021, 12, 20))
        if d1 is None or not eligible_on(person, d1, self.rules):
            return False
        person.doses = [Dose("dose1", d1, "janssen")]
        return True

    def partial(self, person: Person, group: str, overdue: bool) -> bool:
        """One dose; overdue ones well past due + grace, the others well before it."""
        grace = self.rules.overdue_grace_days
        for _ in range(20):
            if overdue:
                first = self._dose1(person, group, SERIES_START, AS_OF - timedelta(days=100))
            else:
                first = self._dose1(person, group, AS_OF - timedelta(days=35), AS_OF - timedelta(3))
            if first is None:
                return False
            d1, brand = first
            due = d1 + timedelta(days=self.recommended(brand, d1, person))
            late = (AS_OF - (due + timedelta(days=grace))).days
            # Stay away from the boundary so no reading of "past" can disagree.
            if (overdue and late >= 4) or (not overdue and late <= -4):
                person.doses = [Dose("dose1", d1, brand)]
                return True
        return False

    def deferred(self, person: Person, active: bool) -> None:
        """A deferral remark; active ones still run past the census date. Some covid remarks
        carry no date: the census counts those from the census date (always active)."""
        reason, illness = self.rng.choice(DEFERRAL_REMARKS)
        rule = self.rules.deferral(reason, illness, AS_OF)
        assert rule is not None
        if active:
            # eligible_from = event + months must lie after as_of (by at least 4 days).
            lo = months_after(AS_OF, -rule.months) + timedelta(days=4)
            event = self._day(lo, AS_OF - timedelta(days=2))
        else:
            event = self._day(date(2021, 11, 1), months_after(AS_OF, -rule.months) - timedelta(9))
        assert event is not None
        if reason == "illness":
            wordings = ILLNESS_WORDINGS
        elif illness == "severe":
            wordings = SEVERE_WORDINGS
        else:
            wordings = [w for w in COVID_WORDINGS if active or "{d}" in w]
        text = self.words.choice(wordings)
        if "{d}" not in text:
            event = AS_OF
        person.remark = text.format(d=remark_date(event, self.words.choice(REMARK_DATE_FORMS)))
        person.event = (reason, illness, event)
        person.doses = []

    def refused(self) -> str:
        """A refusal as offices word it."""
        text = self.rng.choice(REFUSED_REMARKS)
        return self.words.choice(REFUSED_VARIANTS) if self.words.random() < 0.3 else text
