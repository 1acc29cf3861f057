"""Render the HTML reports from templates/report/ with Jinja2 (autoescape on)."""

from __future__ import annotations

import re
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
    env.filters["table_rows"] = table_rows
    env.filters["css_string"] = css_string
    env.filters["css_pages"] = css_pages
    return env


def css_string(text: object) -> Markup:
    """`text` as a quoted CSS string (for `content:` of a printed page's header): quotes,
    backslashes and line breaks escaped, and '<' too, so it cannot close the <style> element."""
    escaped = "".join(
        f"\\{ord(c):x} " if c in '"\\<>\n\r' or ord(c) < 32 else c for c in str(text)
    )
    return Markup(f'"{escaped}"')


def css_pages(text: str) -> Markup:
    """A footer's words with {page} and {pages} ('Halaman {page} dari {pages}') as a CSS
    `content:` value: '"Halaman " counter(page) " dari " counter(pages)'."""
    parts = re.split(r"(\{page\}|\{pages\})", text)
    values = [
        "counter(page)" if part == "{page}" else "counter(pages)" if part == "{pages}"
        else str(css_string(part))
        for part in parts if part
    ]
    return Markup(" ".join(values))


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


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&#39;", '"': "&#34;"})


def table_rows(
    rows: Sequence[Sequence[object]],
    numeric: Sequence[int] = (),
    nowrap: Sequence[int] = (),
    badge: Sequence[int] = (),
    late: Sequence[bool] = (),
) -> Markup:
    """Every <tr> of a long table at once, `rows|table_rows(numeric=(0,), late=flags)`: the
    same cells as `cells` row by row, rendered a column at a time (each column's values escaped
    in one pass, as markupsafe escapes them); rows whose `late` flag is set get class 'late'."""
    if not rows:
        return Markup("")
    columns = []
    for i, column in enumerate(zip(*rows, strict=True)):
        texts = [(v if isinstance(v, str) else str(v)).translate(_ESCAPES) for v in column]
        if i in badge:
            texts = [f'<span class="badge">{text}</span>' if text else text for text in texts]
        start = '<td class="num">' if i in numeric else (
            '<td class="nowrap">' if i in nowrap else "<td>")
        columns.append([f"{start}{text}</td>" for text in texts])
    starts = ['<tr class="late">' if flag else "<tr>" for flag in late] if late else (
        ["<tr>"] * len(rows))
    return Markup("".join(
        f"{start}{''.join(cells)}</tr>" for start, cells in zip(starts, zip(*columns, strict=True), strict=True)
    ))


def render_summary(page: SummaryPage) -> str:
    """templates/report/summary.html filled with `page`."""
    return environment().get_template("report/summary.html").render(page=page, t=page.t)


def render_unit(page: UnitPage) -> str:
    """templates/report/unit.html filled with `page`."""
    return environment().get_template("report/unit.html").render(page=page, t=page.t)


def render_sections(sections: Sequence[Section]) -> Markup:
    """templates/report/sections.html: headed tables as an HTML fragment (a letter's attachment)."""
    return Markup(environment().get_template("report/sections.html").render(sections=sections))
