"""A diff's columns per side: new doses by day, a person's dose days, records and changed facts."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from census.rounds.built import built
from census.rounds.diff import Move, NewDose, Overdue, PersonRef
from census.rounds.diff_sides import DoseDays, Records, changed_facts, new_doses


def _doses(rows: list[tuple[str, str, str, str | None]]) -> pd.DataFrame:
    rows = sorted(rows, key=lambda row: (row[0], row[1]))
    brands = np.empty(len(rows), dtype=object)
    brands[:] = [row[3] for row in rows]  # None for missing, as a snapshot holds them
    return pd.DataFrame({"person_id": [row[0] for row in rows],
                         "date": pd.to_datetime([row[1] for row in rows]),
                         "slot": [row[2] for row in rows], "brand": pd.Series(brands, dtype=object)})


OLD = _doses([("A", "2021-06-01", "dose1", "SV"), ("A", "2021-07-01", "dose2", "SV"),
              ("B", "1969-12-31", "dose1", None), ("C", "2021-06-01", "dose1", "AZ")])
NEW = _doses([("A", "2021-06-01", "dose1", "SV"), ("A", "2021-07-01", "dose2", "SV"),
              ("A", "2022-01-05", "booster1", "PF"),
              ("B2", "1969-12-31", "dose1", None), ("B2", "2021-06-01", "dose2", "SV"),
              ("B2", "2021-06-01", "dose3", "AZ"),  # two on one day: the last
              ("D", "2021-06-01", "dose1", "AZ"),  # not linked: no new dose of a linked person
              ("E", "2021-07-01", "dose1", None)])  # linked, had no dose before


def test_new_doses_are_the_days_a_linked_person_had_none() -> None:
    old_of = {"A": "A", "B2": "B", "E": "E"}
    assert new_doses(OLD, NEW, old_of) == [
        ("A", date(2022, 1, 5), "booster1", "PF"),
        ("B2", date(2021, 6, 1), "dose3", "AZ"),
        ("E", date(2021, 7, 1), "dose1", None),
    ]
    assert new_doses(OLD.iloc[:0], NEW, {"E": "E"}) == [("E", date(2021, 7, 1), "dose1", None)]


def test_dose_days_of_a_person_and_of_none() -> None:
    days = DoseDays(NEW)
    assert days.get("B2") == {date(1969, 12, 31): "dose1", date(2021, 6, 1): "dose3"}
    assert (days.get("A0"), days.get("Z"), DoseDays(NEW.iloc[:0]).get("A")) == ({}, {}, {})


def _persons() -> pd.DataFrame:
    frame = pd.DataFrame({
        "person_id": ["P1", "P2", "P3"], "name": ["Ani", None, "Budi"],
        "nik": ["3506145202130001", None, None], "nik_typed": ["3506145202130001", "35x", None],
        "status": ["complete", "partial", "unvaccinated"], "primary_doses": [2, 1, 0],
        "overdue": [False, True, True], "next_dose": [None, "dose2", "dose1"],
        "next_due": pd.to_datetime(["NaT", "2022-01-01", "2021-12-01"]),
    })
    for column in ("name", "nik", "nik_typed", "next_dose"):
        values = np.empty(len(frame), dtype=object)
        values[:] = [v if isinstance(v, str) else None for v in frame[column].tolist()]
        frame[column] = values
    return frame.set_index("person_id", drop=False)


def test_records_and_changed_facts() -> None:
    persons = _persons()
    records = Records(persons)
    assert list(records) == ["P1", "P2", "P3"]
    assert records["P2"] == {"name": None, "nik": None, "nik_typed": "35x", "status": "partial",
                             "next_dose": "dose2", "primary_doses": 1, "overdue": True,
                             "next_due": date(2022, 1, 1)}
    assert records["P1"]["next_due"] is None
    before = persons.assign(status=["partial", "partial", "unvaccinated"],
                            overdue=[True, False, True], primary_doses=[1, 1, 1])
    pairs = pd.DataFrame({"old_id": ["P1", "P2", "P3"], "new_id": ["P1", "P2", "P3"],
                          "kind": ["same", "same", "same"]})
    facts = changed_facts(before, persons, pairs)
    assert [list(row) for row in zip(facts["new_id"], facts["old_status"], facts["status"],
                                     facts["old_overdue"], facts["old_primary"],
                                     facts["primary"], facts["next_due"], facts["name"],
                                     strict=True)] == [
        ["P1", "partial", "complete", True, 1, 2, None, "Ani"],
        ["P2", "partial", "partial", False, 1, 1, date(2022, 1, 1), None],
        ["P3", "unvaccinated", "unvaccinated", True, 1, 0, date(2021, 12, 1), "Budi"],
    ]
    unchanged = changed_facts(persons, persons.assign(overdue=False), pairs)
    assert unchanged["new_id"] == []


def test_new_doses_of_many_people_are_those_found_one_by_one() -> None:
    # Random rounds: people kept, renamed (another id) or not linked; doses kept, added, on
    # one day twice, dated before 1970; the integer matching finds what sets of pairs find.
    rng = np.random.default_rng(16)
    days = pd.to_datetime("1965-01-01") + pd.to_timedelta(rng.integers(0, 22_000, 3000), "D")
    rows = [(f"P{rng.integers(0, 400):03d}", str(day.date()), f"dose{rng.integers(1, 4)}",
             None if rng.random() < 0.2 else "SV") for day in days]
    old_rows = [row for row in rows if rng.random() < 0.6]
    new_rows = [(f"N{row[0]}" if row[0] < "P050" else row[0], *row[1:]) for row in rows
                if rng.random() < 0.9]
    old_of = {f"NP{n:03d}": f"P{n:03d}" for n in range(0, 50, 2)}
    old_of |= {f"P{n:03d}": f"P{n:03d}" for n in range(50, 400) if n % 7}
    old, new = _doses(old_rows), _doses(new_rows)
    had = {(pid, day) for pid, day, _s, _b in old_rows}
    last: dict[tuple[str, date], tuple[str, str | None]] = {}
    for pid, day, slot, brand in new.itertuples(index=False):
        last[(pid, day.date())] = (slot, brand)  # the last of a day (rows in order)
    expected = sorted((pid, day, slot, brand) for (pid, day), (slot, brand) in last.items()
                      if pid in old_of and (old_of[pid], str(day)) not in had)
    found = new_doses(old, new, old_of)
    assert found == expected and len(found) > 100
    assert new_doses(old.iloc[:0], new.iloc[:0], old_of) == []


def test_a_built_model_is_the_model_construct_makes() -> None:
    ref = {"person_id": "P1", "name": "Ani", "nik": "3506********0001", "units": ["u1"],
           "status": "partial"}
    cases = [(PersonRef, ref), (Move, {**ref, "to_units": ["u2"], "from_units": ["u1"]}),
             (Overdue, {**ref, "next_dose": "dose2", "due": date(2022, 1, 1), "days": 3,
                        "extra": "ignored"}),
             (NewDose, {**ref, "slot": "dose1", "date": date(2021, 6, 1), "brand": None})]
    for cls, fields in cases:
        made, constructed = built(cls, fields), cls.model_construct(**fields)
        assert (type(made), made, made.model_fields_set, made.model_dump_json(),
                list(vars(made))) == (cls, constructed, constructed.model_fields_set,
                                      constructed.model_dump_json(), list(vars(constructed)))
    with pytest.raises(KeyError, match="from_units"):
        built(Move, ref)
