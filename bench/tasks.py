"""One measured task per process (`python -m bench.tasks TASK INPUTS`), for `make bench`.

Each task imports what it needs, then times only its work and prints one JSON line:
`{"task": ..., "wall": s, "cpu": s, "rows": n, "grow_mib": MiB, ...}`. `grow_mib` is how far the
resident memory rose above what it was when the timed work began (the kernel's peak, reset
then), so an import or an untimed preparation does not count. The parent measures the whole process
(os.wait4: wall, CPU, peak memory).
"""

from __future__ import annotations

import argparse
import gc
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

AS_OF = date(2022, 3, 31)


def _status_mib(field: str) -> float:
    """A memory figure of this process from /proc/self/status (VmRSS, VmHWM), in MiB."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak() -> bool:
    """Reset this process's peak resident memory (VmHWM) to its current size (Linux >= 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        return False
    return True


@contextmanager
def _measured(out: dict[str, Any]) -> Iterator[None]:
    """Time the block (wall, CPU of this process) and how far its resident memory rose above
    what it was when the block began (the kernel's peak, reset at the start) into `out`."""
    gc.collect()
    reset = _reset_peak()
    start_rss = _status_mib("VmRSS")
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield
    finally:
        out["wall"] = time.perf_counter() - wall
        out["cpu"] = time.process_time() - cpu
        peak = _status_mib("VmHWM") if reset else _status_mib("VmRSS")
        out["grow_mib"] = peak - start_rss


def _rosters(inputs: Path) -> list[Path]:
    from census.read import find_inputs

    return find_inputs(inputs)[0]


def read_census(inputs: Path) -> dict[str, Any]:
    """census.read.read_workbook on every roster workbook."""
    from census.read import read_workbook

    paths = _rosters(inputs)
    out: dict[str, Any] = {}
    with _measured(out):
        out["rows"] = sum(len(read_workbook(path).rows) for path in paths)
    return out


def read_calamine(inputs: Path) -> dict[str, Any]:
    """Raw python-calamine: every sheet of every roster workbook as Python lists."""
    from python_calamine import CalamineWorkbook

    paths = _rosters(inputs)
    out: dict[str, Any] = {}
    with _measured(out):
        rows = 0
        for path in paths:
            book = CalamineWorkbook.from_path(str(path))
            rows += sum(len(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names)
            book.close()
        out["rows"] = rows
    return out


def read_pandas(inputs: Path) -> dict[str, Any]:
    """pandas.read_excel with openpyxl: every sheet of every roster workbook."""
    import pandas as pd

    paths = _rosters(inputs)
    out: dict[str, Any] = {}
    with _measured(out):
        out["rows"] = sum(
            len(frame) for path in paths
            for frame in pd.read_excel(path, sheet_name=None, engine="openpyxl").values()
        )
    return out


def validate(inputs: Path) -> dict[str, Any]:
    """The validation checks alone (census.validate.validate_books) on the read workbooks."""
    from census.read import read_workbook
    from census.rules import default_rules
    from census.validate import validate_books

    books = [read_workbook(path) for path in _rosters(inputs)]
    rules = default_rules()
    out: dict[str, Any] = {"rows": sum(len(book.rows) for book in books)}
    with _measured(out):
        out["findings"] = len(validate_books(books, AS_OF, rules))
    return out


def export(inputs: Path) -> dict[str, Any]:
    """Reading the health-office exports as `census run` does (after the rosters)."""
    import pandas as pd

    from census.compute import read_exports
    from census.read import find_inputs, read_workbook

    rosters, exports = find_inputs(inputs)
    roster = pd.concat([read_workbook(path).rows for path in rosters], ignore_index=True)
    out: dict[str, Any] = {}
    with _measured(out):
        tables, _ = read_exports(exports, roster)
        out["rows"] = sum(len(table) for table in tables)
    return out


TASKS: dict[str, Callable[[Path], dict[str, Any]]] = {
    "read-census": read_census,
    "read-calamine": read_calamine,
    "read-pandas": read_pandas,
    "validate": validate,
    "export": export,
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("task", choices=sorted(TASKS))
    parser.add_argument("inputs", type=Path)
    args = parser.parse_args(argv)
    result = TASKS[args.task](args.inputs)
    print(json.dumps({"task": args.task, **result}))


if __name__ == "__main__":
    main()
