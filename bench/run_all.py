"""`make bench`: every benchmark in turn, each in its own process (its own peak memory)."""

from __future__ import annotations

import subprocess
import sys
import time

#: (module, arguments) — the figures the README records.
BENCHMARKS = [
    ("bench.bench_read", ["--rows", "100000"]),
    ("bench.bench_validate", []),
    ("bench.bench_register", ["--rows", "1000000", "--export-rows", "2000000", "--status"]),
    ("bench.bench_report", ["--people", "100000", "--units", "40"]),
    ("bench.bench_run", ["--people", "100000", "--units", "40"]),
    ("bench.bench_pdf", []),
    ("bench.bench_pdf", ["--inputs", "bench/data/p100k", "--sample", "3"]),
]


def main() -> int:
    """Run each benchmark, print its output under a heading; non-zero if any failed."""
    failed = []
    for module, args in BENCHMARKS:
        print(f"\n== {module} {' '.join(args)}", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, "-m", module, *args])
        print(f"   ({time.perf_counter() - started:.0f} s in all, exit {code})", flush=True)
        if code:
            failed.append(module)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
