"""Progress display for long runs (Rich on stderr), or silence with --quiet; stage timings."""

from __future__ import annotations

import math
import resource
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from census.memory import give_back

#: A progress callback: called with a short description of the stage that starts.
Progress = Callable[[str], None]


def no_progress(stage: str) -> None:
    """A progress callback that shows nothing."""


@contextmanager
def progress_printer(quiet: bool) -> Iterator[Progress]:
    """A callback showing each stage with a spinner on stderr; silent when `quiet`."""
    if quiet:
        yield no_progress
        return
    from rich.console import Console  # only when shown: importing Rich costs start-up time

    console = Console(stderr=True)
    started = time.perf_counter()
    with console.status("census") as status:

        def show(stage: str) -> None:
            status.update(stage)
            console.print(f"[dim]{time.perf_counter() - started:6.1f} s[/dim]  {stage}")

        yield show


@dataclass(frozen=True)
class StageTime:
    """One stage of a run: wall and CPU seconds (this process), the process's peak resident
    memory when the stage ended (MiB)."""

    stage: str
    wall: float
    cpu: float
    peak_mib: float


def peak_mib() -> float:
    """The peak resident memory of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Timings:
    """Where a run's time goes (`census run --timings`): stages are recorded as they end.

    Stage names are developers' words (module names), not translated. `give_back`: at each
    stage's end, hand the memory it let go back to the system (census.memory); a worker's
    small part (a unit pack, a CSV part) does without, its process living on.
    """

    stages: list[StageTime] = field(default_factory=list)
    give_back: bool = True

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the block as stage `name`; then (`give_back`) hand the memory it let go back
        to the system (census.memory: a stage's end is where its working tables were freed)."""
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.stages.append(StageTime(name, time.perf_counter() - wall,
                                         time.process_time() - cpu, peak_mib()))
            if self.give_back:
                give_back()

    def add(self, name: str, wall: float, cpu: float) -> None:
        """Record a part measured elsewhere (summed over worker processes: its wall and CPU
        seconds add up across processes, and are not counted again in the total)."""
        self.stages.append(StageTime(name, wall, cpu, float("nan")))

    def table(self) -> str:
        """The stages as aligned lines, with the total."""
        lines = [f"{'stage':<40} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9}"]
        for s in self.stages:
            peak = "-" if math.isnan(s.peak_mib) else f"{s.peak_mib:.0f}"
            lines.append(f"{s.stage:<40} {s.wall:8.2f} {s.cpu:8.2f} {peak:>9}")
        own = [s for s in self.stages if not math.isnan(s.peak_mib)]
        total_wall = sum(s.wall for s in own)
        total_cpu = sum(s.cpu for s in own)
        lines.append(f"{'total (this process)':<40} {total_wall:8.2f} {total_cpu:8.2f} "
                     f"{peak_mib():9.0f}")
        return "\n".join(lines)
