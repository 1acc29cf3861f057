"""`make bench`: the benchmark that tells the truth in one run — its output is the README's table.

Generates the inputs once (cached under bench/data/, git-ignored, `python -m demo.generate
--bench --people N`), then, in one run on the same files:

- `census run` end to end at each size, as a child process: wall, CPU (children included) and
  peak resident memory (os.wait4), medians of --repeat runs;
- reading the 40 roster workbooks: census vs raw python-calamine, alternating (so a busy spell of
  a shared machine slows both), and pandas + openpyxl once;
- the validation checks alone, and reading the health-office export as the run does;
- start-up: `census --help`, `census read --help`, `census validate --help` (and whether
  `census --help` imports pandas);
- the stage timings (`census run --timings`) of the largest size;
- the checksums of persons.csv, findings.json and summary.json, so two versions of census can be
  compared on the same inputs (speed never changes a number).

Run: .venv/bin/python -m bench.run_all [--sizes 10000,100000] [--million] [--repeat 3]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
UNITS = 40
CENSUS = [sys.executable, "-m", "census.cli"]
MIB = 1024  # ru_maxrss is in KiB on Linux


@dataclass(frozen=True)
class Measure:
    """One child process: wall and CPU seconds (children included), peak RSS (MiB), its output."""

    wall: float
    cpu: float
    peak_mib: float
    stdout: str
    stderr: str


def measure(command: list[str], env: dict[str, str] | None = None) -> Measure:
    """Run `command` as a child and measure it with os.wait4 (its own rusage, not the sum of
    every child this process ever had)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(command, stdout=out, stderr=err, cwd=ROOT,
                                 env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if child.returncode:
        raise SystemExit(f"failed ({child.returncode}): {' '.join(command)}\n{stderr[-2000:]}")
    return Measure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / MIB, stdout, stderr)


def inputs_for(people: int) -> Path:
    """The cached benchmark inputs of `people` people in 40 units (generated when missing)."""
    folder = DATA / f"inputs_{people}_{UNITS}"
    if not (folder / "registry" / "export.csv").is_file():
        print(f"generating {folder.relative_to(ROOT)} ...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "demo.generate", "--bench", "--people", str(people),
                        "--units", str(UNITS), "--out", str(folder)], check=True, cwd=ROOT)
        print(f"  {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return folder


def task(name: str, inputs: Path) -> tuple[Measure, dict[str, float]]:
    result = measure([sys.executable, "-m", "bench.tasks", name, str(inputs)])
    return result, json.loads(result.stdout.strip().splitlines()[-1])


def task_medians(name: str, inputs: Path, repeat: int) -> dict[str, float]:
    """The task run `repeat` times, each figure the median of its runs (one run of a few
    seconds is at the mercy of this machine's drift)."""
    results = [task(name, inputs)[1] for _ in range(repeat)]
    return {key: median([float(r[key]) for r in results]) for key, value in results[0].items()
            if isinstance(value, int | float)}


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def checksums(out: Path) -> str:
    return " ".join(
        f"{name} {hashlib.sha256((out / name).read_bytes()).hexdigest()[:12]}"
        for name in ("persons.csv", "findings.json", "summary.json")
    )


def run_census(inputs: Path, repeat: int, timings: bool) -> dict[str, Any]:
    walls, cpus, peaks = [], [], []
    stages, sums, xlsx = "", "", False
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="census-bench-") as tmp:
            out = Path(tmp) / "out"
            # PDFs are not timed here (bench/bench_pdf.py measures them): a census of up to
            # 10,000 people prints them by default.
            command = [*CENSUS, "run", str(inputs), "--out", str(out), "--quiet",
                       "--as-of", "2022-03-31", "--no-pdf"]
            result = measure(command + (["--timings"] if timings else []))
            sums = checksums(out)
            xlsx = (out / "persons.xlsx").is_file()
        walls.append(result.wall)
        cpus.append(result.cpu)
        peaks.append(result.peak_mib)
        stages = result.stderr.strip() or stages
    return {"wall": median(walls), "cpu": median(cpus), "peak": median(peaks), "stages": stages,
            "sums": sums, "walls": walls, "xlsx": xlsx}


def reading(inputs: Path, repeat: int, pandas: bool) -> dict[str, float]:
    """census vs raw calamine alternating `repeat` times (medians of their own timed work: wall,
    and CPU of all their threads)."""
    ours, raw, ours_cpu, raw_cpu = [], [], [], []
    rows = 0.0
    for _ in range(repeat):
        _, got = task("read-census", inputs)
        ours.append(got["wall"])
        ours_cpu.append(got["cpu"])
        rows = got["rows"]
        _, got = task("read-calamine", inputs)
        raw.append(got["wall"])
        raw_cpu.append(got["cpu"])
    result = {"census": median(ours), "calamine": median(raw), "rows": rows,
              "pairs": median([a / b for a, b in zip(ours, raw, strict=True)]),
              "census_cpu": median(ours_cpu), "calamine_cpu": median(raw_cpu)}
    if pandas:
        _, got = task("read-pandas", inputs)
        result["pandas"] = got["wall"]
        result["pandas_cpu"] = got["cpu"]
    return result


def startup(repeat: int) -> dict[str, float]:
    """Median wall of `census --help` and of the read and validate commands' help."""
    found: dict[str, float] = {
        "python -c pass (the interpreter alone)":
            median([measure([sys.executable, "-c", "pass"]).wall for _ in range(repeat)]),
    }
    for label, args in (("census --help", ["--help"]), ("census read --help", ["read", "--help"]),
                        ("census validate --help", ["validate", "--help"])):
        command = [str(Path(sys.executable).parent / "census"), *args]
        found[label] = median([measure(command).wall for _ in range(repeat)])
    probe = measure([sys.executable, "-c",
                     "import sys; sys.argv=['census','--help']\n"
                     "from census.cli import main\n"
                     "try:\n    main()\nexcept SystemExit:\n    pass\n"
                     "print('PANDAS' if 'pandas' in sys.modules else 'NOPANDAS')"])
    found["pandas imported by census --help"] = float("PANDAS" in probe.stdout.split()[-1:])
    return found


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f} on {os.cpu_count()} cores"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000",
                        help="people per census run, comma-separated (default 10000,100000)")
    parser.add_argument("--million", action="store_true",
                        help="also 1,000,000 people (generating them takes minutes, once)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (medians)")
    parser.add_argument("--no-pandas", action="store_true", help="skip pandas + openpyxl")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size]
    if args.million and 1_000_000 not in sizes:
        sizes.append(1_000_000)
    folders = {size: inputs_for(size) for size in sizes}
    started = time.perf_counter()
    loads = [load()]

    runs = {}
    for size in sizes:
        print(f"census run, {size:,} people ...", file=sys.stderr, flush=True)
        repeat = args.repeat if size < 1_000_000 else max(1, args.repeat // 2)
        runs[size] = run_census(folders[size], repeat, timings=size == max(sizes))
    loads.append(load())
    read_size = 100_000 if 100_000 in sizes else max(sizes)
    print(f"reading, validation and the export at {read_size:,} ...", file=sys.stderr, flush=True)
    reads = reading(folders[read_size], args.repeat, pandas=not args.no_pandas)
    checks = {size: task_medians("validate", folders[size], args.repeat)
              for size in sizes if size >= read_size}
    exports = {size: task_medians("export", folders[size], args.repeat)
               for size in sizes if size >= read_size}
    starts = startup(max(args.repeat, 5))
    loads.append(load())

    print(f"Measured by `make bench` on {time.strftime('%Y-%m-%d %H:%M')}; {os.cpu_count()} cores; "
          f"{'; '.join(loads)} (start, middle, end); medians of {args.repeat} runs.\n")
    print("| figure | " + " | ".join(f"{size:,} people" for size in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    def row(label: str, cell: Callable[[dict[str, Any], int], str]) -> None:
        print(f"| {label} | " + " | ".join(cell(runs[size], size) for size in sizes) + " |")

    row("`census run` wall", lambda r, _s: f"{r['wall']:.1f} s")
    row("`census run` CPU", lambda r, _s: f"{r['cpu']:.1f} s")
    row("`census run` peak memory", lambda r, _s: f"{r['peak']:.0f} MiB")
    row("peak memory per person", lambda r, s: f"{r['peak'] * 1024 / s:.2f} KiB")
    row("runs (wall s)", lambda r, _s: ", ".join(f"{w:.1f}" for w in r["walls"]))
    from census.pipeline import PERSONS_XLSX_UP_TO

    row("persons.xlsx written",
        lambda r, _s: "yes" if r["xlsx"] else f"no (over {PERSONS_XLSX_UP_TO:,})")
    rows = int(reads["rows"])
    print(f"\nReading the 40 roster workbooks of {read_size:,} people ({rows:,} sheet rows), the "
          "timed work of each child process, census and raw calamine alternating:\n")
    # CPU beside wall: census's reading runs calamine's parsing in a thread of its own
    # (census.read.ahead), so on two cores its wall is less than its CPU.
    print("| reader | wall | ratio | CPU | CPU ratio |")
    print("|---|---|---|---|---|")
    print(f"| python-calamine `to_python()` (raw) | {reads['calamine']:.2f} s | 1.00× | "
          f"{reads['calamine_cpu']:.2f} s | 1.00× |")
    print(f"| census `read_workbook` | {reads['census']:.2f} s | "
          f"**{reads['census'] / reads['calamine']:.2f}×** (median of pairs "
          f"{reads['pairs']:.2f}×) | {reads['census_cpu']:.2f} s | "
          f"{reads['census_cpu'] / reads['calamine_cpu']:.2f}× |")
    if "pandas" in reads:
        print(f"| pandas + openpyxl `read_excel` | {reads['pandas']:.2f} s | "
              f"{reads['pandas'] / reads['calamine']:.2f}× (census "
              f"{reads['pandas'] / reads['census']:.1f}× faster) | {reads['pandas_cpu']:.2f} s | "
              f"{reads['pandas_cpu'] / reads['calamine_cpu']:.2f}× |")
    print("\n| other figure | " + " | ".join(f"{size:,}" for size in checks) + " |")
    print("|---|" + "---|" * len(checks))
    # By CPU too: on a shared machine the wall time counts the other processes' turns.
    validation = [f"{c['rows'] / c['wall'] / 1e6:.2f} M rows/s ({c['wall']:.2f} s); by CPU "
                  f"{c['rows'] / c['cpu'] / 1e6:.2f} M rows/s ({c['cpu']:.2f} s)"
                  for c in checks.values()]
    print("| validation checks alone | " + " | ".join(validation) + " |")
    export_cells = [f"{e['wall']:.2f} s, +{e['grow_mib']:.0f} MiB ({int(e['rows']):,} rows kept)"
                    for e in exports.values()]
    print("| health-office export read | " + " | ".join(export_cells) + " |")
    print("\n| start-up | wall |")
    print("|---|---|")
    for label, value in starts.items():
        shown = ("yes" if value else "no") if label.startswith("pandas") else f"{value:.2f} s"
        print(f"| {label} | {shown} |")
    print(f"\nStage timings of `census run --timings` at {max(sizes):,} people (last run):\n")
    print("```\n" + str(runs[max(sizes)]["stages"]) + "\n```")
    print("\nOutput checksums (sha256, first 12 hex digits):\n")
    for size in sizes:
        print(f"- {size:,}: {runs[size]['sums']}")
    print(f"\n({time.perf_counter() - started:.0f} s in all)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
