"""Annotated copies of roster workbooks: flagged cells filled and commented, a findings sheet."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from census.errors import OutputError
from census.findings import Finding, message
from census.i18n import LANGUAGES, N_, Translator, translator
from census.model import Severity
from census.output import save_atomic
from census.read.book import RosterBook

if TYPE_CHECKING:
    import openpyxl
    from openpyxl.styles import PatternFill
    from openpyxl.worksheet.worksheet import Worksheet

# openpyxl is imported where a copy is written, not with census.validate: importing it costs
# `census validate` and every other command start-up time they do not need.
#: The first sheet, listing every finding ('Temuan' in Indonesian).
SHEET = N_("Findings")
ERROR_COLOUR, WARNING_COLOUR = "FFC7CE", "FFEB9C"


@cache
def _fill(error: bool) -> PatternFill:
    """The red (error) or yellow (warning) fill of a marked cell."""
    from openpyxl.styles import PatternFill

    return PatternFill("solid", fgColor=ERROR_COLOUR if error else WARNING_COLOUR)


_HEADERS = (N_("Sheet"), N_("Cell"), N_("Name"), N_("Code"), N_("Severity"), N_("Value"),
            N_("Message"))
#: A value that is a date (a date cell, or a serial read as one): written as a date.
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_FORMAT = "dd-mm-yyyy"
_AUTHOR = "census"


def annotate_workbook(
    book: RosterBook, findings: list[Finding], out_dir: Path, lang: str = "id"
) -> Path:
    """Write a copy of the book's workbook into `out_dir` with every finding marked.

    Flagged cells get a red (error) or yellow (warning) fill and one comment with all their
    messages; a finding about a whole row marks the row's first cell. A first sheet 'Temuan'
    ('Findings') lists every finding with a link to its cell. The original file is never written.
    Every word is in `lang`.
    """
    t = translator(lang)
    target = Path(out_dir) / book.path.name
    if target.exists() and target.resolve() == book.path.resolve():
        raise OutputError(N_(
            "The --annotate folder is the workbooks' own folder; the originals are never "
            "overwritten: {path}"
        ), path=out_dir)
    try:
        Path(out_dir).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            N_("Cannot create the folder {path}: {reason}"), path=out_dir, reason=exc.strerror
        ) from exc
    import openpyxl

    workbook = openpyxl.load_workbook(book.path)
    for language in LANGUAGES:  # a copy annotated before, in either language
        if translator(language)(SHEET) in workbook.sheetnames:
            del workbook[translator(language)(SHEET)]

    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.sheet is not None and finding.sheet in workbook.sheetnames \
                and finding.row is not None:
            by_cell[(finding.sheet, f"{finding.column or 'A'}{finding.row}")].append(finding)
    for (sheet, coordinate), here in by_cell.items():
        _mark(workbook[sheet], coordinate, here, t)

    _list_sheet(workbook, findings, t, _names(book))
    try:
        save_atomic(target, workbook.save)
    except OSError as exc:
        raise OutputError(
            N_("Cannot write {path}: {reason}"), path=target, reason=exc.strerror
        ) from exc
    return target


def _mark(sheet: Worksheet, coordinate: str, here: list[Finding], t: Translator) -> None:
    from openpyxl.cell.cell import MergedCell
    from openpyxl.comments import Comment

    cell = sheet[coordinate]
    if isinstance(cell, MergedCell):
        # Only the top-left cell of a merged range can hold a comment and a fill.
        for merged in sheet.merged_cells.ranges:
            if coordinate in merged:
                cell = sheet.cell(merged.min_row, merged.min_col)
                break
    error = any(f.severity == Severity.ERROR for f in here)
    cell.fill = _fill(error)
    lines = [f"[{f.code}] {message(f, t.lang)}" for f in here]
    if cell.comment is not None and cell.comment.author != _AUTHOR:
        lines.append(f"({cell.comment.author or '-'}: {cell.comment.text})")
    comment = Comment("\n".join(lines), _AUTHOR)
    comment.width = 360
    comment.height = min(80 + 45 * len(lines), 400)
    cell.comment = comment


def _names(book: RosterBook) -> dict[tuple[str, int], str]:
    """(sheet, worksheet row) → the name typed on that row."""
    rows = book.rows
    if rows.empty:
        return {}
    named = rows[rows["name"].notna()]
    return {(str(sheet), int(row)): str(name) for sheet, row, name in zip(
        named["sheet"].tolist(), named["row"].tolist(), named["name"].tolist(), strict=True)}


def _value(finding: Finding) -> object:
    """The finding's value as the secretary typed it: a date as a date, else the text."""
    value = finding.value or ""
    if _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _list_sheet(workbook: openpyxl.Workbook, findings: list[Finding], t: Translator,
                names: dict[tuple[str, int], str]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.hyperlink import Hyperlink

    listing = workbook.create_sheet(t(SHEET), 0)
    listing.append([t(header) for header in _HEADERS])
    for cell in listing[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for finding in findings:
        name = names.get((finding.sheet or "", finding.row or 0), "")
        listing.append([
            finding.sheet or "",
            finding.cell,
            name,
            finding.code,
            t.severity(finding.severity),
            _value(finding),
            message(finding, t.lang),
        ])
        row = listing.max_row
        listing.cell(row, 5).fill = _fill(finding.severity == Severity.ERROR)
        listing.cell(row, 3).number_format = "@"
        listing.cell(row, 6).number_format = (
            DATE_FORMAT if isinstance(listing.cell(row, 6).value, date) else "@")
        listing.cell(row, 7).alignment = Alignment(wrap_text=True, vertical="top")
        if finding.sheet is not None and finding.sheet in workbook.sheetnames \
                and finding.row is not None:
            link = listing.cell(row, 2)
            quoted = finding.sheet.replace("'", "''")
            link.hyperlink = Hyperlink(
                ref=link.coordinate, location=f"'{quoted}'!{finding.column or 'A'}{finding.row}"
            )
            link.style = "Hyperlink"
    # Wide enough for what they hold: the link text of the cell column is 'Data Vaksinasi!K46'.
    longest = {
        letter: max((len(str(c.value or "")) for c in listing[letter]), default=0)
        for letter in "ABCDEF"
    }
    caps = (32, 40, 32, 24, 12, 24)
    for letter, cap in zip("ABCDEF", caps, strict=True):
        listing.column_dimensions[letter].width = min(max(longest[letter] + 2, 10), cap)
    listing.column_dimensions["G"].width = 90
    listing.freeze_panes = "A2"
    if findings:
        listing.auto_filter.ref = f"A1:G{listing.max_row}"
    listing.print_title_rows = "1:1"
    listing.page_setup.orientation = "landscape"
    listing.page_setup.paperSize = listing.PAPERSIZE_A4
    listing.page_setup.fitToWidth = 1
    listing.page_setup.fitToHeight = 0
    listing.sheet_properties.pageSetUpPr.fitToPage = True
    listing.oddFooter.center.text = t("Page {page} of {pages}", page="&P", pages="&N")
    for sheet in workbook.worksheets:
        sheet.sheet_view.tabSelected = False
    listing.sheet_view.tabSelected = True
    workbook.active = 0
