"""census.workers: a run's worker pool gives results in order, raises a worker's error, and
leaves no process behind; one worker means no process at all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from census.workers import WorkerPool


def descendant_pids() -> list[int]:
    """The processes this one started, and theirs (a pool's fork server forks the workers)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # ended while we looked
        parent = int(text[text.rindex(")") + 2 :].split()[1])
        parents.setdefault(parent, []).append(int(stat.parent.name))
    found, todo = [], [os.getpid()]
    while todo:
        children = parents.get(todo.pop(), [])
        found += children
        todo += children
    return found


def square_where(number: int) -> tuple[int, int]:
    """The square of `number` and the process that computed it."""
    return number * number, os.getpid()


def fail_on_three(number: int) -> int:
    if number == 3:
        raise ValueError("three is bad")
    return number


def test_one_worker_runs_everything_here_without_a_process() -> None:
    before = descendant_pids()
    with WorkerPool(1, []) as pool:
        batch = pool.submit(square_where, [1, 2, 3])
        assert descendant_pids() == before
        done = batch.results()
    assert done == [(1, os.getpid()), (4, os.getpid()), (9, os.getpid())]


def test_workers_give_results_in_order_and_end_with_the_pool() -> None:
    before = descendant_pids()
    with WorkerPool(2, ["tests.test_workers"]) as pool:
        sent = pool.submit(square_where, list(range(8))).results()
        alone = pool.submit(square_where, [7]).results()  # one job too: the caller works on
        # map: this process takes items from the end while the workers start; same results.
        mapped = pool.map(square_where, list(range(12)))
        workers = {pid for _, pid in sent + alone}
    assert [square for square, _ in sent] == [n * n for n in range(8)]
    assert [square for square, _ in alone] == [49]
    assert os.getpid() not in workers and len(workers) <= 2
    assert [square for square, _ in mapped] == [n * n for n in range(12)]
    assert {pid for _, pid in mapped} <= workers | {os.getpid()}
    assert descendant_pids() == before


def test_a_workers_error_is_raised_and_no_process_is_left() -> None:
    before = descendant_pids()
    with pytest.raises(ValueError, match="three is bad"), WorkerPool(2, []) as pool:
        pool.map(fail_on_three, list(range(6)))
    assert descendant_pids() == before


def census_location(_: int) -> str:
    """Where the process running this found the census package."""
    import census

    return str(Path(census.__file__).resolve())


def test_workers_run_this_census_when_run_from_a_folder_holding_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A second checkout in the current folder: its census must not be the workers' code.
    (tmp_path / "census").mkdir()
    (tmp_path / "census" / "__init__.py").write_text("DECOY = True\n")
    monkeypatch.chdir(tmp_path)
    import census

    with WorkerPool(2, ["census.workers"]) as pool:
        found = pool.submit(census_location, [1, 2, 3, 4]).results()
    assert found == [str(Path(census.__file__).resolve())] * 4
