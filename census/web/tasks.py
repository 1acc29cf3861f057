"""The task queue's jobs (huey, SQLite storage): census runs, outside the request.

`census serve` works the queue in a thread of its own process (`work_queue`); behind gunicorn,
`census manage run_huey` is the worker.
"""

from __future__ import annotations

import logging
import threading

from django.db import transaction
from huey.contrib.djhuey import HUEY, db_task

from census.web import audit, runner
from census.web.models import Account, CensusRun, Round

log = logging.getLogger(__name__)


@db_task()
def census_run_task(run_id: int) -> None:
    """Run one recorded census run (see census.web.runner.execute)."""
    runner.execute(run_id)


def start_run(round_: Round, account: Account) -> CensusRun:
    """Record a run of the round's current files and queue it (the request returns at once)."""
    with transaction.atomic():
        run = CensusRun.objects.create(round=round_, started_by=account,
                                       previous=runner.previous_run(round_))
        run.submissions.set(runner.current_submissions(round_))
        run.department_files.set(runner.active_department_files(round_))
    audit.record(account, "run-started", run, f"round {round_.pk}")
    transaction.on_commit(lambda: census_run_task(run.pk))
    return run


def work_queue(stop: threading.Event, poll_seconds: float = 0.5) -> None:
    """Take tasks off the queue and run them, one at a time, until `stop` is set."""
    while not stop.is_set():
        task = HUEY.dequeue()
        if task is None:
            stop.wait(poll_seconds)
            continue
        try:
            HUEY.execute(task)
        except Exception as exc:  # noqa: BLE001 - one failed task must not stop the worker
            log.error("task failed: %s", type(exc).__name__)


def start_worker() -> tuple[threading.Thread, threading.Event]:
    """A daemon thread working the queue (for `census serve`)."""
    stop = threading.Event()
    thread = threading.Thread(target=work_queue, args=(stop,), name="census-queue", daemon=True)
    thread.start()
    return thread, stop
