"""Benchmark of census.rounds in a run: this round's snapshot, history and diff, history.json,
and reading an earlier round (`--previous`), on a census computed once.

Run: .venv/bin/python -m bench.bench_rounds [--people N] [--as-of D] [--previous FOLDER]
     [--cache FILE] [--repeat K] [--profile FILE]

The census of bench/data/inputs_N_40 is computed first (not timed; `--cache FILE` keeps it
pickled for the next run, as computing it takes longer than the rounds). Prints the CPU
seconds of each step (best of `--repeat`) and the peak memory of the process (ru_maxrss).
"""

from __future__ import annotations

import argparse
import cProfile
import pickle
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from census.compute import CensusResult, compute_census  # noqa: E402
from census.config import load_config  # noqa: E402
from census.pipeline import _counted, _this_round  # noqa: E402
from census.rounds import follow_rounds, load_rounds, write_history  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"


def census_of(inputs: Path, as_of: date, cache: Path | None) -> CensusResult:
    """The census of `inputs` (from `cache` when it holds one of the same inputs and date)."""
    if cache is not None and cache.is_file():
        kept = pickle.loads(cache.read_bytes())
        if kept[0] == (str(inputs), as_of):
            return kept[1]  # type: ignore[no-any-return]
    result = compute_census(inputs, load_config(inputs, as_of=as_of))
    if cache is not None:
        cache.write_bytes(pickle.dumps(((str(inputs), as_of), result)))
    return result


def best(step: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """(least CPU seconds of `repeat` calls, the last call's value)."""
    times, value = [], None
    for _ in range(repeat):
        started = time.process_time()
        value = step()
        times.append(time.process_time() - started)
    return min(times), value


def main(argv: list[str] | None = None) -> None:
    """Time the rounds steps of `census run` on the generated inputs."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2022, 3, 31))
    parser.add_argument("--previous", type=Path, default=None,
                        help="an output folder of an earlier run (of the same inputs)")
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", type=Path, default=None,
                        help="write a cProfile of one pass of the steps here")
    args = parser.parse_args(argv)
    result = census_of(DATA / f"inputs_{args.people}_40", args.as_of, args.cache)
    doses = _counted(result)
    out = Path(tempfile.mkdtemp(prefix="bench-rounds-"))
    steps: dict[str, Callable[[], Any]] = {}
    steps["rounds: earlier rounds read"] = lambda: load_rounds([args.previous]) \
        if args.previous else []
    earlier = steps["rounds: earlier rounds read"]()
    steps["rounds: this round"] = lambda: _this_round(result, doses, out)
    current = steps["rounds: this round"]()
    steps["rounds: history, diff"] = lambda: follow_rounds(earlier, current, "id")
    rounds = steps["rounds: history, diff"]()
    steps["history.json"] = lambda: write_history(rounds.history, out / "history.json")
    if args.profile is not None:
        profile = cProfile.Profile(time.process_time)  # CPU, not wall: others share the cores
        profile.runcall(lambda: [step() for step in steps.values()])
        profile.dump_stats(args.profile)
    for name, step in steps.items():
        seconds, _ = best(step, args.repeat)
        print(f"{name:<32} {seconds:6.2f} cpu s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak {peak:.0f} MiB (process)")


if __name__ == "__main__":
    main()
