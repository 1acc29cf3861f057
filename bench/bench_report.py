"""Benchmark of the report stage: 100,000 people in 40 units → every report (target ≤ 10 s)."""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from census.report import write_reports  # noqa: E402
from tests.report_factory import make_config, make_findings, make_people, unit_codes  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    """Build the tables, then time write_reports() alone (best of --repeat runs)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--findings", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--workers", type=int, default=1,
                        help="processes writing the unit packs (write_reports(workers=...))")
    args = parser.parse_args(argv)

    units = unit_codes(args.units)
    start = time.perf_counter()
    persons, memberships = make_people(args.people, units, seed=2021)
    findings = make_findings(persons, memberships, args.findings)
    config = make_config(units)
    print(f"input: {len(persons):,} people, {len(memberships):,} memberships, "
          f"{len(findings):,} findings in {args.units} units "
          f"(built in {time.perf_counter() - start:.1f} s)")
    best = float("inf")
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            start, cpu = time.perf_counter(), _cpu_seconds()
            paths = write_reports(persons, memberships, findings, config, Path(tmp),
                                  workers=args.workers)
            elapsed = time.perf_counter() - start
            cpu = _cpu_seconds() - cpu
            size = sum(p.stat().st_size for p in paths)
        best = min(best, elapsed)
        # CPU of worker processes is not counted (forkserver children are not ours to wait for).
        print(f"report stage: {elapsed:.2f} s wall, {cpu:.2f} s CPU (this process) — "
              f"{len(paths)} files, {size / 1e6:.1f} MB")
    print(f"best: {best:.2f} s (target ≤ 10 s; workers {args.workers}, {os.cpu_count()} CPUs)")


def _cpu_seconds() -> float:
    """User + system CPU time of this process and its finished children (load-independent)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main()
