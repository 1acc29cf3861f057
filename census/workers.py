"""Worker processes for the heavy stages (reading workbooks, unit packs, PDFs): ending them with
the run."""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from types import TracebackType
from typing import Any, Generic, TypeVar

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
            context.set_forkserver_preload([SERVER_MODULE, *preload])
            with _server_imports_this_census():
                forkserver.ensure_running()  # returns at once: the server imports on its own
            self._executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)

    def map(self, function: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
        """`function` over `items`, in order (the first failed item's error is raised here).

        This process helps: it takes items from the end while the workers take theirs from the
        front, so it never waits idle for them to start (the fork server may still be
        importing), and at the end it runs what none of them has begun.
        """
        if self._executor is None or len(items) <= 1:
            return [function(item) for item in items]
        return _HelpedMap(self._executor, function, items).run()

    def submit(self, function: Callable[[Item], Result], items: Sequence[Item]) -> Batch[Result]:
        """Send `function` over `items` to the workers and return at once: the caller works
        meanwhile, then asks the batch for its results. No workers: they run in this process,
        when the results are asked for."""
        if self._executor is None:
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


class _HelpedMap(Generic[Item, Result]):
    """WorkerPool.map: a thread sends the items to the workers from the front (sending waits
    for the fork server), this process runs them from the back; they meet in between."""

    def __init__(self, executor: ProcessPoolExecutor, function: Callable[[Item], Result],
                 items: Sequence[Item]) -> None:
        self.executor, self.function, self.items = executor, function, items
        self.lock = threading.Lock()
        self.sent = 0  # items[:sent] are the workers'
        self.kept = len(items)  # items[kept:] are this process's
        self.futures: list[Future[Result]] = []
        self.here: dict[int, tuple[Result | None, BaseException | None]] = {}
        self.unsent: BaseException | None = None

    def run(self) -> list[Result]:
        sender = threading.Thread(target=self._send, name="census-send", daemon=True)
        sender.start()
        try:
            while (index := self._keep()) is not None:
                self._run_here(index)
        finally:
            with self.lock:
                self.kept = self.sent  # the sender stops (this process is stopped by an error)
            sender.join()
        # Jobs still waiting for a worker run here, from the last on, as long as none began.
        for index in range(len(self.futures) - 1, -1, -1):
            if not self.futures[index].cancel():
                break
            self._run_here(index)
        return self._in_order()

    def _send(self) -> None:
        try:
            while True:
                with self.lock:
                    if self.sent >= self.kept:
                        return
                    index = self.sent
                    self.sent += 1
                self.futures.append(self.executor.submit(self.function, self.items[index]))
        except BaseException as error:  # a broken pool: raised by run, not lost in a thread
            self.unsent = error
            with self.lock:
                self.sent = len(self.futures)

    def _keep(self) -> int | None:
        with self.lock:
            if self.kept <= self.sent:
                return None
            self.kept -= 1
            return self.kept

    def _run_here(self, index: int) -> None:
        try:
            self.here[index] = (self.function(self.items[index]), None)
        except Exception as error:  # raised in its turn, as a worker's would be
            self.here[index] = (None, error)

    def _in_order(self) -> list[Result]:
        done: list[Result] = []
        try:
            if self.unsent is not None and len(self.futures) + len(self.here) < len(self.items):
                raise self.unsent
            for index in range(len(self.items)):
                if index in self.here:
                    result, error = self.here[index]
                    if error is not None:
                        raise error
                    done.append(result)  # type: ignore[arg-type]
                else:
                    done.append(self.futures[index].result())
        except BaseException:
            Batch(None, self.futures).cancel()
            raise
        return done


class Batch(Generic[Result]):
    """Jobs sent to a WorkerPool: their results in order, or their dropping on an error."""

    def __init__(self, later: Callable[[], list[Result]] | None,
                 futures: list[Future[Result]]) -> None:
        self._later = later
        self._futures = futures

    def results(self) -> list[Result]:
        """Every job's result, in order, once all are done; the first failed job's error is
        raised (after the others end: none is left writing behind the caller's back). Asked
        once: the batch lets go of them (big tables are not held twice)."""
        later, futures = self._later, self._futures
        self._later, self._futures = None, []
        if later is not None:
            return later()
        try:
            return [future.result() for future in futures]
        except BaseException:
            Batch(None, futures).cancel()
            raise

    def cancel(self) -> None:
        """Drop the jobs not started and wait for the running ones (say, before the folder they
        write into is removed)."""
        self._later = None
        for future in self._futures:
            future.cancel()
        wait(self._futures)


@contextmanager
def _server_imports_this_census() -> Iterator[None]:
    """The fork server, started meanwhile, imports the very census package of this process.

    Python 3.11 starts the server with `python -c`, which puts the current folder first on its
    sys.path, and ignores the sys.path it is sent: run from a folder holding another copy of
    census (a second checkout), the workers would run that code beside this process's. So the
    server starts without the current folder (PYTHONSAFEPATH) and with this package's folder
    first (PYTHONPATH); the environment is as it was once it has started.
    """
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    before = {name: os.environ.get(name) for name in ("PYTHONSAFEPATH", "PYTHONPATH")}
    os.environ["PYTHONSAFEPATH"] = "1"
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [here, *([before["PYTHONPATH"]] if before["PYTHONPATH"] else [])])
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


#: Imported by the fork server before its `preload` modules: it ends quickly when stopped.
SERVER_MODULE = "census.fork_server"


def stop_pool_helpers() -> None:
    """Stop the fork server (and the resource tracker) a worker pool started, and wait for
    them: left alone they outlive the run in its process group until they notice it ended.

    The standard library has no public call for this; its private `_stop` is the one its own
    tests use (tests/test_pipeline.py checks that no process is left behind).
    """
    from multiprocessing import forkserver, resource_tracker

    if _semaphores_held():
        gc.collect()  # the pool's queues unregister their semaphores when collected
    for helper in (getattr(forkserver, "_forkserver", None),
                   getattr(resource_tracker, "_resource_tracker", None)):
        stop = getattr(helper, "_stop", None)
        if callable(stop):
            stop()


def _semaphores_held() -> bool:
    """Whether a semaphore is still registered (its object not yet collected): the resource
    tracker would warn of it as leaked. Usually none is, once the pool is shut down, and a
    full collection of a big run's objects costs a tenth of a second or more."""
    from multiprocessing import synchronize, util

    # Private names, as for _stop above: the standard library has no public question for it.
    cleanup = getattr(synchronize.SemLock, "_cleanup", None)
    registry: dict[object, Any] = getattr(util, "_finalizer_registry", {})
    return cleanup is None or any(
        getattr(finalizer, "_callback", None) is cleanup and finalizer.still_active()
        for finalizer in list(registry.values()))
