"""Benchmark: read a 100,000-row roster workbook; rows/s of census.read beside raw calamine and pandas.

Run: .venv/bin/python -m bench.bench_read [--rows N] [--repeat K] [--skip-pandas]
                                          [--generator demo|bench] [--inputs DIR]

With --inputs, every roster workbook (*.xlsx) of DIR is read instead (e.g. the 40 unit workbooks
of bench/data/inputs_100000_40), each opened once per round by each reader.

The workbook is cached under bench/data/ (git-ignored). It comes from
demo.generate.write_bench_roster(path, rows) when the demo generator provides it, else from
`write_roster` below (xlsxwriter): title rows, a merged two-row header, a row of column numbers,
text NIKs, a NIP typed with spaces, mixed date forms (Excel dates, dd/mm/yyyy, 'd Juli yyyy',
ISO, serial numbers) and a signature block under the table.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember"]
FIRST = ["Agus", "Siti", "Budi", "Dewi", "Eko", "Sri", "Ahmad", "Nur", "Rina", "Joko", "Wati",
         "Bambang", "Yuni", "Slamet", "Ratna", "Hadi", "Lestari", "Fauzi", "Aminah", "Rizky"]
LAST = ["Santoso", "Wahyuni", "Prasetyo", "Lestari", "Hidayat", "Rahayu", "Saputra", "Fitriani",
        "Kurniawan", "Susanti", "Mustofa", "Marlina", "Setiawan", "Handayani"]
BRANDS = ["Sinovac", "CoronaVac", "AstraZeneca", "Astra Zeneca", "Pfizer", "Moderna", "Sinopharm"]


def _date_cell(day: date, rng: random.Random, date_format: object) -> tuple[object, object]:
    """(value, format) of a date in one of the forms offices type."""
    roll = rng.random()
    if roll < 0.55:
        return day, date_format
    if roll < 0.75:
        return day.strftime("%d/%m/%Y"), None
    if roll < 0.87:
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}", None
    if roll < 0.94:
        return day.isoformat(), None
    return (day - date(1899, 12, 30)).days, None


def write_roster(path: Path, rows: int, seed: int = 7) -> None:
    """A one-sheet ASN roster of `rows` people laid out like a unit's workbook."""
    import xlsxwriter

    rng = random.Random(seed)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("ASN")
    bold = book.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True})
    text = book.add_format({"num_format": "@"})
    day_format = book.add_format({"num_format": "dd/mm/yyyy"})
    ws.write(0, 0, "DATA VAKSINASI ASN")
    ws.write(1, 0, "UPT BENCHMARK")
    ws.write(2, 0, "KEADAAN PER 31 MARET 2022")
    singles = ["No", "Nama", "NIK", "NIP", "Tgl Lahir", "L/P"]
    for column, label in enumerate(singles):
        ws.merge_range(4, column, 5, column, label, bold)
    column = len(singles)
    for label in ("Vaksin Dosis 1", "Vaksin Dosis 2", "Booster"):
        ws.merge_range(4, column, 4, column + 1, label, bold)
        column += 2
    ws.merge_range(4, column, 5, column, "No HP", bold)
    ws.merge_range(4, column + 1, 5, column + 1, "Keterangan", bold)
    for column in range(len(singles), len(singles) + 6, 2):
        ws.write(5, column, "Tanggal", bold)
        ws.write(5, column + 1, "Jenis Vaksin", bold)
    width = len(singles) + 8
    for column in range(width):
        ws.write_number(6, column, column + 1)
    for i in range(rows):
        r = 7 + i
        female = rng.random() < 0.5
        born = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 40))
        day = born.day + (40 if female else 0)
        nik = f"3517{rng.randrange(1, 30):02d}{day:02d}{born.month:02d}{born.year % 100:02d}{rng.randrange(1, 9999):04d}"
        nip = f"{born:%Y%m%d} {born.year + 25}{rng.randrange(1, 13):02d} {2 if female else 1} {rng.randrange(1, 999):03d}"
        ws.write_number(r, 0, i + 1)
        ws.write_string(r, 1, f"{rng.choice(FIRST)} {rng.choice(LAST)}")
        ws.write_string(r, 2, nik, text)
        ws.write_string(r, 3, nip, text)
        ws.write(r, 4, *_date_cell(born, rng, day_format))
        ws.write_string(r, 5, "P" if female else "L")
        first = date(2021, 2, 1) + timedelta(days=rng.randrange(0, 200))
        brand = rng.choice(BRANDS)
        for slot, when in enumerate((first, first + timedelta(days=28), first + timedelta(days=200))):
            if slot > 0 and rng.random() < 0.15 * slot:
                break
            ws.write(r, 6 + 2 * slot, *_date_cell(when, rng, day_format))
            ws.write_string(r, 7 + 2 * slot, brand if slot < 2 else "Pfizer")
        ws.write_string(r, 12, f"08{rng.randrange(10**9, 10**10)}")
        if rng.random() < 0.05:
            ws.write_string(r, 13, rng.choice(["Menolak", "Penyintas 01/09/2021", "Hamil"]))
    last = 7 + rows
    ws.write_string(last + 2, 10, "Surabaya, 31 Maret 2022")
    ws.write_string(last + 3, 10, "Mengetahui,")
    ws.write_string(last + 4, 10, "Kepala UPT")
    ws.write_string(last + 8, 10, "NIP. 19700101 199503 1 001")
    book.close()


def bench_workbook(rows: int, generator: str) -> tuple[Path, str]:
    """(the cached benchmark workbook, who made it); `generator` is 'demo' or 'bench'."""
    write: Callable[[Path, int], object] = write_roster
    maker = "bench.bench_read.write_roster"
    if generator == "demo":
        try:
            from demo.generate import write_bench_roster  # type: ignore[attr-defined]
        except ImportError:
            generator = "bench"
        else:
            write, maker = write_bench_roster, "demo.generate.write_bench_roster"
    path = DATA / f"read_roster_{rows}_{generator}.xlsx"
    if not path.exists():
        print(f"writing {path} ({maker}) ...", flush=True)
        write(path, rows)
    return path, maker


def _best(repeat: int, work: Callable[[], int]) -> tuple[float, float, int]:
    """(best wall seconds, best CPU seconds, rows) over `repeat` runs."""
    return _best_interleaved(repeat, {"work": work})["work"]


def _best_interleaved(
    repeat: int, works: dict[str, Callable[[], int]]
) -> dict[str, tuple[float, float, int]]:
    """Best (wall, CPU, rows) of each work over `repeat` rounds that run every work in turn, so
    that a busy spell of the machine slows all of them rather than one."""
    best = {label: (float("inf"), float("inf"), 0) for label in works}
    for _ in range(repeat):
        for label, work in works.items():
            started, started_cpu = time.perf_counter(), time.process_time()
            count = work()
            wall, cpu = time.perf_counter() - started, time.process_time() - started_cpu
            best[label] = (min(best[label][0], wall), min(best[label][1], cpu), count)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-pandas", action="store_true")
    parser.add_argument("--generator", choices=["demo", "bench"], default="demo",
                        help="who writes the workbook (default: the demo generator if present)")
    parser.add_argument("--inputs", type=Path, default=None,
                        help="read every *.xlsx of this folder instead of one generated workbook")
    args = parser.parse_args()

    from python_calamine import CalamineWorkbook

    from census.read import read_workbook

    if args.inputs is not None:
        paths = sorted(args.inputs.glob("*.xlsx"))
        size = sum(path.stat().st_size for path in paths)
        print(f"workbooks: {len(paths)} in {args.inputs} ({size / 1e6:.1f} MB)")
    else:
        path, maker = bench_workbook(args.rows, args.generator)
        if len(read_workbook(path).rows) < args.rows * 0.9 and args.generator == "demo":
            # A generator whose table census cannot read would measure nothing: use our own.
            print(f"{path.name}: census.read finds no table in it; using bench.bench_read.write_roster")
            path, maker = bench_workbook(args.rows, "bench")
        print(f"workbook: {path.name} ({path.stat().st_size / 1e6:.1f} MB, from {maker})")
        paths = [path]

    def calamine() -> int:
        count = 0
        for path in paths:
            book = CalamineWorkbook.from_path(str(path))
            count += sum(len(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names)
        return count

    def census_read() -> int:
        return sum(len(read_workbook(path).rows) for path in paths)

    def pandas_openpyxl() -> int:
        import pandas as pd

        return sum(
            len(frame) for path in paths
            for frame in pd.read_excel(path, sheet_name=None, engine="openpyxl").values()
        )

    results = _best_interleaved(args.repeat, {"python-calamine to_python()": calamine,
                                              "census.read.read_workbook": census_read})
    if not args.skip_pandas:
        results["pandas.read_excel(openpyxl)"] = _best(1, pandas_openpyxl)
    print(f"{'':<30} {'wall s':>8} {'cpu s':>8} {'rows':>9} {'rows/s (wall)':>14}")
    for label, (wall, cpu, count) in results.items():
        print(f"{label:<30} {wall:8.2f} {cpu:8.2f} {count:>9,} {count / wall:>14,.0f}")
    ours, raw = results["census.read.read_workbook"], results["python-calamine to_python()"]
    print(f"census.read / raw calamine: {ours[0] / raw[0]:.2f}x wall, {ours[1] / raw[1]:.2f}x cpu "
          f"(target <= 1.5x)")
    if "pandas.read_excel(openpyxl)" in results:
        slow = results["pandas.read_excel(openpyxl)"]
        print(f"speed-up over pandas+openpyxl: {slow[0] / ours[0]:.1f}x wall, "
              f"{slow[1] / ours[1]:.1f}x cpu (target >= 6x)")

if __name__ == "__main__":
    main()
