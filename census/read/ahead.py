"""calamine reads a workbook's sheets in a thread, each as soon as the budget check has passed its
part, while the caller checks the next parts and reads the cells of the sheets already handed over.

calamine parses a sheet's XML without holding Python's lock (over half of a roster's reading),
so on a machine with two cores that parsing and census's own work on the cells overlap. The budget
still comes first: the workbook is opened only once the zip's directory has passed
(census.read.budget.check_zip), a sheet is parsed only once its part has passed, and an ODS (whose
sheets calamine parses when it opens the file) only once everything has passed.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from pathlib import Path

from census.read.calamine import open_calamine, read_sheet, worksheet_names

#: How many parsed sheets may wait for the caller: a bound on what the thread holds ahead.
_AHEAD = 2
_END = object()

#: One sheet as the thread hands it over: (name, cell values, (first row, first column), merged).
ParsedSheet = tuple[str, list[list], tuple[int, int], list]


class SheetsAhead:
    """The worksheets of the workbook at `path`, parsed by calamine in a thread, in the book's
    order. The budget check tells it what may be read (`directory_passed`, `sheet_passed`,
    `all_passed`); the caller takes the sheets with `next()` and ends with `close()` (always)."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._state = threading.Condition()
        self._may_open = False
        self._expected: dict[str, int] = {}  # sheet name → its parts not checked yet
        self._all = False
        self._stopped = False
        self._ready: deque[object] = deque()  # ParsedSheet, an exception, or _END
        self._thread = threading.Thread(target=self._run, name="census-sheets", daemon=True)
        self._thread.start()

    # What the budget check says -------------------------------------------------------------

    def directory_passed(self, sheet_parts: dict[str, int]) -> None:
        """Every part's size has passed; `sheet_parts`: sheet name → how many parts of the zip
        will be checked for it (a sheet is read once all have passed). Without them (an ODS, or
        no workbook.xml), nothing is opened before all_passed."""
        with self._state:
            self._expected = dict(sheet_parts)
            self._may_open = bool(sheet_parts)
            self._state.notify_all()

    def sheet_passed(self, sheet_name: str) -> None:
        """One part of sheet `sheet_name` has passed its check."""
        with self._state:
            if sheet_name in self._expected:
                self._expected[sheet_name] -= 1
            self._state.notify_all()

    def all_passed(self) -> None:
        """The whole workbook has passed: anything may be read."""
        with self._state:
            self._all = True
            self._state.notify_all()

    # What the caller takes ------------------------------------------------------------------

    def next(self) -> ParsedSheet | None:
        """The next worksheet, None after the last; a CensusError when calamine cannot read it."""
        with self._state:
            self._state.wait_for(lambda: bool(self._ready))
            if self._ready[0] is _END:
                return None  # left in place: every later call says the same
            item = self._ready.popleft()
            self._state.notify_all()
        if isinstance(item, BaseException):
            raise item
        return item  # type: ignore[return-value]

    def close(self) -> None:
        """Stop the thread (it finishes the sheet it is parsing) and wait for it."""
        with self._state:
            self._stopped = True
            self._state.notify_all()
        self._thread.join()

    # The thread -----------------------------------------------------------------------------

    def _wait(self, allowed: Callable[[], bool]) -> bool:
        """Wait until `allowed()` or until stopped; False when stopped."""
        with self._state:
            self._state.wait_for(lambda: self._stopped or allowed())
            return not self._stopped

    def _may_read(self, name: str) -> bool:
        return self._all or self._expected.get(name, 1) == 0

    def _hand_over(self, item: object) -> bool:
        with self._state:
            self._state.wait_for(lambda: self._stopped or len(self._ready) < _AHEAD)
            if self._stopped:
                return False
            self._ready.append(item)
            self._state.notify_all()
            return True

    def _run(self) -> None:
        try:
            if not self._wait(lambda: self._may_open or self._all):
                return
            book = open_calamine(self._path)
            try:
                for name in worksheet_names(book):
                    if not self._wait(lambda name=name: self._may_read(name)):  # type: ignore[misc]
                        return
                    if not self._hand_over((name, *read_sheet(book, name, self._path))):
                        return
            finally:
                book.close()
            self._hand_over(_END)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller, who raises it
            self._hand_over(exc)
