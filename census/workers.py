"""Worker processes for the heavy stages (reading workbooks, unit packs, PDFs): ending them with
the run."""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def map_in_workers(
    function: Callable[[Item], Result], items: Sequence[Item], workers: int, preload: list[str],
) -> list[Result]:
    """`function` over `items`, in order: in up to `workers` processes when there are several
    items and the platform has 'forkserver', else in this process. The server imports the
    `preload` modules once; its workers are forked from it, ready. Its helpers end with the call.

    forkserver, not fork: the caller may run threads (the progress display), and a child forked
    while another thread holds a lock (stderr's) could hang.
    """
    if workers <= 1 or len(items) <= 1 or "forkserver" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(preload)
    with ProcessPoolExecutor(max_workers=min(workers, len(items)), mp_context=context) as pool:
        done = list(pool.map(function, items))
    del pool
    stop_pool_helpers()
    return done


def stop_pool_helpers() -> None:
    """Stop the fork server (and the resource tracker) a worker pool started, and wait for
    them: left alone they outlive the run in its process group until they notice it ended.

    The standard library has no public call for this; its private `_stop` is the one its own
    tests use (tests/test_pipeline.py checks that no process is left behind).
    """
    from multiprocessing import forkserver, resource_tracker

    gc.collect()  # the pool's queues unregister their semaphores when collected
    for helper in (getattr(forkserver, "_forkserver", None),
                   getattr(resource_tracker, "_resource_tracker", None)):
        stop = getattr(helper, "_stop", None)
        if callable(stop):
            stop()
