"""Property tests: the register and statuses do not depend on row order, file splits or overlaps."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.registerkit import census_of, nik, registry, roster, roster_row

AS_OF = date(2022, 3, 31)
BASE_NAMES = ["Alwi", "Siti Aminah", "Budi Santoso", "Dewi Lestari", "Joko Widodo", "Sri Rahayu",
              "Agus Salim", "Rina Marlina", "Hendra Gunawan", "Yuni Kartika"]
VARIANTS = {"Alwi": ["Moch. Alwi", "Muhammad Alwi", "H. M. Alwi, S.Sos"]}
BRANDS = {"sinovac": ["Sinovac", "CoronaVac"], "astrazeneca": ["AstraZeneca", "AZ"],
          "pfizer": ["Pfizer"], "janssen": ["Janssen"]}
REMARKS = [None, None, None, "menolak", "positif 01/03/2022", "sedang sakit", "hamil",
           "reaksi berat (surat dokter)", "sudah vaksin"]
UNITS = ["unit_a", "unit_b", "unit_c", "unit_d"]
SLOTS = ["dose1", "dose2", "dose3", "booster1", "booster2"]
PROPERTY = settings(max_examples=10, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def person(draw, index: int):
    birth = draw(st.dates(date(1940, 1, 1), date(2018, 12, 31)))
    with_nik = draw(st.booleans()) or index % 3 == 0
    brand = draw(st.sampled_from(sorted(BRANDS)))
    count = draw(st.integers(0, 4))
    start = draw(st.dates(date(2021, 3, 1), date(2021, 12, 31)))
    gaps = draw(st.lists(st.integers(30, 120), min_size=count, max_size=count))
    days, day = [], start
    for gap in gaps:
        days.append(day)
        day += timedelta(days=gap)
    units = draw(st.lists(st.sampled_from(UNITS), min_size=1, max_size=3, unique=True))
    return {
        "nik": nik(birth, serial=index + 1) if with_nik else None,
        "names": VARIANTS.get(BASE_NAMES[index], [BASE_NAMES[index]]),
        "birth": birth,
        "brand": brand,
        "doses": days,
        "units": units,
        "remark": draw(st.sampled_from(REMARKS)),
        "known": [draw(st.integers(0, len(days))) for _ in units],  # doses each roster shows
        "exported": [draw(st.booleans()) for _ in days],
        "spelling": draw(st.integers(0, 5)),
    }


@st.composite
def census(draw):
    size = draw(st.integers(2, 7))
    return [draw(person(index)) for index in range(size)]


def _rows(people, file_of=lambda unit, i: f"{unit}.xlsx"):
    rows = []
    for p_index, p in enumerate(people):
        for u_index, unit in enumerate(p["units"]):
            doses = {}
            for slot, day in zip(SLOTS, p["doses"][: p["known"][u_index]], strict=False):
                spellings = BRANDS[p["brand"]]
                doses[f"{slot}_date"] = day
                doses[f"{slot}_brand"] = spellings[(p["spelling"] + u_index) % len(spellings)]
            rows.append(
                roster_row(
                    file=file_of(unit, p_index), sheet="ASN", row=10 + p_index, unit=unit,
                    name=p["names"][u_index % len(p["names"])], nik=p["nik"],
                    birth_date=p["birth"], remark=p["remark"], **doses,
                )
            )
    return rows


def _export(people):
    records = []
    for p in people:
        if p["nik"] is None:
            continue
        for number, (day, shown) in enumerate(zip(p["doses"], p["exported"], strict=True)):
            if shown:
                records.append((p["nik"], SLOTS[number], day, BRANDS[p["brand"]][0]))
    return registry(*records)


def _keyed(persons: pd.DataFrame, register, drop=("person_id",)) -> list[tuple]:
    """Persons keyed by NIK (or name key + birth date), without the columns named in `drop`."""
    keys = register.persons.set_index("person_id")
    table = persons.assign(
        key=[
            n if n is not None else f"{keys.loc[i, 'name_key']}|{b}"
            for n, i, b in zip(persons["nik"], persons["person_id"], persons["birth_date"],
                               strict=True)
        ]
    )
    table = table.drop(columns=list(drop)).sort_values("key")
    return [tuple(None if pd.isna(v) else v for v in row) for row in table.itertuples(index=False)]


def _findings(findings) -> list[tuple]:
    return sorted((f.code, f.row, f.column, f.value) for f in findings)


@PROPERTY
@given(people=census(), seed=st.randoms(use_true_random=False))
def test_row_order_does_not_matter(people, seed):
    rows = _rows(people)
    shuffled = rows[:]
    seed.shuffle(shuffled)
    register, persons, findings = census_of(roster(*rows), _export(people), AS_OF)
    register2, persons2, findings2 = census_of(roster(*shuffled), _export(people), AS_OF)
    assert persons.equals(persons2)
    assert _findings(findings) == _findings(findings2)
    assert register.doses.equals(register2.doses)


@PROPERTY
@given(people=census(), cut=st.integers(0, 7))
def test_splitting_a_roster_across_files_does_not_matter(people, cut):
    whole = _rows(people)
    split = _rows(people, lambda unit, i: f"{unit}.xlsx" if i < cut else f"{unit}_part2.xlsx")
    register, persons, findings = census_of(roster(*whole), _export(people), AS_OF)
    register2, persons2, findings2 = census_of(roster(*split), _export(people), AS_OF)
    assert _keyed(persons, register) == _keyed(persons2, register2)
    assert _findings(findings) == _findings(findings2)


@PROPERTY
@given(people=census(), who=st.integers(0, 6), unit=st.sampled_from(UNITS))
def test_appearing_in_more_rosters_does_not_matter(people, who, unit):
    who %= len(people)
    register, persons, findings = census_of(roster(*_rows(people)), _export(people), AS_OF)
    more = [dict(p) for p in people]
    extra = more[who]
    extra["units"] = [*extra["units"], f"zz_{unit}"]
    extra["known"] = [*extra["known"], max(extra["known"])]  # shows doses known elsewhere
    register2, persons2, findings2 = census_of(roster(*_rows(more)), _export(more), AS_OF)
    ignore = ("person_id", "units", "categories", "name")
    assert _keyed(persons, register, ignore) == _keyed(persons2, register2, ignore)
    # The new roster adds no finding on the people it shares (all agree, no name differs).
    assert {f.code for f in findings2} <= {f.code for f in findings} | {"status-unverified"}
