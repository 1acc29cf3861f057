"""Benchmark of the writers alone on a real bench census: the CSVs, then write_reports (summary,
unit tables, summary files, unit packs).

The census of the inputs is computed once and kept in a pickle (--cache), so that each run
times only the writers, in CPU seconds of this process (the unit packs are written here too):

    .venv/bin/python bench/bench_writers.py bench/data/inputs_100000_40 --out /tmp/bw
"""

from __future__ import annotations

import argparse
import pickle
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from census.compute import compute_census  # noqa: E402
from census.config import load_config  # noqa: E402
from census.export import write_doses_csv, write_memberships_csv, write_persons_csv  # noqa: E402
from census.progress import Timings  # noqa: E402
from census.report.write import write_reports  # noqa: E402
from census.workers import WorkerPool  # noqa: E402


def _census(inputs: Path, as_of: date, cache: Path) -> dict[str, Any]:
    if cache.exists():
        with cache.open("rb") as stream:
            return pickle.load(stream)  # type: ignore[no-any-return]
    config = load_config(inputs, as_of=as_of)
    result = compute_census(inputs, config)
    doses = result.register.doses
    data = {
        "persons": result.persons, "memberships": result.register.memberships,
        "doses": doses[doses["date"] <= pd.Timestamp(as_of)], "findings": result.findings,
        "config": config,
    }
    with cache.open("wb") as stream:
        pickle.dump(data, stream)
    return data


def main(argv: list[str] | None = None) -> None:
    """Time each writer once (CPU seconds), writing into --out."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("inputs", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--as-of", default="2022-03-31")
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--only", default="",
                        help="comma-separated stages: persons.csv, doses.csv, memberships.csv, "
                             "reports (summary, unit tables, unit packs; default: all)")
    args = parser.parse_args(argv)
    cache = args.cache or Path("/tmp") / f"bench_writers_{args.inputs.name}.pickle"
    data = _census(args.inputs, date.fromisoformat(args.as_of), cache)
    args.out.mkdir(parents=True, exist_ok=True)
    only = set(filter(None, args.only.split(",")))
    clock = Timings()

    def stage(name: str) -> bool:
        return not only or name in only

    if stage("persons.csv"):
        with clock.stage("persons.csv"):
            write_persons_csv(data["persons"], args.out / "persons.csv")
    if stage("doses.csv"):
        with clock.stage("doses.csv"):
            write_doses_csv(data["doses"], args.out / "doses.csv")
    if stage("memberships.csv"):
        with clock.stage("memberships.csv"):
            write_memberships_csv(data["memberships"], args.out / "memberships.csv")
    if stage("reports"):
        config = data["config"]
        # write_reports records its own stages: summary, unit tables, summary files, unit packs.
        with WorkerPool(1, []) as pool:  # the unit packs in this process
            write_reports(data["persons"], data["memberships"], data["findings"], config,
                          args.out, config.lang, pool=pool, timings=clock)
    print(clock.table())


if __name__ == "__main__":
    main()
