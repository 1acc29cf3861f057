"""Render the HTML reports from templates/report/ with Jinja2 (autoescape on)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from census.report.context import Section, SummaryPage, UnitPage
from census.resources import templates_dir


@cache
def environment() -> Environment:
    """The Jinja2 environment of the reports: autoescape on, undefined names are errors."""
    env = Environment(
        loader=FileSystemLoader(templates_dir()),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cells"] = cells
    return env


def cells(
    row: Sequence[object],
    numeric: Sequence[int] = (),
    nowrap: Sequence[int] = (),
    badge: Sequence[int] = (),
    flags: int = -1,
) -> Markup:
    """The <td> cells of one table row, each value escaped: `row|cells(numeric=(0,))`.

    A filter rather than a template loop because unit lists run to thousands of rows and a
    Jinja loop per cell costs several times more. `numeric` columns are right-aligned, `nowrap`
    ones do not wrap, non-empty `badge` values are shown as a badge; the `flags` column holds
    ' · '-separated flags, each shown as a badge.
    """
    parts = []
    for i, value in enumerate(row):
        text = escape(value)
        if i == flags and text:
            text = Markup("").join(
                Markup('<span class="badge">') + escape(flag) + Markup("</span> ")
                for flag in str(value).split(" · ")
            )
        elif i in badge and text:
            text = Markup('<span class="badge">') + text + Markup("</span>")
        if i in numeric:
            parts.append(f'<td class="num">{text}</td>')
        elif i in nowrap:
            parts.append(f'<td class="nowrap">{text}</td>')
        else:
            parts.append(f"<td>{text}</td>")
    return Markup("".join(parts))


def render_summary(page: SummaryPage) -> str:
    """templates/report/summary.html filled with `page`."""
    return environment().get_template("report/summary.html").render(page=page, t=page.t)


def render_unit(page: UnitPage) -> str:
    """templates/report/unit.html filled with `page`."""
    return environment().get_template("report/unit.html").render(page=page, t=page.t)


def render_sections(sections: Sequence[Section]) -> Markup:
    """templates/report/sections.html: headed tables as an HTML fragment (a letter's attachment)."""
    return Markup(environment().get_template("report/sections.html").render(sections=sections))
