"""Findings fixed and findings new between two versions of a unit's workbook.

A finding is the same finding in both versions when it has the same code, sheet, column and
value; when a row was inserted or deleted above it, its row number moved, so the row is used
only to pair identical findings in order. Plain Python over the stored rows (no pandas).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar


class Comparable(Protocol):
    """The fields of a stored finding that identify it (SubmissionFinding has them)."""

    code: str
    sheet: str
    row: int | None
    column: str
    value: str


F = TypeVar("F", bound=Comparable)


@dataclass(frozen=True)
class Changes(Generic[F]):
    """`fixed`: in the previous version, gone now. `new`: now, not before. `kept`: in both."""

    fixed: list[F]
    new: list[F]
    kept: list[F]


def compare(previous: Sequence[F], current: Sequence[F]) -> Changes[F]:
    """Pair the findings of two versions (exact place first, then the same finding moved)."""
    remaining = list(previous)
    new: list[F] = []
    kept: list[F] = []
    unmatched: list[F] = []
    exact = _index(remaining, lambda f: (f.code, f.sheet, f.row, f.column, f.value))
    for finding in current:
        bucket = exact.get((finding.code, finding.sheet, finding.row, finding.column, finding.value))
        if bucket:
            kept.append(finding)
            bucket.pop(0)
        else:
            unmatched.append(finding)
    left = [f for bucket in exact.values() for f in bucket]
    moved = _index(left, lambda f: (f.code, f.sheet, f.column, f.value))
    for finding in unmatched:
        bucket = moved.get((finding.code, finding.sheet, finding.column, finding.value))
        if bucket:
            kept.append(finding)
            bucket.pop(0)
        else:
            new.append(finding)
    fixed = [f for bucket in moved.values() for f in bucket]
    order = {id(f): i for i, f in enumerate(previous)}
    fixed.sort(key=lambda f: order[id(f)])
    return Changes(fixed=fixed, new=new, kept=kept)


def _index(findings: Iterable[F], key: Callable[[F], Hashable]) -> dict[Hashable, list[F]]:
    grouped: dict[Hashable, list[F]] = defaultdict(list)
    for finding in findings:
        grouped[key(finding)].append(finding)
    return grouped
