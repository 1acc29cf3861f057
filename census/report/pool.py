"""Worker processes for the reports (unit packs, PDFs): ending them with the run."""

from __future__ import annotations

import gc


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
