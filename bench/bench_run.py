"""Benchmark of the whole `census run`: N people in 40 unit workbooks plus an export → outputs/."""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from census.pipeline import run_census  # noqa: E402
from demo.bench import write_bench_inputs  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"


def bench_inputs(people: int, units: int) -> Path:
    """The generated inputs folder, cached under bench/data/ (generation is not what we time)."""
    folder = DATA / f"inputs_{people}_{units}"
    if not (folder / "registry").is_dir():
        started = time.perf_counter()
        write_bench_inputs(folder, people, units=units)
        print(f"generated {folder} in {time.perf_counter() - started:.0f} s")
    return folder


def main(argv: list[str] | None = None) -> None:
    """Time run_census() stage by stage on the generated inputs."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--workers", type=int, default=None,
                        help="processes writing the unit reports (default: census chooses)")
    args = parser.parse_args(argv)

    inputs = bench_inputs(args.people, args.units)
    stages: list[tuple[str, float]] = []

    def progress(stage: str) -> None:
        stages.append((stage, time.perf_counter()))

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        result = run_census(inputs, Path(tmp) / "out", as_of=date(2022, 3, 31), progress=progress,
                            workers=args.workers)
        finished = time.perf_counter()
    marks = [*stages, ("end", finished)]
    for (stage, at), (_, until) in zip(marks, marks[1:], strict=False):
        print(f"  {until - at:7.1f} s  {stage}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    print(f"census run: {finished - started:.1f} s for {result.persons:,} people, "
          f"{len(result.files)} files; peak memory {peak:.2f} GB")


if __name__ == "__main__":
    main()
