"""Who is who across two rounds: corrected NIKs, names and birth dates; ambiguity stays apart."""

from __future__ import annotations

from datetime import date

import pandas as pd

from census.config import Config
from census.register.ids import id_of_key
from census.report.summary import summarise
from census.rounds import Snapshot, diff_rounds, link

AS_OF = date(2022, 3, 31)


def snapshot(*people: tuple[str | None, str, str | None, str], as_of: date = AS_OF,
             status: str = "complete") -> Snapshot:
    """A round of people (nik, name, birth date, unit); ids derived as the register does."""
    rows = []
    seen: set[str] = set()
    for nik, name, born, unit in people:
        key = f"nik:{nik}" if nik else (
            f"name:{name.lower()}|{born}" if born else f"unit-name:{unit}|{name.lower()}")
        key = key if key not in seen else f"{key}-2"
        seen.add(key)
        rows.append({"person_id": id_of_key(key), "nik": nik, "name": name, "birth_date": born,
                     "status": status, "primary_doses": 2, "booster_doses": 0,
                     "next_dose": None, "next_due": None, "overdue": False, "unit": unit,
                     "category": "klien"})
    table = pd.DataFrame(rows)
    members = table[["person_id", "unit", "category"]]
    config = Config(as_of=as_of)
    doses = pd.DataFrame(columns=["person_id", "slot", "date", "brand"])
    return Snapshot.of_run(table, members, doses, summarise(table, members, config), [])


def kinds(old: Snapshot, new: Snapshot) -> list[tuple[str, str]]:
    links = link(old, new)
    names = dict(zip(new.persons["person_id"], new.persons["name"], strict=True))
    return sorted((names[n], k) for n, k in zip(links.pairs["new_id"], links.pairs["kind"],
                                                strict=True) if k != "same")


def test_a_corrected_nik_name_or_birth_date_keeps_the_person() -> None:
    old = snapshot(
        ("3578011205800001", "Budi Santoso", "1980-05-12", "a"),  # a typo in the NIK
        (None, "Siti Aminah", "1945-03-02", "b"),  # no NIK yet
        (None, "Mbah Karto", "1940-01-01", "b"),  # a name typo without NIK
        (None, "Mbok Sarinah", None, "b"),  # no birth date yet
        ("3578011205800002", "Joko", "1980-05-12", "a"),  # the same in both rounds
    )
    new = snapshot(
        ("3578011205800010", "Budi Santoso", "1980-05-12", "a"),
        ("3578014203450003", "Hj. Siti Aminah", "1945-03-02", "b"),
        (None, "Mbah Kartoo", "1940-01-01", "b"),
        (None, "Mbok Sarinah", "1941-07-07", "b"),
        ("3578011205800002", "Joko", "1980-05-12", "a"),
    )
    assert kinds(old, new) == [
        ("Budi Santoso", "nik-corrected"), ("Hj. Siti Aminah", "nik-corrected"),
        ("Mbah Kartoo", "name-corrected"), ("Mbok Sarinah", "birth-date-corrected"),
    ]
    diff = diff_rounds(old, new)
    assert diff.department.counts["identity_changes"] == 4
    assert (diff.department.counts["new_people"], diff.department.counts["gone_people"]) == (0, 0)


def test_ambiguous_or_different_people_stay_apart() -> None:
    old = snapshot(
        (None, "Siti Aminah", "1945-03-02", "a"),
        (None, "Siti Aminah", "1945-03-02", "b"),  # the same key: '-2' id, one of two
        ("3578011205800001", "Budi Santoso", "1980-05-12", "a"),
    )
    new = snapshot(
        ("3578014203450003", "Siti Aminah", "1945-03-02", "a"),
        ("3578011205800099", "Agus Salim", "1980-05-12", "a"),  # another NIK, another name
    )
    links = link(old, new)
    assert links.pairs.empty or set(links.pairs["kind"]) == {"same"}
    assert (len(links.gone), len(links.new)) == (3, 2)


def test_nik_lost_is_said() -> None:
    old = snapshot(("3578011205800001", "Budi Santoso", "1980-05-12", "a"))
    new = snapshot((None, "Budi Santoso", "1980-05-12", "a"))
    assert kinds(old, new) == [("Budi Santoso", "nik-lost")]
