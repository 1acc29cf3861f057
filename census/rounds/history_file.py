"""The shape of history.json (census.rounds.history writes it, census.rounds.snapshot reads it)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel
from typing_extensions import TypedDict


class UnitRound(BaseModel):
    """A unit in one round: display name, people counted, coverage (None: nobody eligible)."""

    name: str
    total: int
    coverage: float | None


class RoundEntry(BaseModel):
    """One round: census date, the folder it was read from, people, coverage, units."""

    as_of: date
    folder: str
    persons: int
    coverage: float | None
    units: dict[str, UnitRound]


class PersonHistory(TypedDict):
    """One person over the rounds; every list has one entry per round (None: not in it).

    A plain dict (validated when history.json is read): a run builds and writes one per person,
    a million of them at a million people, where a model per person would cost seconds.

    `person_id`: the id in the last round the person is in. `name`, `nik`: as in that round
    (the NIK as typed when it is not usable). `ids`: the person's id in each round (it changes
    when a NIK is corrected). `status`, `overdue`: on each round's census date. `units`: the
    person's units in each round, joined with ';'.
    """

    person_id: str
    name: str
    nik: str | None
    ids: list[str | None]
    status: list[str | None]
    overdue: list[bool | None]
    units: list[str | None]


class History(BaseModel):
    """The shape of OUT/history.json (rounds oldest first; the last is the run that wrote it)."""

    format: Literal["census-history"] = "census-history"
    version: int = 1
    rounds: list[RoundEntry]
    persons: list[PersonHistory]

    def coverage(self, unit: str) -> list[float | None]:
        """The unit's coverage in each round (None where it had no eligible people or no row)."""
        return coverage_of(self.rounds, unit)


def coverage_of(rounds: list[RoundEntry], unit: str) -> list[float | None]:
    """A unit's coverage in each of `rounds` (None where it had no eligible people or no row)."""
    return [r.units[unit].coverage if unit in r.units else None for r in rounds]


__all__ = ["History", "PersonHistory", "RoundEntry", "UnitRound", "coverage_of"]
