"""Benchmark of the PDFs: what printing the reports of a census costs (WeasyPrint).

`python -m bench.bench_pdf` prints the demo province's reports; `--inputs bench/data/p100k`
those of a generated province (`python -m demo.generate --bench --people 100000 --out
bench/data/p100k`). The census is run once without PDFs; then each document is printed in this
process (CPU seconds per document, load-independent), then all of them with `--workers`
processes (wall clock).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from census.pipeline import run_census  # noqa: E402
from census.report.pdf import print_run, printed_pages, write_pdf  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--inputs", type=Path, default=ROOT / "inputs")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--sample", type=int, default=0,
                        help="print only this many unit packs one by one (0: all)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        start = time.perf_counter()
        result = run_census(args.inputs, out, pdf=False)
        print(f"census without PDFs: {time.perf_counter() - start:.1f} s, "
              f"{result.persons:,} people")
        pages = printed_pages(out)
        units = [p for p in pages if p.parent.name == "units"]
        others = [p for p in pages if p.parent.name != "units"]
        chosen = others + (units[: args.sample] if args.sample else units)
        total_cpu, total_pages = 0.0, 0
        import pypdf

        for page in chosen:
            cpu = time.process_time()
            pdf = write_pdf(page)
            used = time.process_time() - cpu
            count = len(pypdf.PdfReader(pdf).pages)
            total_cpu += used
            total_pages += count
            print(f"  {page.relative_to(out)}: {count} pages, {used:.1f} s CPU "
                  f"({page.stat().st_size / 1e3:.0f} kB HTML)")
        print(f"one by one: {len(chosen)} documents, {total_pages} pages, {total_cpu:.1f} s CPU "
              f"({total_cpu / max(total_pages, 1):.2f} s per page)")
        if args.sample:
            unit_cpu = sum(1 for _ in units)
            print(f"(sampled {args.sample} of {unit_cpu} unit packs)")
            return
        start = time.perf_counter()
        print_run(out, workers=args.workers)
        print(f"all together with {args.workers} workers: {time.perf_counter() - start:.1f} s "
              f"wall ({os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
