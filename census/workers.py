"""Worker processes for the heavy stages (reading workbooks, unit packs, PDFs): ending them with
the run."""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, wait
from types import TracebackType
from typing import Generic, TypeVar

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
    with WorkerPool(min(workers, len(items)), preload) as pool:
        return pool.map(function, items)


class WorkerPool:
    """Up to `workers` processes for a whole run, its helpers stopped by `close` (or leaving a
    `with` block, also on an error). Its fork server starts at once and imports the `preload`
    modules while the caller goes on with its own work; the workers are forked from it when
    the first jobs are sent. One worker (or no 'forkserver' on the platform): no process at
    all, every job runs in this process when its results are asked for.
    """

    def __init__(self, workers: int, preload: list[str]) -> None:
        forks = "forkserver" in multiprocessing.get_all_start_methods()
        self.workers = workers if workers > 1 and forks else 1
        self._executor: ProcessPoolExecutor | None = None
        if self.workers > 1:
            from multiprocessing import forkserver

            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(preload)
            forkserver.ensure_running()  # returns at once: the server imports on its own
            self._executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)

    def map(self, function: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
        """`function` over `items`, in order (a worker's error is raised here)."""
        return self.submit(function, items).results()

    def submit(self, function: Callable[[Item], Result], items: Sequence[Item]) -> Batch[Result]:
        """Send `function` over `items` to the workers and return at once: the caller works
        meanwhile, then asks the batch for its results. A single item, or no workers: it runs
        in this process, when the results are asked for."""
        if self._executor is None or len(items) <= 1:
            return Batch(lambda: [function(item) for item in items], [])
        return Batch(None, [self._executor.submit(function, item) for item in items])

    def close(self) -> None:
        """End the workers (jobs not started are dropped, running ones finish) and stop the
        pool's helper processes. Closing twice is harmless."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
            stop_pool_helpers()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


class Batch(Generic[Result]):
    """Jobs sent to a WorkerPool: their results in order, or their dropping on an error."""

    def __init__(self, later: Callable[[], list[Result]] | None,
                 futures: list[Future[Result]]) -> None:
        self._later = later
        self._futures = futures

    def results(self) -> list[Result]:
        """Every job's result, in order, once all are done; the first failed job's error is
        raised (after the others end: none is left writing behind the caller's back)."""
        if self._later is not None:
            return self._later()
        try:
            return [future.result() for future in self._futures]
        except BaseException:
            self.cancel()
            raise

    def cancel(self) -> None:
        """Drop the jobs not started and wait for the running ones (say, before the folder they
        write into is removed)."""
        self._later = None
        for future in self._futures:
            future.cancel()
        wait(self._futures)


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
