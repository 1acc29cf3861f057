"""What the reports print about the change since the previous round (`census run --previous`).

Typed contexts only: census.rounds fills them (every word already in the report's language, NIKs
masked, a unit's lists holding its own people); templates/report/_since.html and
_since_unit.html print them, census.report.excel_since writes them as a sheet. A run without
`--previous` has none, and the reports look as they always did.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup


@dataclass(frozen=True)
class SinceFigure:
    """A headline number of the change section: `label`, `value` as printed."""

    label: str
    value: str


@dataclass(frozen=True)
class SinceRow:
    """A unit in the before → after table: `cells` printed in the order of SummarySince.head
    (unit name first); `state`: 'up', 'down' or 'same' (coverage); `code`: the unit code."""

    code: str
    cells: tuple[str, ...]
    state: str


@dataclass(frozen=True)
class RoundSeries:
    """One line of the coverage-over-rounds chart: a unit's name and its coverage (0–1, None
    where it had nobody eligible) in each round of SummarySince.rounds."""

    name: str
    values: list[float | None]


@dataclass(frozen=True)
class SummarySince:
    """Context of templates/report/_since.html: the summary's "Perubahan sejak <tanggal>".

    `title`: the section heading. `note`: one line on how to read it. `figures`: headline
    numbers. `head`: column heads of the table; `rows`: one per unit, `total`: the department.
    `moved_most`, `not_moved`: a sentence each naming units. `rounds`: printed census dates of
    every round so far (oldest first); `series`: coverage per unit over them; `chart`: the same
    as an inline SVG; `chart_title`; `sheet`: the xlsx sheet name.
    """

    title: str
    note: str
    figures: list[SinceFigure]
    head: list[str]
    rows: list[SinceRow]
    total: SinceRow
    moved_most: str
    not_moved: str
    rounds: list[str]
    series: list[RoundSeries]
    chart_title: str
    chart: Markup
    sheet: str


@dataclass(frozen=True)
class SinceList:
    """A list of people in a unit's change section: `title`, column `head`, text `rows`."""

    title: str
    head: list[str]
    rows: list[tuple[str, ...]]


@dataclass(frozen=True)
class UnitSince:
    """Context of templates/report/_since_unit.html: a unit pack's short change section.

    `title`: heading; `summary`: one sentence (coverage before → after, counts); `lists`: who
    completed since, who is newly overdue (this unit's people only, NIKs masked); `empty`: what
    an empty list says; `sheet`: the xlsx sheet name.
    """

    title: str
    summary: str
    lists: list[SinceList]
    empty: str
    sheet: str


@dataclass(frozen=True)
class SinceReport:
    """Everything the reports print about the change: the summary's section and each unit's."""

    summary: SummarySince
    units: dict[str, UnitSince] = field(default_factory=dict)
