"""Benchmark: merge and reconcile 1,000,000 roster rows against a 2,000,000-row health-office export.

Run: .venv/bin/python -m bench.bench_register [--rows N] [--export-rows M] [--status]

The tables are built in memory with numpy (no workbooks): ~12% of people on two rosters, 5%
without NIK (matched by name + birth date), 1% with a NIK from a numeric cell, titles and
spelling variants in names, 0–4 doses per person with brand spellings, rosters that lag behind
the export, ~2% conflicting dates, and export rows for people on no roster (the rest of the
district). Prints the time of build_register (and of decide_status with --status) and the peak
memory of the process (ru_maxrss).
"""

from __future__ import annotations

import argparse
import resource
import time
from datetime import date

import numpy as np
import pandas as pd

from census.model import DOSE_SLOTS, REGISTRY_COLUMNS, ROSTER_COLUMNS
from census.register import build_register
from census.rules import default_rules
from census.status.decide import decide_status

AS_OF = date(2022, 3, 31)
FIRST = ["Budi", "Siti", "Agus", "Dewi", "Sri", "Eko", "Rina", "Joko", "Yuni", "Hendra", "Ani",
         "Bambang", "Wahyu", "Indah", "Rudi", "Nur", "Ahmad", "Muhammad", "Putu", "Made", "Dian",
         "Fitri", "Heru", "Lilik", "Slamet", "Tri", "Dwi", "Endang", "Sutrisno", "Suparman"]
MIDDLE = ["", "Aminah", "Santoso", "Lestari", "Rahayu", "Wijaya", "Kurniawan", "Susanti",
          "Hidayat", "Setiawan", "Pratama", "Saputra", "Handayani", "Purnomo", "Utami", "Nugroho"]
LAST = [f"{stem}{suffix}" for stem in ("Har", "Sur", "Wid", "Pur", "Sup", "Mar", "Sus", "Yul",
                                        "Kar", "Tar", "Sar", "Dar", "Jar", "Par", "Gun")
        for suffix in ("yono", "yanto", "yadi", "wati", "ni", "mo", "di", "to", "sih", "yati",
                       "jo", "man", "nah", "tini", "dji", "yah", "no", "ko", "na", "ti")]
TITLES = ["", "", "", "", "", "", "Drs. ", "Hj. ", "H. ", "dr. "]
DEGREES = ["", "", "", "", "", "", ", S.Pd", ", S.Sos", ", M.Si", " S.E."]
SPELLINGS = {"sinovac": ["Sinovac", "CoronaVac", "Sinovac", "Bio Farma"],
             "astrazeneca": ["AstraZeneca", "AZ", "Astra Zeneca"],
             "pfizer": ["Pfizer", "Comirnaty"], "moderna": ["Moderna"]}
BOOSTERS = ["Pfizer", "Moderna", "AstraZeneca"]


def _pick(rng: np.random.Generator, values: list[str], size: int) -> np.ndarray:
    return np.asarray(values, dtype=object)[rng.integers(0, len(values), size)]


def make_tables(rows: int, export_rows: int, seed: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(roster with ROSTER_COLUMNS, export with REGISTRY_COLUMNS) of about the sizes asked."""
    rng = np.random.default_rng(seed)
    people = int(rows / 1.12)
    born = np.datetime64("1940-01-01") + rng.integers(0, 365 * 75, people).astype("timedelta64[D]")
    stamp = pd.DatetimeIndex(born)
    female = rng.random(people) < 0.5
    day = stamp.day.to_numpy() + np.where(female, 40, 0)
    region = rng.integers(0, 600, people) + 350101
    serial = np.arange(people) % 9000 + 1 + (np.arange(people) // 9000) % 999
    nik_number = (
        region.astype(np.int64) * 10**10
        + day * 10**8 + stamp.month.to_numpy() * 10**6 + (stamp.year.to_numpy() % 100) * 10**4
        + serial
    )
    nik = pd.Series(nik_number).astype(str).to_numpy(dtype=object)
    joined = pd.Series(_pick(rng, FIRST, people)) + " " + pd.Series(_pick(rng, MIDDLE, people))
    base = (joined.str.strip() + " " + pd.Series(_pick(rng, LAST, people))).to_numpy(dtype=object)

    # Doses of each person: 0–4, a series of one brand, then boosters.
    count = rng.choice(5, people, p=[0.12, 0.13, 0.45, 0.25, 0.05])
    brand = _pick(rng, ["sinovac"] * 5 + ["astrazeneca"] * 3 + ["pfizer", "moderna"], people)
    start = np.datetime64("2021-03-01") + rng.integers(0, 270, people).astype("timedelta64[D]")
    dates = np.empty((people, 4), dtype="datetime64[ns]")
    dates[:, 0] = start
    dates[:, 1] = start + rng.integers(28, 90, people).astype("timedelta64[D]")
    dates[:, 2] = dates[:, 1] + rng.integers(95, 200, people).astype("timedelta64[D]")
    dates[:, 3] = dates[:, 2] + rng.integers(180, 240, people).astype("timedelta64[D]")
    dates[np.arange(4)[None, :] >= count[:, None]] = np.datetime64("NaT")

    # Roster rows: everyone once, ~12% again in another unit.
    twice = rng.permutation(people)[: rows - people]
    owner = np.concatenate([np.arange(people), twice])
    unit_of = rng.integers(0, 2000, people)
    unit = np.concatenate([unit_of, (unit_of[twice] + 1 + rng.integers(0, 1999, len(twice))) % 2000])
    order = np.argsort(unit, kind="stable")
    owner, unit = owner[order], unit[order]
    n = len(owner)
    units = pd.Series(unit).map(lambda u: f"upt_{u:04d}").to_numpy(dtype=object)
    frame = pd.DataFrame({column: np.full(n, None, dtype=object) for column in ROSTER_COLUMNS})
    frame["unit"] = units
    frame["file"] = units + ".xlsx"
    frame["sheet"] = _pick(rng, ["ASN", "PTT", "Keluarga", "Klien"], n)
    frame["category"] = frame["sheet"].str.lower().to_numpy(dtype=object)
    frame["row"] = pd.Series(units).groupby(units).cumcount().to_numpy() + 8
    names = pd.Series(_pick(rng, TITLES, n)) + pd.Series(base[owner]) + pd.Series(_pick(rng, DEGREES, n))
    frame["name"] = names.to_numpy(dtype=object)
    row_nik = nik[owner].copy()
    no_nik = rng.random(n) < 0.05
    row_nik[no_nik] = None
    numeric = ~no_nik & (rng.random(n) < 0.01)
    row_nik[numeric] = [v[:15] + "0" for v in row_nik[numeric]]
    frame["nik"] = row_nik
    frame["nik_from_number"] = numeric
    frame["nip_from_number"] = False
    frame["birth_date"] = born[owner].astype("datetime64[ns]")
    frame["sex"] = np.where(female[owner], "P", "L")
    shown = np.minimum(count[owner], rng.choice(5, n, p=[0.05, 0.1, 0.25, 0.3, 0.3]) + 1)
    for index, slot in enumerate(("dose1", "dose2", "booster1", "booster2")):
        column = dates[owner, index].copy()
        column[index >= shown] = np.datetime64("NaT")
        frame[f"{slot}_date"] = column
        typed = _spellings(rng, brand[owner], owner, index)
        typed[np.isnat(column)] = None
        frame[f"{slot}_brand"] = typed
    for slot in DOSE_SLOTS:
        frame[f"{slot}_date"] = frame[f"{slot}_date"].astype("datetime64[ns]")
    frame["remark"] = pd.Series(rng.random(n) < 0.01).map({True: "menolak", False: None}).to_numpy()

    # Export: doses of roster people (80%, some 10–20 days off), then the rest of the district.
    has = ~np.isnat(dates)
    person_index, dose_index = np.nonzero(has)
    keep = rng.random(len(person_index)) < 0.8
    person_index, dose_index = person_index[keep], dose_index[keep]
    when = dates[person_index, dose_index]
    off = rng.random(len(when)) < 0.02
    when[off] += rng.integers(10, 20, int(off.sum())).astype("timedelta64[D]")
    slots = np.array(["dose1", "dose2", "booster1", "booster2"], dtype=object)
    mine = pd.DataFrame({
        "nik": nik[person_index], "dose": slots[dose_index], "date": when,
        "brand": _spellings(rng, brand[person_index], person_index, 0, dose_index),
    })
    others = max(export_rows - len(mine), 0)
    stranger = (nik_number[rng.integers(0, people, others)] + 5 * 10**3) % 10**16
    other = pd.DataFrame({
        "nik": pd.Series(stranger).astype(str).to_numpy(dtype=object),
        "dose": slots[rng.integers(0, 2, others)],
        "date": np.datetime64("2021-03-01") + rng.integers(0, 390, others).astype("timedelta64[D]"),
        "brand": _pick(rng, ["Sinovac", "AstraZeneca", "Pfizer"], others),
    })
    export = pd.concat([mine, other], ignore_index=True)
    export["date"] = export["date"].astype("datetime64[ns]")
    export["file"] = "pcare_export.csv"
    export["row"] = np.arange(len(export)) + 2
    export["name"] = None
    export["birth_date"] = pd.NaT
    export["facility"] = "Puskesmas"
    return frame[list(ROSTER_COLUMNS)], export[list(REGISTRY_COLUMNS)]


def _spellings(
    rng: np.random.Generator, brands: np.ndarray, persons: np.ndarray, index: int,
    indices: np.ndarray | None = None,
) -> np.ndarray:
    out = np.empty(len(brands), dtype=object)
    where = np.full(len(brands), index) if indices is None else indices
    booster = where >= 2
    # A person's booster brand is the same in every source.
    out[booster] = np.asarray(BOOSTERS, dtype=object)[(persons + where)[booster] % len(BOOSTERS)]
    for code, spellings in SPELLINGS.items():
        mask = ~booster & (brands == code)
        out[mask] = _pick(rng, spellings, int(mask.sum()))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--export-rows", type=int, default=2_000_000)
    parser.add_argument("--status", action="store_true", help="also time decide_status")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    roster, export = make_tables(args.rows, args.export_rows)
    built = time.perf_counter()
    print(f"tables: {len(roster):,} roster rows, {len(export):,} export rows "
          f"({built - started:.1f} s to build)")
    rules = default_rules()
    register = build_register(roster, export, rules)
    merged = time.perf_counter()
    codes = pd.Series([f.code for f in register.findings]).value_counts().to_dict()
    print(f"build_register: {merged - built:.1f} s — {len(register.persons):,} people, "
          f"{len(register.doses):,} doses, findings {codes}")
    if args.status:
        persons, _ = decide_status(register, rules, AS_OF)
        done = time.perf_counter()
        print(f"decide_status: {done - merged:.1f} s — "
              f"{persons['status'].value_counts().to_dict()}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    print(f"peak memory (ru_maxrss): {peak:.2f} GB")


if __name__ == "__main__":
    main()
