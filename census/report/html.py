"""Render the HTML reports from templates/report/ with Jinja2 (autoescape on)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from census.report.context import PeopleList, Section, SummaryPage, UnitPage
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
    env.filters["people_rows"] = people_rows
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


def _escaped(value: object) -> str:
    """`value` escaped as markupsafe.escape escapes it, as a plain str: five str.replace calls
    cost less than a Markup per cell (or str.translate, slow on the long reminder links)."""
    text = value if isinstance(value, str) else str(value)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("'", "&#39;").replace('"', "&#34;"))


#: Joins a column's texts so that they are escaped in one pass; split again after.
_SEPARATOR = "\x00"


def escaped_column(values: Sequence[object]) -> list[str]:
    """Each value escaped as `_escaped` escapes it: the texts joined by a separator that no
    escape touches, escaped as one text (five replace calls in C for the whole column instead
    of five per cell) and split again. A text holding the separator itself (it cannot split
    back into as many cells) is escaped a cell at a time. For plain text (PeopleList rows):
    a Markup value would be escaped again."""
    texts = [v if isinstance(v, str) else str(v) for v in values]
    joined = _SEPARATOR.join(texts)
    if joined.count(_SEPARATOR) != len(texts) - 1 or not texts:
        return [_escaped(v) for v in texts]
    return _escaped(joined).split(_SEPARATOR)


def people_rows(people: PeopleList, text: str) -> Markup:
    """Every <tr> of a list of people at once, `list|people_rows(t("Text"))`: for each row
    the cells `cells` writes (numeric, nowrap and badge columns of `people`),
    class 'late' on overdue rows and — when anyone of the list has a phone — a last cell with
    the wa.me link and the reminder's text (`text` heads it).

    A filter rather than a template loop because unit lists run to tens of thousands of rows:
    the values are escaped a column at a time, several times faster than a Jinja loop.
    """
    if not people.rows:
        return Markup("")
    columns = []
    for i, column in enumerate(zip(*people.rows, strict=True)):
        texts = escaped_column(column)
        if i in people.badge:
            texts = [f'<span class="badge">{v}</span>' if v else v for v in texts]
        start = '<td class="num">' if i in people.numeric else (
            '<td class="nowrap">' if i in people.nowrap else "<td>")
        columns.append([f"{start}{v}</td>" for v in texts])
    if people.reminders:
        summary = f"<summary>{_escaped(text)}</summary>"
        given = [r for r in people.reminders if r is not None]
        links = iter(escaped_column([r.link for r in given]))
        words = iter(escaped_column([r.text for r in given]))
        columns.append([
            '<td class="reminder"></td>' if r is None else (
                f'<td class="reminder"><a class="wa" href="{next(links)}" target="_blank" '
                f'rel="noopener noreferrer">WA</a><details>{summary}{next(words)}'
                "</details></td>")
            for r in people.reminders
        ])
    late = people.late or [False] * len(people.rows)
    starts = ['<tr class="late">' if flag else "<tr>" for flag in late]
    return Markup("".join(
        f"{start}{''.join(row)}</tr>"
        for start, row in zip(starts, zip(*columns, strict=True), strict=True)
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
