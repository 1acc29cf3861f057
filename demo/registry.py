"""The health-office export (PCare style, one row per dose) for roster people and the district."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from demo.build import Builder
from demo.people import AS_OF, Person, district_names
from demo.units import TAGANA_KABKOTA

REGISTRY_COLUMNS = ["NIK", "Nama", "Tanggal Lahir", "Tanggal Vaksin", "Dosis", "Jenis Vaksin",
                    "Faskes"]
DOSE_LABELS = {"dose1": "Dosis 1", "dose2": "Dosis 2", "dose3": "Dosis 3",
               "booster1": "Booster 1", "booster2": "Booster 2"}
BRAND_LABELS = {"sinovac": "Sinovac", "astrazeneca": "AstraZeneca", "pfizer": "Pfizer",
                "moderna": "Moderna", "sinopharm": "Sinopharm", "janssen": "Janssen"}
DISTRICT_MIX = {"complete_booster": 30, "complete": 42, "partial": 8, "partial_overdue": 12,
                "janssen": 3, "exempt": 1}


def district_people(b: Builder, count: int) -> list[Person]:
    """People of the district who are on no roster, with doses (the bulk of a real export)."""
    people: list[Person] = []
    regencies = sorted(set(TAGANA_KABKOTA.values()))
    while len(people) < count:
        person = b.pop.make(85, 12, b.rng.choice(regencies))
        age = person.age_on(AS_OF)
        mix = "teen" if age < 18 else "elderly" if age >= 60 else "adult"
        b.realise(person, b.pick(DISTRICT_MIX), mix)
        person.in_registry = True
        if person.doses:
            people.append(person)
    return people


def dose_rows(people: list[Person], rng: random.Random) -> list[list[str]]:
    """Export rows of every dose the health office holds for `people`."""
    rows = []
    for person in people:
        if not person.in_registry or not person.nik:
            continue
        home = district_names().get(person.region, "Kota")
        for dose in person.doses:
            if dose.slot in person.registry_drop:
                continue
            brand = BRAND_LABELS[dose.brand]
            if dose.brand == "sinovac" and rng.random() < 0.2:
                brand = "COVID-19 Vaccine Bio Farma"
            place = rng.choices([f"Puskesmas {home}", f"Klinik Pratama {home}",
                                 "RSUD Dr. Soetomo", "Gerai Vaksinasi Polda Jatim"], [70, 10, 10, 10])[0]
            rows.append([person.nik, person.name.upper(), f"{person.birth:%d/%m/%Y}",
                         f"{dose.when:%d/%m/%Y}", DOSE_LABELS[dose.slot], brand, place])
    return rows


def write_registry(path: Path, rows: list[list[str]], rng: random.Random) -> None:
    """Sorted by date then NIK, with a few rows exported twice (as real exports have)."""
    twice = [rows[i] for i in sorted(rng.sample(range(len(rows)), 3))]
    ordered = sorted(rows + twice, key=lambda r: (r[3][6:], r[3][3:5], r[3][:2], r[0], r[4]))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(REGISTRY_COLUMNS)
        writer.writerows(ordered)
