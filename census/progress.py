"""Progress display for long runs (Rich on stderr), or silence with --quiet."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console

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
    console = Console(stderr=True)
    started = time.perf_counter()
    with console.status("census") as status:

        def show(stage: str) -> None:
            status.update(stage)
            console.print(f"[dim]{time.perf_counter() - started:6.1f} s[/dim]  {stage}")

        yield show
