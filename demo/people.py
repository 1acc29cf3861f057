"""People of the demo: unique Faker id_ID names, birth dates, and NIK/NIP consistent with both."""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources

from faker.providers.person.id_ID import Provider as _NameProvider

AS_OF = date(2022, 3, 31)

#: Regency NIK prefixes of Jawa Timur used by the demo units (province 35).
REGENCY = {
    "surabaya": "3578", "sidoarjo": "3515", "jombang": "3517", "malang": "3507",
    "kota_malang": "3573", "kediri": "3506", "kota_kediri": "3571", "banyuwangi": "3510",
    "gresik": "3525", "mojokerto": "3516", "pasuruan": "3514",
}

#: Birth places written in 'Tempat Lahir' / 'Tempat, Tanggal Lahir' cells, per regency.
PLACES = {
    "3578": "Surabaya", "3515": "Sidoarjo", "3517": "Jombang", "3507": "Malang",
    "3573": "Malang", "3506": "Kediri", "3571": "Kediri", "3510": "Banyuwangi",
    "3525": "Gresik", "3516": "Mojokerto", "3514": "Pasuruan",
}


@dataclass
class Dose:
    """One dose a person really received: slot (dose1, dose2, booster1), date, brand code."""

    slot: str
    when: date
    brand: str


@dataclass
class Person:
    """One person as the generator knows them (the truth), before any roster spelling."""

    pid: int
    first: str
    last: str
    sex: str  # 'L' or 'P'
    birth: date
    region: str  # 6-digit district code of the NIK
    nik: str | None
    nip: str | None = None
    phone: str | None = None
    kabkota: str | None = None
    doses: list[Dose] = field(default_factory=list)
    remark: str | None = None
    event: tuple[str, str, date] | None = None  # (reason, illness, date) behind a deferral remark
    intent: str = "unvaccinated"  # the status the generator decided first
    in_registry: bool = True  # the health office has this person's doses (under `nik`)
    registry_drop: frozenset[str] = frozenset()  # slots the health office does not have
    note: str = ""  # planted-mistake label, when this person carries one

    @property
    def name(self) -> str:
        """The plain name: no titles, as the health office spells it (title case)."""
        return f"{self.first} {self.last}".strip()

    def age_on(self, day: date) -> int:
        """Whole years on `day`."""
        years = day.year - self.birth.year
        return years - ((day.month, day.day) < (self.birth.month, self.birth.day))


@cache
def _name_tokens() -> frozenset[str]:
    text = resources.files("census.data").joinpath("names/name_tokens.csv").read_text("utf-8")
    return frozenset(row["token"] for row in csv.DictReader(io.StringIO(text)))


@cache
def name_pools() -> dict[str, list[str]]:
    """Faker's id_ID name parts, minus any that are title/variant tokens (kept plain on purpose)."""
    tokens = _name_tokens()

    def clean(names: tuple[str, ...] | list[str]) -> list[str]:
        return sorted({n for n in names if " " not in n and n.lower() not in tokens})

    p = _NameProvider
    return {
        "first_L": clean(p.first_names_male),
        "first_P": clean(p.first_names_female),
        "last_L": clean(p.last_names_male),
        "last_P": clean(p.last_names_female),
    }


@cache
def districts() -> dict[str, list[str]]:
    """Regency prefix (4 digits) → its 6-digit district codes (kecamatan.csv)."""
    text = resources.files("census.data").joinpath("wilayah/kecamatan.csv").read_text("utf-8")
    out: dict[str, list[str]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        code = row["kode_nik"].zfill(6)
        out.setdefault(code[:4], []).append(code)
    return {k: sorted(v) for k, v in out.items()}


class Population:
    """Makes people with globally unique names, NIKs and NIPs from one seeded random stream."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names: set[str] = set()
        self.niks: set[str] = set()
        self.nips: set[str] = set()
        self.people: list[Person] = []
        # Guards against accidental look-alikes: NIKs one serial digit apart, and two people
        # sharing a birth date and a first or last name (a fuzzy matcher could pair them).
        self.serials: dict[str, set[str]] = {}
        self.born_names: set[tuple[date, str]] = set()

    def birth_between(self, oldest: int, youngest: int) -> date:
        """A birth date for someone aged youngest..oldest on the census date."""
        latest = date(AS_OF.year - youngest, AS_OF.month, AS_OF.day)
        earliest = date(AS_OF.year - oldest - 1, AS_OF.month, AS_OF.day) + timedelta(days=1)
        return earliest + timedelta(days=self.rng.randrange((latest - earliest).days + 1))

    def fresh_name(self, sex: str, words: int | None = None) -> tuple[str, str]:
        """A first and last name never used before (compared in lower case)."""
        pools = name_pools()
        for _ in range(1000):
            first = self.rng.choice(pools[f"first_{sex}"])
            if words is None:
                words = self.rng.choices([1, 2, 3], [8, 70, 22])[0]
            if words == 1:
                last = ""
            elif words == 2:
                last = self.rng.choice(pools[f"last_{sex}"])
            else:
                last = f"{self.rng.choice(pools[f'first_{sex}'])} {self.rng.choice(pools[f'last_{sex}'])}"
            key = f"{first} {last}".strip().lower()
            if key not in self.names and first.lower() not in last.lower().split():
                self.names.add(key)
                return first, last
        raise RuntimeError("name pool exhausted")

    def nik(self, region: str, birth: date, sex: str) -> str:
        """A unique NIK: district, DDMMYY (women +40), serial."""
        day = birth.day + (40 if sex == "P" else 0)
        stem = f"{region}{day:02d}{birth.month:02d}{birth.year % 100:02d}"
        used = self.serials.setdefault(stem, set())
        while True:
            serial = f"{self.rng.randint(1, 2999):04d}"
            if serial in used or any(_one_apart(serial, other) for other in used):
                continue
            used.add(serial)
            self.niks.add(stem + serial)
            return stem + serial

    def nip(self, birth: date, sex: str, pppk: bool = False) -> str:
        """A unique 18-digit NIP: PNS 'YYYYMMDD YYYYMM S NNN' or PPPK 'YYYYMMDD YYYY2C S NNN'."""
        while True:
            if pppk:
                middle = "2021" + "2" + str(self.rng.randint(1, 3))
            else:
                year = min(birth.year + self.rng.randint(22, 32), 2020)
                middle = f"{year}{self.rng.choice([1, 1, 3, 4, 12]):02d}"
            serial = self.rng.randint(1, 30 if pppk else 12)
            nip = f"{birth:%Y%m%d}{middle}{1 if sex == 'L' else 2}{serial:03d}"
            if nip not in self.nips:
                self.nips.add(nip)
                return nip

    def phone(self) -> str:
        prefix = self.rng.choice(["0812", "0813", "0821", "0822", "0852", "0856", "0857", "0878"])
        return prefix + "".join(str(self.rng.randrange(10)) for _ in range(self.rng.choice([7, 8])))

    def make(
        self,
        oldest: int,
        youngest: int,
        regency: str,
        sex: str | None = None,
        with_nik: bool = True,
        staff: str | None = None,
    ) -> Person:
        """A new person aged youngest..oldest from `regency` ('3517'); staff: 'pns'/'pppk'."""
        sex = sex or self.rng.choice("LP")
        first, last = self.fresh_name(sex)
        parts = [first.lower(), *last.lower().split()]
        while True:
            birth = self.birth_between(oldest, youngest)
            if not any((birth, part) in self.born_names for part in parts):
                break
        self.born_names.update((birth, part) for part in parts)
        region = self.rng.choice(districts()[regency])
        person = Person(
            pid=len(self.people) + 1,
            first=first,
            last=last,
            sex=sex,
            birth=birth,
            region=region,
            nik=self.nik(region, birth, sex) if with_nik else None,
        )
        if staff in ("pns", "pppk"):
            person.nip = self.nip(birth, sex, pppk=staff == "pppk")
        if oldest >= 18 and self.rng.random() < 0.6:
            person.phone = self.phone()
        self.people.append(person)
        return person


def _one_apart(a: str, b: str) -> bool:
    return sum(x != y for x, y in zip(a, b, strict=True)) == 1


@cache
def district_names() -> dict[str, str]:
    """6-digit district code → kecamatan name."""
    text = resources.files("census.data").joinpath("wilayah/kecamatan.csv").read_text("utf-8")
    return {row["kode_nik"].zfill(6): row["nama"] for row in csv.DictReader(io.StringIO(text))}
