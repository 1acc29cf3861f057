"""Benchmark: validate a 100,000-row roster and print rows/s for the checks alone (not the reading).

Run: .venv/bin/python -m bench.bench_validate [--rows N] [--synthetic]

The roster comes from demo.generate.write_bench_roster + census.read.read_workbook when both
exist (the workbook is cached under bench/data/); otherwise, or with --synthetic, an equivalent
roster table is built in memory.
"""

from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from census.model import DOSE_SLOTS, ROSTER_COLUMNS
from census.read.book import RosterBook, SheetInfo
from census.rules import default_rules
from census.validate import validate_books

AS_OF = date(2022, 3, 31)
DATA = Path(__file__).resolve().parent / "data"
HEADERS = {
    "name": "Nama", "nik": "NIK", "nip": "NIP", "birth_date": "Tanggal Lahir",
    "sex": "Jenis Kelamin", "remark": "Keterangan",
    **{f"{slot}_{part}": f"{slot} {part}" for slot in DOSE_SLOTS for part in ("date", "brand")},
}


def synthetic_roster(rows: int, seed: int = 1) -> RosterBook:
    """A roster table shaped like the reader's output, mostly clean with ~1% mistakes."""
    rng = np.random.default_rng(seed)
    born = np.datetime64("1950-01-01") + rng.integers(0, 365 * 50, rows).astype("timedelta64[D]")
    female = rng.random(rows) < 0.5
    dt = pd.DatetimeIndex(born)
    day = dt.day.to_numpy() + np.where(female, 40, 0)
    serial = rng.integers(1, 9999, rows)
    nik = pd.Series([
        f"3578{d:02d}{dd:02d}{m:02d}{y % 100:02d}{s:04d}"
        for d, dd, m, y, s in zip(rng.integers(1, 31, rows), day, dt.month, dt.year, serial,
                                  strict=True)
    ], dtype="str")
    first = np.datetime64("2021-03-01") + rng.integers(0, 200, rows).astype("timedelta64[D]")
    second = first + rng.integers(60, 90, rows).astype("timedelta64[D]")
    booster = second + rng.integers(100, 200, rows).astype("timedelta64[D]")
    booster = np.where(booster > np.datetime64(AS_OF), np.datetime64("NaT", "D"), booster)
    brands = np.array(["Sinovac", "CoronaVac", "AstraZeneca", "Pfizer", "Moderna"])
    brand = brands[rng.integers(0, len(brands), rows)]
    frame = pd.DataFrame({column: [None] * rows for column in ROSTER_COLUMNS})
    frame["file"] = "bench.xlsx"
    frame["sheet"] = "ASN"
    frame["row"] = np.arange(5, rows + 5)
    frame["unit"] = "bench"
    frame["category"] = "asn"
    frame["name"] = [f"Pegawai {i}" for i in range(rows)]
    frame["nik"] = nik
    frame["nik_from_number"] = False
    frame["nip_from_number"] = False
    start = np.minimum(dt.year.to_numpy() + rng.integers(20, 30, rows), 2021)
    frame["nip"] = [f"{b:%Y%m%d} {y}{m:02d} {s} {n:03d}" for b, y, m, s, n in zip(
        dt, start, rng.integers(1, 13, rows), np.where(female, 2, 1), rng.integers(1, 999, rows),
        strict=True)]
    frame["birth_date"] = born.astype("datetime64[ns]")
    frame["birth_date_raw"] = pd.Series(born.astype(str), dtype="str")
    frame["sex"] = np.where(female, "P", "L")
    for slot, when in (("dose1", first), ("dose2", second), ("booster1", booster)):
        frame[f"{slot}_date"] = pd.Series(when).astype("datetime64[ns]")
        raw = pd.Series(when.astype(str), dtype="str")
        frame[f"{slot}_date_raw"] = raw.where(~np.isnat(when))
        frame[f"{slot}_brand"] = pd.Series(brand).where(~np.isnat(when))
    for slot in ("dose3", "booster2"):
        frame[f"{slot}_date"] = pd.Series(np.full(rows, np.datetime64("NaT", "ns")), dtype="datetime64[ns]")
    # About 1% of rows with a mistake each, so the findings path is exercised too.
    broken = rng.choice(rows, size=rows // 100, replace=False)
    kinds = np.array_split(broken, 5)
    frame.loc[kinds[0], "nik"] = frame.loc[kinds[0], "nik"].str[:15]
    frame.loc[kinds[1], "sex"] = "X"
    frame.loc[kinds[2], "dose2_brand"] = "Vaksin Nusantara"
    frame.loc[kinds[3], "dose1_date_raw"] = "31/02/2021"
    frame.loc[kinds[3], "dose1_date"] = pd.NaT
    frame.loc[kinds[4], "dose2_brand"] = None
    # Like the reader's table: text columns hold Python str or None (object dtype).
    for column in frame.columns:
        if frame[column].dtype == "str" or frame[column].dtype == object:
            values = frame[column].to_numpy(dtype=object).copy()
            values[pd.isna(values)] = None
            frame[column] = pd.Series(values, dtype=object)
    columns = {field: f"C{index}" for index, field in enumerate(HEADERS)}
    info = SheetInfo("ASN", "asn", 4, columns, dict(HEADERS), rows, 5)
    return RosterBook(Path("bench.xlsx"), "bench", [info], frame)


def demo_roster(rows: int) -> RosterBook | None:
    """The demo generator's benchmark workbook, read by census.read (None if unavailable)."""
    try:
        from census.read import read_workbook
        from demo.generate import write_bench_roster
    except ImportError:
        return None
    path = DATA / f"validate_roster_{rows}.xlsx"
    if path.exists():
        book = read_workbook(path)
        if len(book.rows) >= rows // 2:
            return book
    # No cached workbook, or one an older generator wrote that reads short: write it afresh.
    DATA.mkdir(parents=True, exist_ok=True)
    write_bench_roster(path, rows)
    return read_workbook(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--synthetic", action="store_true", help="skip the demo workbook")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    book = None if args.synthetic else demo_roster(args.rows)
    source = "demo.generate.write_bench_roster + census.read"
    if book is None or len(book.rows) < args.rows // 2:
        if book is not None:
            print(f"(the demo workbook read as {len(book.rows):,} rows: using a synthetic table)")
        book, source = synthetic_roster(args.rows), "synthetic roster table"
    rules = default_rules()
    validate_books([book], AS_OF, rules)  # warm-up: region codes, rule caches
    best = cpu = float("inf")
    for _ in range(args.repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        findings = validate_books([book], AS_OF, rules)
        best = min(best, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - started_cpu)
    rows = len(book.rows)
    print(f"input: {source}, {rows:,} rows, {len(findings):,} findings")
    print(f"validate_books: {best:.3f} s wall -> {rows / best:,.0f} rows/s; "
          f"{cpu:.3f} s CPU -> {rows / cpu:,.0f} rows/s (best of {args.repeat})")


if __name__ == "__main__":
    main()
