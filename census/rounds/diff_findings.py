"""Which findings of a round were fixed and which are new since the one before (census.rounds.diff)."""

from __future__ import annotations

from collections import deque
from typing import Any

#: Passes of finding matching, strictest first: (same row, same value) — a date typed
#: differently this round ('11 Jun 2021', '11 Juni 2021') is still the same finding on its row;
#: a row moved by others added above it is still the same finding with its value.
_PASSES = ((True, True), (True, False), (False, True), (False, False))


def _finding_key(finding: dict[str, Any]) -> tuple[tuple[Any, ...], Any, Any]:
    """(unit, code, file, sheet, column), row, value of a finding."""
    return (tuple(finding.get(k) for k in ("unit", "code", "file", "sheet", "column")),
            finding.get("row"), finding.get("value"))


def _pass_key(key: tuple[tuple[Any, ...], Any, Any], row: bool, value: bool) -> tuple[Any, ...]:
    return key[0] + ((key[1],) if row else ()) + ((key[2],) if value else ())


def finding_changes(old: list[dict[str, Any]], new: list[dict[str, Any]]
                     ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(fixed, new) findings: each new one matched to an old one of the same unit, code, file,
    sheet and column, in the passes of _PASSES; what is left over on either side changed."""
    left_old = [(_finding_key(f), f) for f in old]
    left_new = [(_finding_key(f), f) for f in new]
    for row, value in _PASSES:
        pool: dict[tuple[Any, ...], deque[int]] = {}
        for index, (key, _f) in enumerate(left_old):
            pool.setdefault(_pass_key(key, row, value), deque()).append(index)
        used: set[int] = set()
        unmatched = []
        for key, finding in left_new:
            candidates = pool.get(_pass_key(key, row, value))
            if candidates:
                used.add(candidates.popleft())
            else:
                unmatched.append((key, finding))
        left_old = [f for i, f in enumerate(left_old) if i not in used]
        left_new = unmatched
    return [f for _k, f in left_old], [f for _k, f in left_new]


__all__ = ["finding_changes"]
